package transfer

import (
	"fmt"
	"strings"

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
	core

	src, query string
	sq         kafkaops.ScanQuery
	queryErr   error

	dest     kit.LineInput
	topics   map[string]kafkaops.Topic
	topicsID uint64
	listErr  error

	ch   <-chan kafkaops.CopyEvent
	scan *kafkaops.ScanProgress
}

var _ kit.Screen = (*Copy)(nil)

// NewCopy returns the copy screen for the matches of query in src.
func NewCopy(svc kafkaops.Service, st *theme.Styles, src, query string) *Copy {
	c := &Copy{core: newCore(svc, st, copyTexts), src: src, query: strings.TrimSpace(query)}
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

// Title names the screen.
func (c *Copy) Title() string { return "Copy matches of " + kit.Sanitize(c.src) }

// Capturing is true while the destination is typed.
func (c *Copy) Capturing() bool {
	return c.planning() && c.focus == copyFieldTopic
}

// ShortHelp lists the keys that work now.
func (c *Copy) ShortHelp() []key.Binding {
	k := c.keys
	if c.focus == copyFieldTopic {
		return c.shortHelp(k.Start, k.Next, k.Back)
	}
	return c.shortHelp(k.Start, k.Toggle, k.Next, k.Prev, k.Back)
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
		return c, take(&c.core, msg, c.ch, c.apply)
	case tea.PasteMsg:
		if c.Capturing() {
			c.dest.Update(msg)
		}
	case tea.KeyPressMsg:
		return c, c.key(msg, c.planKey)
	}
	return c, nil
}

// planKey handles a key while the destination and options are edited.
func (c *Copy) planKey(msg tea.KeyPressMsg) tea.Cmd {
	if took, cmd := c.core.planKey(msg, copyFields, c.start); took {
		return cmd
	}
	if c.focus == copyFieldTopic && c.dest.Update(msg) {
		c.note = ""
	}
	return nil
}

// destName is the destination as typed, trimmed.
func (c *Copy) destName() string { return strings.TrimSpace(c.dest.Value()) }

// check says why the copy cannot start as set, "" when it can; missing
// says the destination does not exist (the user may create it).
func (c *Copy) check() (why string, missing bool) {
	name := c.destName()
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
		c.offer.Offer(kafkaops.NewTopic{Name: c.destName(), Partitions: src.Partitions,
			ReplicationFactor: src.ReplicationFactor}, "as "+kit.Sanitize(c.src))
		return nil
	case why != "":
		return c.refuse(why)
	}
	return c.begin()
}

// created starts the copy into the new topic, or says why it was not
// created.
func (c *Copy) created(msg kit.TopicOfferMsg) tea.Cmd {
	if ok, cmd := c.core.created(msg); !ok {
		return cmd
	}
	t := c.offer.Topic()
	c.topics[t.Name] = kafkaops.Topic{Name: t.Name, Partitions: t.Partitions}
	return tea.Batch(kit.TopicsChanged(t.Name), c.begin())
}

// begin starts Service.Copy.
func (c *Copy) begin() tea.Cmd {
	c.launch(c.destName())
	c.scan = nil
	req := kafkaops.CopyRequest{
		Scan: c.sq.Request(c.src, c.now()),
		To:   c.to, KeepPartitions: c.opts.keepParts, KeepTimestamps: c.opts.keepStamps,
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
		return c.finish(msg.err)
	}
	c.ch = msg.ch
	return wait(&c.core, c.ch)
}

// apply takes one of the copy's events in; end says it ended the copy.
func (c *Copy) apply(ev kafkaops.CopyEvent) (end bool, err error) {
	c.sent = max(c.sent, ev.Copied)
	if ev.Scan != nil {
		c.scan = ev.Scan
	}
	return ev.Err != nil || ev.Done, ev.Err
}
