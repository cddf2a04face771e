package topics

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// createDefaultsMsg brings the cluster's broker count and topic defaults
// (num.partitions, default.replication.factor).
type createDefaultsMsg struct {
	reqID    uint64
	defaults kafkaops.TopicDefaults
	err      error
}

// createTopicNamesMsg brings the existing topic names, for the "already
// exists" and metric-name collision warnings.
type createTopicNamesMsg struct {
	reqID uint64
	names []string
	err   error // only the warnings are missing
}

// topicCreatedMsg is the broker's answer to the create request.
type topicCreatedMsg struct {
	reqID uint64
	name  string
	err   error
}

// CreateTopic is the create-topic form: name, partitions, replication
// factor and optional key=value configs, validated as they are typed. A
// failed create keeps every field; a created topic opens its detail.
type CreateTopic struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys createKeys

	width, height int

	form     createForm
	defaults createDefaults
	names    knownNames
	req      createRequest
	discard  kit.DiscardGuard // asking whether to discard what was typed
}

var _ kit.Screen = (*CreateTopic)(nil)

// NewCreateTopic returns the create-topic form. Init loads the defaults it
// shows (the broker count and the cluster's num.partitions and
// default.replication.factor) and the topic names it warns about.
func NewCreateTopic(svc kafkaops.Service, st *theme.Styles) kit.Screen {
	c := &CreateTopic{svc: svc, st: st, keys: newCreateKeys(), form: createForm{cfg: []kit.LineInput{{}}}}
	c.SetSize(80, 24)
	return c
}

// Init loads the defaults and the topic names.
func (c *CreateTopic) Init() tea.Cmd {
	svc := c.svc
	var defaults, names tea.Cmd
	c.defaults.id, defaults = kit.Ask(&c.Asker,
		func(ctx context.Context) (kafkaops.TopicDefaults, error) { return kafkaops.ClusterDefaults(ctx, svc) },
		func(id uint64, d kafkaops.TopicDefaults, err error) tea.Msg {
			return createDefaultsMsg{reqID: id, defaults: d, err: err}
		})
	c.names.id, names = kit.Ask(&c.Asker, svc.ListTopics, func(id uint64, ts []kafkaops.Topic, err error) tea.Msg {
		names := make([]string, len(ts))
		for i, t := range ts {
			names[i] = t.Name
		}
		return createTopicNamesMsg{reqID: id, names: names, err: err}
	})
	return tea.Batch(defaults, names)
}

// Update handles keys, pastes and the answers of the service.
func (c *CreateTopic) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	cmd := c.update(msg)
	c.follow()
	return c, cmd
}

func (c *CreateTopic) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case createDefaultsMsg:
		if msg.reqID == c.defaults.id {
			c.defaults.TopicDefaults, c.defaults.err = msg.defaults, msg.err
		}
	case createTopicNamesMsg:
		if msg.reqID == c.names.id && msg.err == nil {
			c.names.set(msg.names)
		}
	case kit.TopicsChangedMsg:
		if c.names.existing != nil {
			return c.Init()
		}
	case topicCreatedMsg:
		return c.created(msg)
	case tea.PasteMsg:
		if !c.req.inFlight && !c.discard.Asking {
			c.form.input(c.form.focus).Update(msg)
			c.form.edited()
		}
	case tea.KeyPressMsg:
		return c.key(msg)
	}
	return nil
}

// key handles a key press.
func (c *CreateTopic) key(msg tea.KeyPressMsg) tea.Cmd {
	fk := c.keys.form
	if c.discard.Asking {
		return c.discard.Key(msg, fk)
	}
	if kit.Matches(msg, fk.Cancel) {
		return c.discard.Cancel(c.form.dirty())
	}
	if c.req.inFlight {
		return nil // the form is locked until the broker answers
	}
	switch {
	case kit.Matches(msg, fk.Submit):
		return c.submit()
	case kit.Matches(msg, fk.Next):
		if c.form.complete() {
			return nil
		}
		c.form.move(1)
	case kit.Matches(msg, fk.Prev), kit.Matches(msg, c.keys.move.Up):
		c.form.move(-1)
	case kit.Matches(msg, c.keys.move.Down):
		c.form.move(1)
	case kit.Matches(msg, c.keys.Cycle):
		if n := len(c.form.completions()); n > 0 {
			d := 1
			if kit.Matches(msg, c.keys.CyclePrev) {
				d = -1
			}
			c.form.sugg = (c.form.sugg + d + n) % n
		}
	case kit.Matches(msg, c.keys.Enter):
		if c.form.focus == c.form.fieldCount()-1 {
			return c.submit()
		}
		c.form.move(1)
	default:
		if c.form.input(c.form.focus).Update(msg) {
			c.form.edited()
		}
	}
	return nil
}

// submit validates the form and sends the create request.
func (c *CreateTopic) submit() tea.Cmd {
	c.req.submitted = true
	t, bad := c.request()
	if bad >= 0 {
		c.form.focus = bad
		c.form.tidyRows()
		return kit.Status("create topic: fix the field marked ✗ first", true)
	}
	c.req.inFlight = true
	c.req.failure = ""
	c.req.last = t
	svc := c.svc
	var cmd tea.Cmd
	c.req.id, cmd = kit.Do(&c.Asker, func(ctx context.Context) error { return svc.CreateTopic(ctx, t) },
		func(id uint64, err error) tea.Msg { return topicCreatedMsg{reqID: id, name: t.Name, err: err} })
	return cmd
}

// created handles the broker's answer: the topic's detail replaces the
// form, or the form stays, filled, with the error.
func (c *CreateTopic) created(msg topicCreatedMsg) tea.Cmd {
	if msg.reqID != c.req.id || !c.req.inFlight {
		return nil
	}
	c.req.inFlight = false
	if msg.err != nil {
		c.req.failure = kafkaops.Describe(msg.err)
		return kit.Status(c.req.failure, true)
	}
	t := c.req.last
	// The form closes first so esc on the detail goes back to where the
	// form was opened from, not to the form.
	return tea.Sequence(
		kit.Pop(),
		kit.Navigate(kit.Route{Kind: kit.RouteTopicDetail, Topic: msg.name}),
		kit.TopicsChanged(msg.name),
		kit.Status(fmt.Sprintf("created topic %s: %s, replication factor %d",
			kit.Sanitize(msg.name), kit.PluralCount(int64(t.Partitions), "partition"), t.ReplicationFactor), false),
	)
}

// Title names the screen.
func (c *CreateTopic) Title() string { return "Create topic" }

// SetSize sets the body size.
func (c *CreateTopic) SetSize(width, height int) {
	c.width, c.height = width, height
	c.follow()
}

// Capturing is always true: every key types into the form.
func (c *CreateTopic) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (c *CreateTopic) ShortHelp() []key.Binding {
	fk := c.keys.form
	if c.discard.Asking {
		return c.discard.Help(fk)
	}
	if len(c.form.completions()) > 0 {
		return []key.Binding{c.keys.Complete, c.keys.Cycle, fk.Submit, fk.Cancel}
	}
	return []key.Binding{fk.Submit, fk.Next, fk.Prev, fk.Cancel}
}

// FullHelp lists every key.
func (c *CreateTopic) FullHelp() [][]key.Binding {
	fk := c.keys.form
	return [][]key.Binding{
		{fk.Next, fk.Prev, c.keys.Enter},
		{c.keys.Complete, c.keys.Cycle},
		{fk.Submit, fk.Cancel},
	}
}
