package reassign

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// cancelAnswerMsg is the answer to CancelReassignment.
type cancelAnswerMsg struct {
	reqID uint64
	err   error
}

// Cancel asks whether to cancel one partition's reassignment, saying
// which replicas it goes back to, and cancels it on y.
type Cancel struct {
	kit.Asker
	svc       kafkaops.Service
	st        *theme.Styles
	topic     string
	partition int32
	back      string // the replicas the partition goes back to
	keys      cancelKeys

	width, height int
	reqID         uint64
	busy          bool
	failure       string
}

var _ kit.Screen = (*Cancel)(nil)

// NewCancel returns the confirmation of the cancel of the reassignment of
// topic's partition; back names the replicas it returns to ("" unknown).
func NewCancel(svc kafkaops.Service, st *theme.Styles, topic string, partition int, back string) kit.Screen {
	c := &Cancel{svc: svc, st: st, topic: topic, partition: int32(partition), back: back, keys: newCancelKeys()}
	c.SetSize(80, 24)
	return c
}

// Init does nothing: the question needs no data.
func (c *Cancel) Init() tea.Cmd { return nil }

// Update handles y, esc and the answer.
func (c *Cancel) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case cancelAnswerMsg:
		if msg.reqID != c.reqID {
			return c, nil
		}
		c.busy = false
		if msg.err != nil {
			c.failure = "Kafka refused the cancel: " + kafkaops.Describe(msg.err)
			return c, kit.Status(c.failure, true)
		}
		done := fmt.Sprintf("cancelled the reassignment of %s[%d]", kit.Sanitize(c.topic), c.partition)
		return c, tea.Sequence(kit.Pop(), func() tea.Msg { return cancelledMsg{} }, kit.TopicsChanged(c.topic), kit.Status(done, false))
	case tea.KeyPressMsg:
		switch {
		case kit.Matches(msg, c.keys.Back), msg.String() == "n":
			return c, kit.Pop()
		case kit.Matches(msg, c.keys.Confirm) && !c.busy:
			svc, topic, p := c.svc, c.topic, c.partition
			c.busy, c.failure = true, ""
			var cmd tea.Cmd
			c.reqID, cmd = kit.Do(&c.Asker, func(ctx context.Context) error { return svc.CancelReassignment(ctx, topic, p) },
				func(id uint64, err error) tea.Msg { return cancelAnswerMsg{reqID: id, err: err} })
			return c, cmd
		}
	}
	return c, nil
}

// Title names the partition.
func (c *Cancel) Title() string {
	return fmt.Sprintf("Cancel reassignment · %s[%d]", kit.Sanitize(c.topic), c.partition)
}

// SetSize sets the body size.
func (c *Cancel) SetSize(width, height int) { c.width, c.height = width, height }

// Capturing is false: y and esc are its only keys.
func (c *Cancel) Capturing() bool { return false }

// HandlesEsc is true: esc keeps the reassignment and closes the question.
func (c *Cancel) HandlesEsc() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (c *Cancel) ShortHelp() []key.Binding {
	if c.busy {
		return []key.Binding{c.keys.Back}
	}
	return []key.Binding{c.keys.Confirm, c.keys.Back}
}

// FullHelp lists every key.
func (c *Cancel) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

// View draws the question in a box.
func (c *Cancel) View() string {
	st := c.st
	cw := kit.ModalContentWidth(c.width)
	wrap := func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
	lines := []string{st.Title.Render(kit.Truncate(fmt.Sprintf("Cancel the reassignment of %s[%d]?", kit.Sanitize(c.topic), c.partition), cw)), ""}
	back := "its replicas before the reassignment"
	if c.back != "" && c.back != "-" {
		back = "replicas " + c.back
	}
	lines = append(lines, wrap("The partition goes back to "+back+"; replicas being added are dropped."), "")
	switch {
	case c.busy:
		lines = append(lines, st.Accent.Render("cancelling…"))
	case c.failure != "":
		lines = append(lines, st.Error.Render(wrap("✗ "+c.failure)))
	default:
		lines = append(lines, st.Subtle.Render("y cancels it · esc keeps it"))
	}
	return kit.FitModal(st, lines, c.width, c.height)
}
