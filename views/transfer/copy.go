package transfer

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// copyTopicsMsg brings the topic listing the destination is checked
// against.
type copyTopicsMsg struct {
	id     uint64
	topics []kafkaops.Topic
	err    error
}

// copyStartedMsg says whether Service.Copy started; ch is its stream.
type copyStartedMsg struct {
	id  uint64
	ch  <-chan kafkaops.CopyEvent
	err error
}

// The copy form's fields, in tab order.
const (
	copyFieldTopic = iota
	copyFieldParts
	copyFieldStamps
	copyFields
)

// Copy copies every match of a search query in one topic to another
// topic: it asks for the destination (which must exist, or is created
// with the source's partitions when the user says so) and the options,
// then runs Service.Copy with progress; esc stops it.
type Copy struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys transferKeys
	now  func() time.Time

	src, query string
	sq         kafkaops.ScanQuery
	queryErr   error

	dest     kit.LineInput
	focus    int
	opts     options
	topics   map[string]kafkaops.Topic
	topicsID uint64
	listErr  error
	note     string // why the last start was refused
	offer    kit.TopicOffer

	phase  phase
	run    stream
	ch     <-chan kafkaops.CopyEvent
	copied int64
	scan   *kafkaops.ScanProgress
	err    error
	ended  time.Duration // how long the copy ran, once it ended

	w, h int
}

var _ kit.Screen = (*Copy)(nil)

// NewCopy returns the copy screen for the matches of query in src.
func NewCopy(svc kafkaops.Service, st *theme.Styles, src, query string) *Copy {
	c := &Copy{svc: svc, st: st, keys: newTransferKeys("copy"), now: time.Now, src: src, query: strings.TrimSpace(query)}
	c.sq, c.queryErr = kafkaops.ParseScanQuery(c.query)
	return c
}

// Init lists the topics the destination is checked against.
func (c *Copy) Init() tea.Cmd {
	var cmd tea.Cmd
	c.topicsID, cmd = kit.Ask(&c.Asker, c.svc.ListTopics, func(id uint64, ts []kafkaops.Topic, err error) tea.Msg {
		return copyTopicsMsg{id: id, topics: ts, err: err}
	})
	return cmd
}

// Close stops a running copy: the root calls it when the screen goes.
func (c *Copy) Close() { c.run.stop() }

// Title names the screen.
func (c *Copy) Title() string { return "Copy matches of " + kit.Sanitize(c.src) }

// Capturing is true while the destination is typed.
func (c *Copy) Capturing() bool {
	return c.phase == phasePlan && c.focus == copyFieldTopic && !c.offer.Open()
}

// HandlesEsc reports whether esc has something to stop or answer first.
func (c *Copy) HandlesEsc() bool { return c.phase == phaseRunning || c.offer.Open() }

// SetSize sets the body's size.
func (c *Copy) SetSize(w, h int) { c.w, c.h = w, h }

// ShortHelp lists the keys that work now.
func (c *Copy) ShortHelp() []key.Binding {
	k := c.keys
	if c.offer.Open() {
		return c.offer.ShortHelp()
	}
	switch c.phase {
	case phasePlan:
		if c.focus == copyFieldTopic {
			return []key.Binding{k.Start, k.Next, k.Back}
		}
		return []key.Binding{k.Start, k.Toggle, k.Next, k.Prev, k.Back}
	case phaseRunning:
		return []key.Binding{k.Cancel}
	}
	return []key.Binding{k.Back}
}

// FullHelp lists every key.
func (c *Copy) FullHelp() [][]key.Binding {
	k := c.keys
	return [][]key.Binding{{k.Start, k.Next, k.Prev, k.Toggle}, append(c.offer.FullHelp(), k.Cancel, k.Back)}
}

// Update handles keys and the service's answers.
func (c *Copy) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case copyTopicsMsg:
		if msg.id == c.topicsID {
			c.listErr = msg.err
			if msg.err == nil {
				c.topics = topicsOf(msg.topics)
			}
		}
	case kit.TopicOfferMsg:
		return c, c.created(msg)
	case copyStartedMsg:
		return c, c.started(msg)
	case kit.StreamMsg[kafkaops.CopyEvent]:
		return c, c.take(msg)
	case tea.PasteMsg:
		if c.Capturing() {
			c.dest.Update(msg)
		}
	case tea.KeyPressMsg:
		return c, c.key(msg)
	}
	return c, nil
}

// key handles a key press in the current phase.
func (c *Copy) key(msg tea.KeyPressMsg) tea.Cmd {
	k := c.keys
	if c.offer.Open() {
		return c.offer.Key(&c.Asker, c.svc, msg)
	}
	switch c.phase {
	case phaseRunning:
		if kit.Matches(msg, k.Cancel) {
			c.phase, c.ended = phaseCancelled, c.run.halt(c.now())
			return kit.Status(fmt.Sprintf("copy stopped after %s; what was copied stays in %s",
				kit.PluralCount(c.copied, "record"), kit.Sanitize(c.dest.Value())), false)
		}
		return nil
	case phasePlan:
		return c.planKey(msg)
	}
	if kit.Matches(msg, k.Back) {
		return kit.Pop()
	}
	return nil
}

// planKey handles a key while the destination and options are edited.
func (c *Copy) planKey(msg tea.KeyPressMsg) tea.Cmd {
	k := c.keys
	switch {
	case kit.Matches(msg, k.Back):
		return kit.Pop()
	case kit.Matches(msg, k.Start):
		return c.start()
	case kit.Matches(msg, k.Next):
		c.focus = (c.focus + 1) % copyFields
		return nil
	case kit.Matches(msg, k.Prev):
		c.focus = (c.focus + copyFields - 1) % copyFields
		return nil
	}
	switch c.focus {
	case copyFieldTopic:
		if c.dest.Update(msg) {
			c.note = ""
		}
	case copyFieldParts:
		if kit.Matches(msg, k.Toggle) {
			c.opts.keepParts, c.note = !c.opts.keepParts, ""
		}
	case copyFieldStamps:
		if kit.Matches(msg, k.Toggle) {
			c.opts.keepStamps = !c.opts.keepStamps
		}
	}
	return nil
}

// check says why the copy cannot start as set, "" when it can; missing
// says the destination does not exist (the user may create it).
func (c *Copy) check() (why string, missing bool) {
	name := strings.TrimSpace(c.dest.Value())
	switch {
	case c.queryErr != nil:
		return "the query cannot be read: " + kafkaops.Describe(c.queryErr), false
	case name == "":
		return "name the topic to copy to", false
	case kafkaops.ValidateTopicName(name) != nil:
		return kit.InvalidText(kafkaops.ValidateTopicName(name)), false
	case c.listErr != nil:
		return "could not list the topics: " + kafkaops.Describe(c.listErr), false
	case c.topics == nil:
		return "still listing the topics: try again in a moment", false
	}
	dst, ok := c.topics[name]
	if !ok {
		return "no topic named " + kit.Sanitize(name), true
	}
	if src, ok := c.topics[c.src]; ok && c.opts.keepParts && dst.Partitions < src.Partitions {
		return fmt.Sprintf("keep partitions needs %s in %s; it has %d", kit.PluralCount(int64(src.Partitions), "partition"),
			kit.Sanitize(name), dst.Partitions), false
	}
	return "", false
}

// start checks the form, asks to create a missing destination, or
// starts the copy.
func (c *Copy) start() tea.Cmd {
	why, missing := c.check()
	switch {
	case missing:
		src := c.topics[c.src]
		c.note = ""
		c.offer.Offer(kafkaops.NewTopic{Name: strings.TrimSpace(c.dest.Value()), Partitions: src.Partitions,
			ReplicationFactor: src.ReplicationFactor}, "as "+kit.Sanitize(c.src))
		return nil
	case why != "":
		c.note = why
		return kit.Status("copy: "+why, true)
	}
	return c.begin()
}

// created starts the copy into the new topic, or says why it was not
// created.
func (c *Copy) created(msg kit.TopicOfferMsg) tea.Cmd {
	ok, err := c.offer.Created(msg)
	switch {
	case !ok:
		return nil
	case err != nil:
		c.note = err.Error()
		return kit.Status(c.note, true)
	}
	t := c.offer.Topic()
	c.topics[t.Name] = kafkaops.Topic{Name: t.Name, Partitions: t.Partitions}
	return tea.Batch(kit.TopicsChanged(t.Name), c.begin())
}

// begin starts Service.Copy.
func (c *Copy) begin() tea.Cmd {
	c.run.begin(c.now())
	c.phase, c.copied, c.scan, c.err, c.note = phaseRunning, 0, nil, nil, ""
	req := kafkaops.CopyRequest{
		Scan: c.sq.Request(c.src, c.now()),
		To:   strings.TrimSpace(c.dest.Value()), KeepPartitions: c.opts.keepParts, KeepTimestamps: c.opts.keepStamps,
	}
	svc, ctx, id := c.svc, c.run.ctx, c.run.id
	return c.Send(func() tea.Msg {
		ch, err := svc.Copy(ctx, req)
		return copyStartedMsg{id: id, ch: ch, err: err}
	})
}

// started takes in Service.Copy's answer and waits for its events.
func (c *Copy) started(msg copyStartedMsg) tea.Cmd {
	if msg.id != c.run.id || c.phase != phaseRunning {
		return nil
	}
	if msg.err != nil {
		return c.fail(msg.err)
	}
	c.ch = msg.ch
	return c.Send(kit.WaitStream(c.run.ctx, c.run.id, c.ch, streamMaxEvents))
}

// take applies the copy's events and waits for more, or ends.
func (c *Copy) take(msg kit.StreamMsg[kafkaops.CopyEvent]) tea.Cmd {
	if msg.ID != c.run.id || c.phase != phaseRunning {
		return nil
	}
	for _, ev := range msg.Events {
		c.copied = max(c.copied, ev.Copied)
		if ev.Scan != nil {
			c.scan = ev.Scan
		}
		if ev.Err != nil {
			return c.fail(ev.Err)
		}
		if ev.Done {
			return c.finish()
		}
	}
	if msg.Closed {
		return c.finish()
	}
	return c.Send(kit.WaitStream(c.run.ctx, c.run.id, c.ch, streamMaxEvents))
}

// fail ends the copy with err.
func (c *Copy) fail(err error) tea.Cmd {
	c.phase, c.err, c.ended = phaseFailed, err, c.run.halt(c.now())
	return kit.Status("copy: "+kafkaops.Describe(err), true)
}

// finish ends a copy that read its whole window.
func (c *Copy) finish() tea.Cmd {
	c.phase, c.ended = phaseDone, c.run.halt(c.now())
	return tea.Batch(kit.TopicsChanged(strings.TrimSpace(c.dest.Value())),
		kit.Status(fmt.Sprintf("copied %s to %s", kit.PluralCount(c.copied, "record"), kit.Sanitize(c.dest.Value())), false))
}
