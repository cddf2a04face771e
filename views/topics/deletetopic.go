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

	width, height int

	info describeState // the topic, for its message count

	confirm kit.TypedConfirm
	reqID   uint64
}

var _ kit.Screen = (*DeleteTopic)(nil)

// NewDeleteTopic returns the delete confirmation for topic.
func NewDeleteTopic(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	d := &DeleteTopic{svc: svc, st: st, topic: topic, confirm: kit.NewTypedConfirm(topic, "topic", "delete")}
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
		if msg.reqID != d.reqID || !d.confirm.Busy() {
			return d, nil
		}
		if cmd, ok := d.confirm.Finish(msg.err); !ok {
			return d, cmd
		}
		return d, tea.Sequence(kit.Pop(), kit.TopicsChanged(d.topic), kit.Status("deleted topic "+kit.Sanitize(d.topic), false))
	case tea.PasteMsg:
		d.confirm.Paste(msg)
	case tea.KeyPressMsg:
		return d, d.key(msg)
	}
	return d, nil
}

func (d *DeleteTopic) key(msg tea.KeyPressMsg) tea.Cmd {
	if kit.Matches(msg, d.confirm.Keys.Confirm) && !d.confirm.Busy() {
		switch {
		case d.internal():
			return kit.Status(internalRefusal(d.topic), true)
		case kafkaops.IsNotFound(d.info.err):
			return kit.Status("there is no topic named "+kit.Sanitize(d.topic), true)
		}
	}
	switch d.confirm.Key(msg) {
	case kit.ConfirmCancel:
		return kit.Pop()
	case kit.ConfirmGo:
		d.confirm.Start()
		return d.deleteCmd()
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
		return []key.Binding{d.confirm.Keys.Cancel}
	}
	return []key.Binding{d.confirm.Keys.Confirm, d.confirm.Keys.Cancel}
}

// FullHelp lists every key.
func (d *DeleteTopic) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

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
	lines = append(lines, "")
	lines = append(lines, d.confirm.Lines(st, cw, kit.ConfirmWords{
		Busy:    "deleting " + kit.Truncate(name, cw-12) + "…",
		Ready:   "enter deletes " + kit.Truncate(name, max(cw-14, 1)),
		Waiting: "enter deletes once the name matches · esc cancels",
	})...)
	return kit.FitModal(st, lines, w, h)
}
