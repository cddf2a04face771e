package groups

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// ResetScope is what an offset reset covers: every committed topic
// (Topic ""), one topic (Partition kafkaops.AllPartitions) or one
// partition.
type ResetScope struct {
	Topic     string
	Partition int
}

// String says the scope in words.
func (s ResetScope) String() string {
	switch {
	case s.Topic == "":
		return "all committed topics"
	case s.Partition == kafkaops.AllPartitions:
		return "topic " + kit.Sanitize(s.Topic)
	}
	return "partition " + kit.Sanitize(s.Topic) + "/" + strconv.Itoa(s.Partition)
}

// resetPlannedMsg is the answer to a dry run, or to the applied reset.
type resetPlannedMsg struct {
	reqID   uint64
	changes []kafkaops.OffsetChange
	err     error
	applied bool
}

// resetStage is where the offset reset is: choosing, looking at the dry
// run, or applying.
type resetStage int

const (
	stageForm resetStage = iota
	stagePlanning
	stageDryRun
	stageApplying
)

// resetField is a field of the reset form.
type resetField int

const (
	fieldScope resetField = iota
	fieldTarget
	fieldValue
	fieldCount
)

var resetKinds = []kafkaops.ResetKind{kafkaops.ResetEarliest, kafkaops.ResetLatest, kafkaops.ResetTime, kafkaops.ResetOffset, kafkaops.ResetShift}

// OffsetReset moves a group's committed offsets in three steps: a form
// (scope; earliest, latest, a time, an offset or a shift), a dry-run table
// of what would change (partition, current, new, lag after), and the
// reset itself only after y confirms it. It is opened by the group detail
// only while the group has no members; the service checks again.
type OffsetReset struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	group kafkaops.Group
	keys  resetKeys

	width, height int

	scopes []ResetScope
	scope  int // index into scopes
	kind   int // index into resetKinds
	value  kit.LineInput
	field  resetField

	stage   resetStage
	reqID   uint64
	req     kafkaops.ResetRequest
	changes []kafkaops.OffsetChange
	err     string // why the last dry run or apply failed
	scroll  kit.Scroller

	now func() time.Time
}

var _ kit.Screen = (*OffsetReset)(nil)

// NewOffsetReset returns the reset screen for group g, its scope starting
// at initial (which must be a topic or partition of g.Lag, or all).
func NewOffsetReset(svc kafkaops.Service, st *theme.Styles, g kafkaops.Group, initial ResetScope) kit.Screen {
	r := &OffsetReset{svc: svc, st: st, group: g, keys: newResetKeys(), now: time.Now}
	r.scopes = []ResetScope{{Partition: kafkaops.AllPartitions}}
	for i, l := range g.Lag {
		if i == 0 || g.Lag[i-1].Topic != l.Topic {
			r.scopes = append(r.scopes, ResetScope{Topic: l.Topic, Partition: kafkaops.AllPartitions})
		}
		r.scopes = append(r.scopes, ResetScope{Topic: l.Topic, Partition: l.Partition})
	}
	for i, s := range r.scopes {
		if s == initial {
			r.scope = i
		}
	}
	r.SetSize(80, 24)
	return r
}

// Init does nothing: the form waits for the user.
func (r *OffsetReset) Init() tea.Cmd { return nil }

// Update handles keys and the dry-run and apply answers.
func (r *OffsetReset) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resetPlannedMsg:
		return r, r.handlePlanned(msg)
	case tea.PasteMsg:
		if r.stage == stageForm && r.field == fieldValue {
			r.value.Update(msg)
		}
	case tea.KeyPressMsg:
		switch r.stage {
		case stageForm:
			return r, r.formKey(msg)
		case stageDryRun:
			return r, r.dryRunKey(msg)
		default:
			if kit.Matches(msg, r.keys.Back) {
				// Leaving drops the answer; an apply in flight still lands.
				return r, kit.Pop()
			}
		}
	case tea.MouseWheelMsg:
		r.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	}
	return r, nil
}

func (r *OffsetReset) kindNow() kafkaops.ResetKind { return resetKinds[r.kind] }

// needsValue reports whether the chosen target takes a value.
func (r *OffsetReset) needsValue() bool {
	k := r.kindNow()
	return k == kafkaops.ResetTime || k == kafkaops.ResetOffset || k == kafkaops.ResetShift
}

func (r *OffsetReset) formKey(msg tea.KeyPressMsg) tea.Cmd {
	k := r.keys
	fields := fieldCount
	if !r.needsValue() {
		fields = fieldValue
	}
	switch {
	case kit.Matches(msg, k.Back):
		return kit.Pop()
	case kit.Matches(msg, k.Run):
		return r.plan()
	case kit.Matches(msg, k.Next):
		r.field = (r.field + 1) % fields
		return nil
	case kit.Matches(msg, k.Prev):
		r.field = (r.field + fields - 1) % fields
		return nil
	}
	if r.field == fieldValue {
		r.value.Update(msg)
		return nil
	}
	d := 0
	switch {
	case kit.Matches(msg, k.Left):
		d = -1
	case kit.Matches(msg, k.Right):
		d = 1
	}
	if r.field == fieldScope {
		r.scope = (r.scope + d + len(r.scopes)) % len(r.scopes)
	} else {
		r.kind = (r.kind + d + len(resetKinds)) % len(resetKinds)
	}
	return nil
}

// request builds the reset request from the form, or says what is wrong.
func (r *OffsetReset) request() (kafkaops.ResetRequest, error) {
	s := r.scopes[r.scope]
	req := kafkaops.ResetRequest{Group: r.group.ID, Topic: s.Topic, Partition: s.Partition, Kind: r.kindNow(), DryRun: true}
	v := strings.TrimSpace(r.value.Value())
	switch req.Kind {
	case kafkaops.ResetTime:
		t, err := ParseResetTime(v, r.now())
		if err != nil {
			return req, err
		}
		req.Time = t
	case kafkaops.ResetOffset:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return req, fmt.Errorf("offset: want a number ≥ 0, got %q", kit.Sanitize(v))
		}
		req.Offset = n
	case kafkaops.ResetShift:
		n, err := strconv.ParseInt(strings.TrimPrefix(v, "+"), 10, 64)
		if err != nil || n == 0 {
			return req, fmt.Errorf("shift: want a non-zero number such as -100 or +20, got %q", kit.Sanitize(v))
		}
		req.Offset = n
	}
	return req, nil
}

// ParseResetTime reads the time of a reset: RFC 3339
// ("2024-05-01T12:00:00Z") or a duration ago ("10m", "2h30m", "3d").
func ParseResetTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	ago := strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "ago")), " ")
	if days, ok := strings.CutSuffix(ago, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(ago); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("time: want RFC 3339 (2024-05-01T12:00:00Z) or an age such as 10m, 2h, 3d; got %q", kit.Sanitize(s))
}

// plan starts the dry run.
func (r *OffsetReset) plan() tea.Cmd {
	req, err := r.request()
	if err != nil {
		r.err = err.Error()
		return kit.Status(r.err, true)
	}
	r.err = ""
	r.req = req
	r.stage = stagePlanning
	return r.send(req)
}

func (r *OffsetReset) send(req kafkaops.ResetRequest) tea.Cmd {
	svc := r.svc
	var cmd tea.Cmd
	r.reqID, cmd = kit.Ask(&r.Asker, func(ctx context.Context) ([]kafkaops.OffsetChange, error) { return svc.ResetOffsets(ctx, req) },
		func(id uint64, ch []kafkaops.OffsetChange, err error) tea.Msg {
			return resetPlannedMsg{reqID: id, changes: ch, err: err, applied: !req.DryRun}
		})
	return cmd
}

func (r *OffsetReset) handlePlanned(msg resetPlannedMsg) tea.Cmd {
	if msg.reqID != r.reqID {
		return nil
	}
	if msg.err != nil {
		r.err = groupErrText(msg.err)
		if msg.applied {
			r.stage = stageDryRun // the table still shows what was asked
			return kit.Status("reset not applied: "+r.err, true)
		}
		r.stage = stageForm
		return kit.Status("dry run: "+r.err, true)
	}
	r.changes = msg.changes
	r.scroll.SetN(len(msg.changes))
	if !msg.applied {
		r.stage = stageDryRun
		return nil
	}
	group := r.group.ID
	text := fmt.Sprintf("reset %s of group %s to %s", kit.PluralCount(int64(len(msg.changes)), "partition"), kit.Sanitize(group), r.targetText())
	// The form closes before the status is set, so that the text stays
	// on the screen below (the root clears a left screen's text).
	return tea.Sequence(
		kit.Pop(),
		func() tea.Msg { return offsetsResetMsg{group: group} },
		kit.Status(text, false),
	)
}

func (r *OffsetReset) dryRunKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, r.keys.Apply):
		req := r.req
		req.DryRun = false
		r.err = ""
		r.stage = stageApplying
		return r.send(req)
	case kit.Matches(msg, r.keys.Back):
		r.stage = stageForm
		r.err = ""
		return nil
	default:
		kit.KeyScroll(&r.scroll, r.keys.list, msg)
	}
	return nil
}

// targetText says the target in words, with its value.
func (r *OffsetReset) targetText() string {
	v := kit.Sanitize(strings.TrimSpace(r.value.Value()))
	switch r.kindNow() {
	case kafkaops.ResetTime:
		return "the time " + v
	case kafkaops.ResetOffset:
		return "offset " + v
	case kafkaops.ResetShift:
		return "a shift of " + v
	}
	return r.kindNow().String()
}

// Title names the screen.
func (r *OffsetReset) Title() string { return "Reset offsets" }

// SetSize sets the body size.
func (r *OffsetReset) SetSize(width, height int) {
	r.width, r.height = width, height
	r.scroll.SetHeight(height - resetTableTop - 2)
}

// resetTableTop is the body line of the dry-run table's first row.
const resetTableTop = 4

// Capturing is true on the form and the dry run: typed keys (q, digits)
// belong to the reset, and esc steps back within it.
func (r *OffsetReset) Capturing() bool { return r.stage == stageForm || r.stage == stageDryRun }

// ShortHelp lists the keys for the bottom line.
func (r *OffsetReset) ShortHelp() []key.Binding {
	k := r.keys
	switch r.stage {
	case stageForm:
		return []key.Binding{k.Next, k.Right, k.Run, k.Back}
	case stageDryRun:
		return []key.Binding{k.Apply, k.Change}
	}
	return []key.Binding{k.Back}
}

// FullHelp lists every key.
func (r *OffsetReset) FullHelp() [][]key.Binding {
	k := r.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Left, k.Right}, {k.Run, k.Apply, k.Back}}
}

// View renders the form, or the dry-run table with the confirmation.
func (r *OffsetReset) View() string {
	w := max(r.width, 30)
	st := r.st
	lines := []string{st.Title.Render(kit.Truncate("Reset offsets of group "+kit.Sanitize(r.group.ID), w))}
	switch r.stage {
	case stageForm, stagePlanning:
		lines = append(append(lines, ""), r.formLines(w)...)
	default:
		lines = append(lines, r.dryRunLines(w)...)
	}
	return kit.PadLines(strings.Join(lines, "\n"), w, r.height)
}

func (r *OffsetReset) formLines(w int) []string {
	st := r.st
	// One value column: every label is padded to the same width and
	// followed by a space; a focused choice's ‹ › sit in the two cells
	// around the value, so its text starts where every other value's does.
	label := func(f resetField, name string) string {
		name = fmt.Sprintf("%-8s ", name)
		if r.stage == stageForm && r.field == f {
			return st.Accent.Render("▸ " + name)
		}
		return "  " + name
	}
	choice := func(f resetField, s string) string {
		if r.stage == stageForm && r.field == f {
			return st.InputFocus.Render("‹ " + s + " ›")
		}
		return "  " + s + "  "
	}
	lines := []string{
		label(fieldScope, "Scope") + choice(fieldScope, r.scopes[r.scope].String()),
		label(fieldTarget, "Reset to") + choice(fieldTarget, r.kindNow().String()),
	}
	if r.needsValue() {
		hint := map[kafkaops.ResetKind]string{
			kafkaops.ResetTime:   "RFC 3339 or an age: 10m, 2h, 3d",
			kafkaops.ResetOffset: "the offset, e.g. 1200 (kept within the log)",
			kafkaops.ResetShift:  "records to move by: -100 re-reads, +20 skips",
		}[r.kindNow()]
		in := "  " + r.value.View(st.Input, r.stage == stageForm && r.field == fieldValue)
		line := label(fieldValue, "Value") + in + "  " + st.Subtle.Render(hint)
		if lipgloss.Width(line) > w {
			// The hint on its own line, under the input, rather than cut.
			line = label(fieldValue, "Value") + in + "\n" + st.Subtle.Render(kit.Truncate("             "+hint, w))
		}
		lines = append(lines, strings.Split(line, "\n")...)
	}
	lines = append(lines, "")
	switch {
	case r.stage == stagePlanning:
		lines = append(lines, st.Subtle.Render("  Computing the dry run…"))
	case r.err != "":
		lines = append(lines, kit.Wrapped(st.Error, r.err, w)...)
	default:
		lines = append(lines, kit.Wrapped(st.Subtle, "enter shows a dry run first; nothing changes until you confirm it", w)...)
	}
	for i := range lines {
		lines[i] = kit.Truncate(lines[i], w)
	}
	return lines
}

var resetColumns = []kit.Column{
	{Title: "TOPIC", Width: 10, Flex: true},
	{Title: "PART", Width: 4, Right: true},
	{Title: "CURRENT", Width: 19, Right: true},
	{Title: "NEW", Width: 11, Right: true},
	{Title: "LAG AFTER", Width: 11, Right: true},
}

// narrowResetColumns are the dry run's columns where resetColumns would
// cut the topic: a current column for numbers, "none" standing for "no
// committed offset".
var narrowResetColumns = []kit.Column{
	resetColumns[0], resetColumns[1],
	{Title: "CURRENT", Width: 12, Right: true},
	resetColumns[3], resetColumns[4],
}

// notAppliedText says the dry run changed nothing and what y would do,
// in w cells: in fewer words when the whole sentence does not fit.
func notAppliedText(partitions int, lagAfter int64, w int) string {
	what := fmt.Sprintf("y applies to %s (lag after %s)", kit.PluralCount(int64(partitions), "partition"), kit.FormatCount(lagAfter))
	for _, s := range []string{"Nothing changed yet: " + what + ", esc goes back", "Nothing changed yet: " + what, what + ", esc goes back"} {
		if lipgloss.Width(s) <= w {
			return s
		}
	}
	return what
}

func (r *OffsetReset) dryRunLines(w int) []string {
	st := r.st
	head := fmt.Sprintf("Dry run: %s to %s, %s", r.req.Group, r.targetText(), r.scopes[r.scope].String())
	lines := []string{kit.Truncate(kit.Sanitize(head), w)}
	switch {
	case r.stage == stageApplying:
		lines = append(lines, st.Subtle.Render("Applying…"))
	case r.err != "":
		lines = append(lines, st.Error.Render(kit.Truncate(r.err, w)))
	default:
		var after int64
		for _, c := range r.changes {
			after += c.LagAfter()
		}
		lines = append(lines, st.Warning.Render(kit.Truncate(notAppliedText(len(r.changes), after, w), w)))
	}
	cols, ws, narrow := fitColumns(resetColumns, narrowResetColumns, w)
	lines = append(lines, "", kit.HeaderLine(st.TableHead, cols, ws, -1, ""))
	start, end := r.scroll.Window()
	cells := make([]string, len(cols))
	for i := start; i < end; i++ {
		c := r.changes[i]
		cells[0] = kit.Sanitize(c.Topic)
		cells[1] = strconv.Itoa(c.Partition)
		cells[2] = "no committed offset"
		if narrow {
			cells[2] = "none"
		}
		if c.HasCurrent {
			cells[2] = kit.FormatCount(c.Current)
		}
		cells[3] = kit.FormatCount(c.New)
		cells[4] = kit.FormatCount(c.LagAfter())
		lines = append(lines, kit.RowLine(cells, cols, ws, false, st.Selected))
	}
	return lines
}
