package topics

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// deleteInfoMsg brings the topic the delete dialog is about.
type deleteInfoMsg struct {
	reqID  uint64
	detail kafkaops.TopicDetail
	err    error
}

// topicDeletedMsg is the broker's answer to the delete request.
type topicDeletedMsg struct {
	reqID uint64
	err   error
}

// isInternalTopic reports whether t is one of Kafka's own topics
// (__consumer_offsets, __transaction_state), which kscope never deletes.
func isInternalTopic(t kafkaops.Topic) bool {
	return t.Internal || strings.HasPrefix(t.Name, "__")
}

// internalRefusal says why an internal topic cannot be deleted here.
func internalRefusal(name string) string {
	return kit.Sanitize(name) + " is an internal Kafka topic: kscope does not delete internal topics"
}

// DeleteTopic is the delete confirmation: a box that names the topic and
// its message count, and deletes only once the topic's name is typed.
// It is a screen drawn as a centred box, so the root needs no modal
// layer: it takes keys like any screen and esc closes it.
type DeleteTopic struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  deleteKeys

	width, height int

	info describeState // the topic, for its message count

	typed    kit.LineInput
	reqID    uint64
	deleting bool
	failure  string
	mismatch bool // enter was pressed with the wrong name
}

var _ kit.Screen = (*DeleteTopic)(nil)

// NewDeleteTopic returns the delete confirmation for topic.
func NewDeleteTopic(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	d := &DeleteTopic{svc: svc, st: st, topic: topic, keys: newDeleteKeys()}
	d.SetSize(80, 24)
	return d
}

// Init loads the topic's message count.
func (d *DeleteTopic) Init() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.info.id, cmd = kit.Ask(&d.Asker, func(ctx context.Context) (kafkaops.TopicDetail, error) { return svc.DescribeTopic(ctx, name) },
		func(id uint64, det kafkaops.TopicDetail, err error) tea.Msg {
			return deleteInfoMsg{reqID: id, detail: det, err: err}
		})
	return cmd
}

// internal reports whether the topic is one kscope will not delete.
func (d *DeleteTopic) internal() bool {
	t := d.info.detail.Topic
	t.Name = d.topic
	return isInternalTopic(t)
}

// Update handles keys, pastes and the service's answers.
func (d *DeleteTopic) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case deleteInfoMsg:
		if msg.reqID == d.info.id {
			d.info.loaded, d.info.detail, d.info.err = msg.err == nil, msg.detail, msg.err
		}
	case topicDeletedMsg:
		if msg.reqID != d.reqID || !d.deleting {
			return d, nil
		}
		d.deleting = false
		if msg.err != nil {
			d.failure = kafkaops.Describe(msg.err)
			return d, kit.Status(d.failure, true)
		}
		return d, tea.Sequence(kit.Pop(), kit.TopicsChanged(d.topic), kit.Status("deleted topic "+kit.Sanitize(d.topic), false))
	case tea.PasteMsg:
		if !d.deleting {
			d.typed.Update(msg)
			d.mismatch = false
		}
	case tea.KeyPressMsg:
		return d, d.key(msg)
	}
	return d, nil
}

func (d *DeleteTopic) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, d.keys.Cancel):
		return kit.Pop()
	case d.deleting:
		return nil
	case kit.Matches(msg, d.keys.Confirm):
		switch {
		case d.internal():
			return kit.Status(internalRefusal(d.topic), true)
		case kafkaops.IsNotFound(d.info.err):
			return kit.Status("there is no topic named "+kit.Sanitize(d.topic), true)
		case d.typed.Value() != d.topic:
			d.mismatch = true
			return nil
		}
		d.deleting = true
		d.failure = ""
		return d.deleteCmd()
	}
	if d.typed.Update(msg) {
		d.mismatch = false
	}
	return nil
}

// deleteCmd sends the delete request.
func (d *DeleteTopic) deleteCmd() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.reqID, cmd = kit.Do(&d.Asker, func(ctx context.Context) error { return svc.DeleteTopic(ctx, name) },
		func(id uint64, err error) tea.Msg { return topicDeletedMsg{reqID: id, err: err} })
	return cmd
}

// Title names the screen.
func (d *DeleteTopic) Title() string { return "Delete " + kit.Sanitize(d.topic) }

// SetSize sets the body size.
func (d *DeleteTopic) SetSize(width, height int) { d.width, d.height = width, height }

// Capturing is always true: keys type the confirmation.
func (d *DeleteTopic) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (d *DeleteTopic) ShortHelp() []key.Binding {
	if d.internal() {
		return []key.Binding{d.keys.Cancel}
	}
	return []key.Binding{d.keys.Confirm, d.keys.Cancel}
}

// FullHelp lists every key.
func (d *DeleteTopic) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// confirmLines say that enter deletes name now: one line when it fits
// in cw cells, else the way out on its own line.
func (d *DeleteTopic) confirmLines(name string, cw int) []string {
	st := d.st
	confirm := st.Error.Render(kit.Truncate("enter deletes "+name, cw))
	if lipgloss.Width(confirm)+lipgloss.Width(" · esc cancels") <= cw {
		return []string{confirm + st.Subtle.Render(" · esc cancels")}
	}
	return []string{confirm, st.Subtle.Render("esc cancels")}
}

// View draws the dialog centred in the body.
func (d *DeleteTopic) View() string {
	st := d.st
	w, h := max(d.width, 1), max(d.height, 1)
	cw := max(min(w-2, 66)-6, 4) // the modal's border and padding
	wrap := func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
	name := kit.Sanitize(d.topic)
	lines := []string{st.Error.Bold(true).Render(kit.Truncate("Delete topic "+name+"?", cw)), ""}
	switch {
	case d.internal():
		lines = append(lines, wrap(name+" is an internal Kafka topic (the cluster's own bookkeeping, such as committed offsets). kscope does not delete internal topics."),
			"", st.Subtle.Render("esc closes"))
		return kit.FitModal(st, lines, w, h)
	case kafkaops.IsNotFound(d.info.err):
		lines = append(lines, wrap("There is no topic named "+name+" any more."), "", st.Subtle.Render("esc closes"))
		return kit.FitModal(st, lines, w, h)
	case d.info.loaded:
		lines = append(lines, wrap(fmt.Sprintf("%s holds %s in %s. Deleting it removes the topic and all its messages for good.",
			name, kit.PluralCount(d.info.messages(), "message"), kit.PluralCount(int64(d.info.detail.Partitions), "partition"))))
	case d.info.err != nil:
		lines = append(lines, wrap("Deleting "+name+" removes the topic and all its messages for good. (Its message count is unknown: "+kafkaops.Describe(d.info.err)+")"))
	default:
		lines = append(lines, wrap("Deleting "+name+" removes the topic and all its messages for good. Counting its messages…"))
	}
	lines = append(lines, "", wrap("Type the topic's name to confirm:"),
		st.Accent.Render("> ")+kit.InputView(&d.typed, st, !d.deleting, "", "", cw-2), "")
	switch {
	case d.deleting:
		lines = append(lines, st.Accent.Render("deleting "+kit.Truncate(name, cw-12)+"…"))
	case d.failure != "":
		lines = append(lines, st.Error.Render(wrap("✗ "+d.failure)))
	case d.mismatch:
		lines = append(lines, st.Warning.Render(wrap("! that is not the topic's name; type "+name+" exactly")))
	case d.typed.Value() == d.topic:
		lines = append(lines, d.confirmLines(name, cw)...)
	default:
		lines = append(lines, st.Subtle.Render("enter deletes once the name matches · esc cancels"))
	}
	return kit.FitModal(st, lines, w, h)
}
