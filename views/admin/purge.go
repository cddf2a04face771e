package admin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// purgeStep is where the purge stands.
type purgeStep int

const (
	stepScope   purgeStep = iota // choosing partitions and the cut
	stepPlan                     // PlanPurge is counting
	stepConfirm                  // counts shown; the topic's name is typed
	stepPurge                    // Purge is running
	stepDone                     // results shown
)

// planMsg is the answer to PlanPurge.
type planMsg struct {
	reqID uint64
	plan  kafkaops.PurgePlan
	err   error
}

// purgedMsg is the answer to Purge.
type purgedMsg struct {
	reqID   uint64
	results []kafkaops.PurgeResult
	err     error
}

// purgeKeys are the purge screen's key bindings.
type purgeKeys struct {
	Next   key.Binding
	Submit key.Binding
	Back   key.Binding
}

func newPurgeKeys() purgeKeys {
	return purgeKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "shift+tab", "up", "down"), key.WithHelp("tab", "next field")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Back:   kit.EscKey("back"),
	}
}

// Purge deletes a topic's records (DeleteRecords): all partitions or one,
// before an offset, before a time, or everything. It first shows how many
// records go from each partition (PlanPurge), then purges only once the
// topic's name is typed, and reports each partition's new start offset.
type Purge struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  purgeKeys

	width, height int

	partIn, beforeIn kit.LineInput
	focus            int // 0: partition, 1: before

	step    purgeStep
	reqID   uint64
	plan    kafkaops.PurgePlan
	confirm kit.TypedConfirm
	failure string
	results []kafkaops.PurgeResult
}

var _ kit.Screen = (*Purge)(nil)

// NewPurge returns the purge screen for topic.
func NewPurge(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	p := &Purge{svc: svc, st: st, topic: topic, keys: newPurgeKeys(), confirm: kit.NewTypedConfirm(topic, "topic", "purge")}
	p.SetSize(80, 24)
	return p
}

// Init loads nothing: the plan is made once the scope is chosen.
func (p *Purge) Init() tea.Cmd { return nil }

// Update handles keys, pastes and the service's answers.
func (p *Purge) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case planMsg:
		if msg.reqID == p.reqID && p.step == stepPlan {
			p.planned(msg)
		}
	case purgedMsg:
		if msg.reqID == p.reqID && p.step == stepPurge {
			return p, p.purged(msg)
		}
	case tea.PasteMsg:
		if p.step == stepConfirm {
			p.confirm.Paste(msg)
		} else if in := p.input(); in != nil {
			in.Update(msg)
		}
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	return p, nil
}

// input is the scope input that takes typing now, nil when none does.
func (p *Purge) input() *kit.LineInput {
	switch {
	case p.step != stepScope:
		return nil
	case p.focus == 0:
		return &p.partIn
	}
	return &p.beforeIn
}

func (p *Purge) key(msg tea.KeyPressMsg) tea.Cmd {
	switch p.step {
	case stepConfirm:
		return p.confirmKey(msg)
	case stepScope:
		switch {
		case kit.Matches(msg, p.keys.Back):
			return kit.Pop()
		case kit.Matches(msg, p.keys.Next):
			p.focus = 1 - p.focus
			return nil
		case kit.Matches(msg, p.keys.Submit):
			return p.planCmd()
		}
		if in := p.input(); in != nil && in.Update(msg) {
			p.failure = ""
		}
	default:
		if kit.Matches(msg, p.keys.Back) {
			return kit.Pop()
		}
	}
	return nil
}

// confirmKey handles a key while the topic's name is typed: esc goes
// back to the scope, enter purges once the name matches.
func (p *Purge) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	switch p.confirm.Key(msg) {
	case kit.ConfirmCancel:
		p.step, p.failure = stepScope, ""
	case kit.ConfirmGo:
		return p.purge()
	case kit.ConfirmEdited:
		p.failure = ""
	}
	return nil
}

// request reads the scope fields into a PurgeRequest.
func (p *Purge) request() (kafkaops.PurgeRequest, error) {
	r := kafkaops.PurgeRequest{Topic: p.topic, BeforeOffset: kafkaops.PurgeAll}
	part := strings.TrimSpace(p.partIn.Value())
	if part != "" && part != "all" {
		n, err := strconv.ParseInt(part, 10, 32)
		if err != nil || n < 0 {
			return r, fmt.Errorf("partition must be a partition number, or empty for all partitions")
		}
		r.Partitions = []int32{int32(n)}
	}
	before := strings.TrimSpace(p.beforeIn.Value())
	if before == "" || before == "all" || before == "everything" {
		return r, nil
	}
	if n, err := strconv.ParseInt(before, 10, 64); err == nil {
		if n < 0 {
			return r, fmt.Errorf("an offset cannot be negative")
		}
		r.BeforeOffset = n
		return r, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, before, time.Local); err == nil {
			r.Before = t
			return r, nil
		}
	}
	return r, fmt.Errorf("before must be an offset (1200), a time (2026-11-30 14:00) or empty for everything")
}

// internal reports whether the topic is one of Kafka's own
// (__consumer_offsets, __transaction_state), whose records kscope never
// deletes.
func (p *Purge) internal() bool { return strings.HasPrefix(p.topic, "__") }

// planCmd asks how many records the purge would delete.
func (p *Purge) planCmd() tea.Cmd {
	if p.internal() {
		p.failure = kit.Sanitize(p.topic) + " is an internal Kafka topic: kscope does not delete its records"
		return nil
	}
	r, err := p.request()
	if err != nil {
		p.failure = err.Error()
		return nil
	}
	p.failure, p.step = "", stepPlan
	svc := p.svc
	var cmd tea.Cmd
	p.reqID, cmd = kit.Ask(&p.Asker, func(ctx context.Context) (kafkaops.PurgePlan, error) { return svc.PlanPurge(ctx, r) },
		func(id uint64, plan kafkaops.PurgePlan, err error) tea.Msg {
			return planMsg{reqID: id, plan: plan, err: err}
		})
	return cmd
}

// planned shows the plan, or the reason there is none.
func (p *Purge) planned(msg planMsg) {
	if msg.err != nil {
		p.step, p.failure = stepScope, "could not plan the purge: "+kafkaops.Describe(msg.err)
		return
	}
	p.plan, p.step = msg.plan, stepConfirm
	p.confirm.Reset()
}

// purge purges what the plan counted, once the typed name matched.
func (p *Purge) purge() tea.Cmd {
	if p.plan.Total() == 0 {
		p.failure = "nothing to purge: no partition has records before that point"
		return nil
	}
	p.step = stepPurge
	svc, plan := p.svc, p.plan
	var cmd tea.Cmd
	p.reqID, cmd = kit.Ask(&p.Asker, func(ctx context.Context) ([]kafkaops.PurgeResult, error) { return svc.Purge(ctx, plan) },
		func(id uint64, rs []kafkaops.PurgeResult, err error) tea.Msg {
			return purgedMsg{reqID: id, results: rs, err: err}
		})
	return cmd
}

// purged shows the results, or Kafka's error in words.
func (p *Purge) purged(msg purgedMsg) tea.Cmd {
	if msg.err != nil {
		p.step = stepConfirm
		p.failure = "Kafka refused the purge: " + kafkaops.Describe(msg.err)
		return kit.Status(p.failure, true)
	}
	p.step, p.results = stepDone, msg.results
	done := fmt.Sprintf("purged %s from %s", kit.PluralCount(p.plan.Total(), "record"), kit.Sanitize(p.topic))
	return tea.Batch(kit.TopicsChanged(p.topic), kit.Status(done, false))
}

// Title names the screen.
func (p *Purge) Title() string { return "Purge " + kit.Sanitize(p.topic) }

// SetSize sets the body size.
func (p *Purge) SetSize(width, height int) { p.width, p.height = width, height }

// Capturing is true while an input takes typing.
func (p *Purge) Capturing() bool { return p.step != stepDone }

// ShortHelp lists the keys for the bottom line.
// Each step's words are the box's (see footer).
func (p *Purge) ShortHelp() []key.Binding {
	submit := p.keys.Submit
	switch p.step {
	case stepScope:
		submit.SetHelp("enter", "show what would go")
		return []key.Binding{p.keys.Next, submit, kit.EscKey("cancel")}
	case stepConfirm:
		submit.SetHelp("enter", "purge")
		return []key.Binding{submit, kit.EscKey("change the scope")}
	}
	// Counting, purging or done: esc only closes the box.
	return []key.Binding{kit.EscKey("close")}
}

// FullHelp lists every key.
func (p *Purge) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// View draws the purge box centred in the body.
func (p *Purge) View() string {
	st := p.st
	w, h := p.width, p.height
	cw, wrap := kit.ModalWrap(w)
	lines := []string{st.Error.Bold(true).Render(kit.Truncate("Purge records of "+kit.Sanitize(p.topic), cw)), ""}
	iw := max(cw-14, 4)
	lines = append(lines,
		"Partition: "+kit.InputView(&p.partIn, st, p.step == stepScope && p.focus == 0, "all partitions", "", iw),
		"Before:    "+kit.InputView(&p.beforeIn, st, p.step == stepScope && p.focus == 1, "everything (or an offset, or a time)", "", iw))
	if p.step >= stepConfirm {
		lines = append(lines, "")
		lines = append(lines, p.planLines(cw)...)
	}
	if p.step == stepConfirm {
		lines = append(lines, "", wrap("Deleted records cannot be brought back."))
		lines = append(lines, p.confirm.Prompt(st, cw)...)
	}
	lines = append(lines, "", p.footer())
	return kit.FitModal(st, lines, w, h)
}

// planLines list the records that go per partition, or the results.
func (p *Purge) planLines(cw int) []string {
	st := p.st
	out := []string{st.TableHead.Render(kit.Truncate("PARTITION  START      HIGH       PURGE TO   RECORDS", cw))}
	for _, pp := range p.plan.Partitions {
		out = append(out, kit.Truncate(fmt.Sprintf("%-10d %-10d %-10d %-10d %d", pp.Partition, pp.Low, pp.High, pp.Before, pp.Count()), cw))
	}
	out = append(out, st.Subtle.Render(kit.Truncate(fmt.Sprintf("%s in all", kit.PluralCount(p.plan.Total(), "record")), cw)))
	for _, r := range p.results {
		out = append(out, st.Accent.Render(kit.Truncate(fmt.Sprintf("✓ partition %d now starts at offset %d", r.Partition, r.Low), cw)))
	}
	return out
}

// footer says what happens next.
func (p *Purge) footer() string {
	st := p.st
	cw, wrap := kit.ModalWrap(p.width)
	switch {
	case p.failure != "":
		return st.Error.Render(wrap("✗ " + p.failure))
	case p.step == stepPlan:
		return st.Accent.Render("counting the records that would go…")
	case p.step == stepPurge:
		return st.Accent.Render("purging…")
	case p.step == stepDone:
		return st.Subtle.Render("done · " + kit.KeyHints(p.ShortHelp()))
	case p.step == stepConfirm:
		return p.confirm.Status(st, cw, kit.ConfirmWords{
			Waiting: "once the name matches: " + kit.KeyHints(p.ShortHelp())})
	}
	return st.Subtle.Render(wrap(kit.KeyHints(p.ShortHelp())))
}
