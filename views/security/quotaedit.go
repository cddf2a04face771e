package security

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// The fields of the quota form, in order: the entity, then one per
// quota key (quotaKeys).
const (
	quotaUser = iota
	quotaClient
	quotaFirstValue
)

// quotaStep is where a quota edit stands.
type quotaStep int

const (
	quotaForm    quotaStep = iota // editing
	quotaDryRun                   // the broker validates the change
	quotaConfirm                  // the diff shows; y applies
	quotaApply                    // the change is being applied
)

// byteUnits are the units a byte rate takes, longest first.
var byteUnits = []struct {
	name  string
	bytes float64
}{
	{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1},
}

// parseQuota reads a value: a byte rate takes a unit ("1MiB", "500KB"),
// the percentage a trailing %; both must be above zero.
func parseQuota(k, raw string) (float64, error) {
	s := strings.TrimSpace(raw)
	mult := 1.0
	if k == kafkaops.QuotaRequestPercentage {
		s = strings.TrimSuffix(s, "%")
	} else {
		for _, u := range byteUnits {
			if num, ok := strings.CutSuffix(s, u.name); ok {
				s, mult = strings.TrimSpace(num), u.bytes
				break
			}
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		if k == kafkaops.QuotaRequestPercentage {
			return 0, fmt.Errorf("a percentage, e.g. 50 (empty removes it)")
		}
		return 0, fmt.Errorf("bytes per second: 1048576 or 1MiB (empty removes it)")
	case v <= 0:
		return 0, fmt.Errorf("must be above zero (empty removes the quota)")
	}
	return v * mult, nil
}

// EditQuota sets and removes the client quotas of one entity: the user
// and/or client id (<default> for the default entity; fixed when editing
// an existing entity), and producer_byte_rate, consumer_byte_rate and
// request_percentage, each validated as you type (empty removes it).
// enter asks the broker to validate the change (validateOnly) and shows
// the diff; y applies it.
type EditQuota struct {
	formBase
	before map[string]float64 // the entity's values when the screen opened
	isNew  bool
	others []kafkaops.Quota // every entity's quotas, for a new entity that has some
	loadID uint64
	step   quotaStep
	alter  kafkaops.QuotaAlter
}

var _ kit.Screen = (*EditQuota)(nil)

// NewEditQuota returns the quota form for q's entity, or for a new entity
// when q is nil.
func NewEditQuota(svc kafkaops.Service, st *theme.Styles, q *kafkaops.Quota) kit.Screen {
	e := &EditQuota{isNew: q == nil, before: map[string]float64{}}
	e.formBase = newFormBase(svc, st, "dry run", fieldSet{keys: newFieldKeys(), fields: []field{
		{label: "User", placeholder: "alice, <default>, or empty"},
		{label: "Client ID", placeholder: "app-1, <default>, or empty"},
		{label: "Producer bytes/s", placeholder: "no limit"},
		{label: "Consumer bytes/s", placeholder: "no limit"},
		{label: "Request %", placeholder: "no limit"},
	}})
	if q != nil {
		e.form.fields[quotaUser].in.SetValue(q.Entity.User)
		e.form.fields[quotaClient].in.SetValue(q.Entity.ClientID)
		e.form.fields[quotaUser].locked = true
		e.form.fields[quotaClient].locked = true
		for i, k := range quotaKeys {
			if v, ok := q.Values[k]; ok {
				e.before[k] = v
				e.form.fields[quotaFirstValue+i].in.SetValue(strconv.FormatFloat(v, 'f', -1, 64))
			}
		}
		e.form.focus = quotaFirstValue
	}
	e.SetSize(80, 24)
	return e
}

// Init loads every entity's quotas when adding, so that an entity that
// has quotas already is diffed against them; an edit starts from the
// list's values.
func (e *EditQuota) Init() tea.Cmd {
	if !e.isNew {
		return nil
	}
	svc := e.svc
	var cmd tea.Cmd
	e.loadID, cmd = kit.Ask(&e.Asker, func(ctx context.Context) ([]kafkaops.Quota, error) {
		return svc.DescribeQuotas(ctx, kafkaops.QuotaEntity{})
	}, func(id uint64, qs []kafkaops.Quota, err error) tea.Msg {
		return quotasMsg{reqID: id, quotas: qs, err: err}
	})
	return cmd
}

// quotasMsg is the answer to DescribeQuotas.
type quotasMsg struct {
	reqID  uint64
	quotas []kafkaops.Quota
	err    error
}

// exists reports whether the entity has quotas already (a new entity's
// form named one that has).
func (e *EditQuota) exists(ent kafkaops.QuotaEntity) bool {
	for _, q := range e.others {
		if q.Entity == ent {
			return true
		}
	}
	return false
}

// current is the entity's values now: those it opened with, or for a
// new entity those it turns out to have.
func (e *EditQuota) current() map[string]float64 {
	if !e.isNew {
		return e.before
	}
	ent := e.entity()
	for _, q := range e.others {
		if q.Entity == ent {
			return q.Values
		}
	}
	return map[string]float64{}
}

// Update handles keys, pastes and the broker's answers.
func (e *EditQuota) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case quotasMsg:
		if msg.reqID == e.loadID {
			e.others = msg.quotas // on an error the form works without
		}
		return e, nil
	case doneMsg:
		if msg.reqID == e.reqID {
			return e, e.answered(msg.err)
		}
		return e, nil
	case tea.KeyPressMsg:
		return e, e.key(msg)
	}
	if e.step == quotaForm {
		e.edit(msg)
	}
	return e, nil
}

func (e *EditQuota) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, e.keys.Back) && e.step == quotaConfirm:
		e.step, e.failure = quotaForm, ""
		return nil
	case kit.Matches(msg, e.keys.Back):
		return kit.Pop()
	case e.step == quotaForm && kit.Matches(msg, e.keys.Submit):
		return e.dryRun()
	case e.step == quotaConfirm && msg.String() == "y":
		return e.apply()
	case e.step == quotaForm:
		e.edit(msg)
	}
	return nil
}

// entity is who the form's quotas apply to.
func (e *EditQuota) entity() kafkaops.QuotaEntity {
	return kafkaops.QuotaEntity{User: e.form.fields[quotaUser].value(), ClientID: e.form.fields[quotaClient].value()}
}

// check validates the form and builds the change: the notes per field,
// the change, and whether it is valid.
func (e *EditQuota) check() ([]kit.Note, kafkaops.QuotaAlter, bool) {
	notes := make([]kit.Note, len(e.form.fields))
	a := kafkaops.QuotaAlter{Entity: e.entity(), Set: map[string]float64{}}
	before := e.current()
	ok := true
	if e.isNew && e.exists(a.Entity) {
		notes[quotaUser] = kit.WarnNote("has quotas already: empty fields keep theirs")
	}
	if e.isNew {
		switch {
		case a.Entity.User == "" && a.Entity.ClientID == "":
			notes[quotaUser], ok = kit.ErrNote("a user, a client id, or both"), false
		case a.Entity.User == kafkaops.QuotaDefault:
			notes[quotaUser] = kit.HintNote("every user without quotas of its own")
		}
		if a.Entity.ClientID == kafkaops.QuotaDefault {
			notes[quotaClient] = kit.HintNote("every client id without its own")
		}
	}
	for i, k := range quotaKeys {
		raw := e.form.fields[quotaFirstValue+i].value()
		_, had := before[k]
		if raw == "" {
			// Adding, an empty field leaves a quota the entity turns out
			// to have as it is; editing, it removes the one shown.
			if had && !e.isNew {
				a.Remove = append(a.Remove, k)
				notes[quotaFirstValue+i] = kit.WarnNote("removed: no limit")
			}
			continue
		}
		v, err := parseQuota(k, raw)
		if err != nil {
			notes[quotaFirstValue+i], ok = kit.ErrNote(err.Error()), false
			continue
		}
		if old, had := before[k]; !had || old != v {
			a.Set[k] = v
		}
		notes[quotaFirstValue+i] = kit.HintNote(quotaHint(k, v))
	}
	return notes, a, ok
}

// diff is the change in words, one line per quota that changes.
func (e *EditQuota) diff(a kafkaops.QuotaAlter) []string {
	var out []string
	was := func(k string) string {
		if v, ok := e.current()[k]; ok {
			return strconv.FormatFloat(v, 'f', -1, 64) + " (" + formatQuota(k, v) + ")"
		}
		return "no limit"
	}
	for _, k := range quotaKeys {
		if v, ok := a.Set[k]; ok {
			out = append(out, fmt.Sprintf("%s: %s → %s (%s)", k, was(k), strconv.FormatFloat(v, 'f', -1, 64), formatQuota(k, v)))
		}
		for _, r := range a.Remove {
			if r == k {
				out = append(out, fmt.Sprintf("%s: %s → removed (no limit)", k, was(k)))
			}
		}
	}
	return out
}

// dryRun asks the broker to validate the change.
func (e *EditQuota) dryRun() tea.Cmd {
	_, a, ok := e.check()
	switch {
	case !ok:
		e.refuse()
		return nil
	case len(a.Set) == 0 && len(a.Remove) == 0:
		e.failure = "nothing to change: every value is as it was"
		return nil
	}
	e.alter, e.step, e.failure = a, quotaDryRun, ""
	return e.send(true)
}

// apply sends the change the diff shows.
func (e *EditQuota) apply() tea.Cmd {
	e.step = quotaApply
	return e.send(false)
}

// send sends the change, as a dry run or for real.
func (e *EditQuota) send(validateOnly bool) tea.Cmd {
	a, svc := e.alter, e.svc
	a.ValidateOnly = validateOnly
	return e.do(func(ctx context.Context) error { return svc.AlterQuotas(ctx, a) })
}

// answered moves on after the dry run or the change.
func (e *EditQuota) answered(err error) tea.Cmd {
	switch e.step {
	case quotaDryRun:
		if err != nil {
			e.step, e.failure = quotaForm, "the broker refused the change: "+explain("change client quotas", err)
			return nil
		}
		e.step = quotaConfirm
	case quotaApply:
		if err != nil {
			e.step, e.failure = quotaConfirm, explain("change client quotas", err)
			return kit.Status(e.failure, true)
		}
		done := "changed the client quotas of " + kit.Sanitize(e.alter.Entity.String())
		return tea.Batch(changed(whatQuotas), kit.Status(done, false), kit.Pop())
	}
	return nil
}

// Title names the screen.
func (e *EditQuota) Title() string {
	if e.isNew {
		return "New client quota"
	}
	return "Quotas of " + kit.Sanitize(e.entity().String())
}

// ShortHelp lists the keys for the bottom line.
func (e *EditQuota) ShortHelp() []key.Binding {
	switch e.step {
	case quotaConfirm:
		return []key.Binding{key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "apply")), kit.EscKey("edit")}
	case quotaForm:
		return []key.Binding{e.keys.Next, e.keys.Submit, e.keys.Back}
	}
	return []key.Binding{e.keys.Back} // a dry run or apply in flight
}

// FullHelp lists every key.
func (e *EditQuota) FullHelp() [][]key.Binding {
	return [][]key.Binding{{e.keys.Next, e.keys.Prev}, e.ShortHelp()}
}

// View draws the form, then the diff once the broker validated it.
func (e *EditQuota) View() string {
	st := e.st
	w := max(e.width, 20)
	notes, a, _ := e.check()
	fl := e.form.lines(st, w, notes, e.step == quotaForm)
	fl.Add("")
	fl.Add(kit.Wrapped(st.Subtle, "(kscope's bundled broker stores quotas; it does not enforce them)", w)...)
	if e.step >= quotaConfirm {
		fl.Add("")
		lo := len(fl.Lines)
		fl.Add(st.Warning.Render(kit.Truncate("  Changes for "+kit.Sanitize(a.Entity.String())+":", w)))
		for _, l := range e.diff(e.alter) {
			fl.Add(kit.Truncate("    "+l, w))
		}
		fl.Lo, fl.Hi = lo, len(fl.Lines)
	}
	var footer []string
	switch {
	case e.failure != "":
		footer = kit.Wrapped(st.Error, "✗ "+e.failure, w)
	case e.step == quotaDryRun:
		footer = []string{st.Accent.Render("  asking the broker to validate (dry run)…")}
	case e.step == quotaApply:
		footer = []string{st.Accent.Render("  applying…")}
	case e.step == quotaConfirm:
		footer = kit.Wrapped(st.Subtle, "the broker accepted the dry run · y applies · esc edits", w)
	default:
		footer = kit.Wrapped(st.Subtle, "enter: dry run and diff · empty removes a quota · esc cancels", w)
	}
	title := "Client quotas of " + kit.Sanitize(a.Entity.String())
	if e.isNew {
		title = "Client quotas for a new entity"
	}
	return e.page(title, fl, footer)
}

// quotaHint says how a typed value reads: "= 1048576 B/s (1MiB)", "= 50%".
func quotaHint(k string, v float64) string {
	if k == kafkaops.QuotaRequestPercentage {
		return "= " + formatQuota(k, v) + " of one thread"
	}
	return "= " + strconv.FormatFloat(v, 'f', -1, 64) + " B/s (" + formatQuota(k, v) + ")"
}
