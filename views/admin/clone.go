package admin

import (
	"context"
	"errors"
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

// cloneStep is where the clone stands.
type cloneStep int

const (
	cloneForm     cloneStep = iota // name, partitions, RF, copy data
	cloneConfirm                   // the plan shows; y creates
	cloneCreating                  // CreateTopic, then waiting for its partitions
	cloneCopying                   // Copy streams progress; esc cancels
	cloneDone                      // the result in words
)

// Clone form fields, in order.
const (
	fieldName = iota
	fieldParts
	fieldRF
	fieldCopy
	cloneFields
)

// cloneSource is what the clone screen loads first: the clone's plan
// (partitions, RF, overrides), the source's partitions (records to
// copy), the broker count (the most RF can be) and the topic names
// taken.
type cloneSource struct {
	plan    kafkaops.NewTopic
	detail  kafkaops.TopicDetail
	brokers int
	taken   map[string]bool
}

// cloneLoadedMsg is the answer to the loads.
type cloneLoadedMsg struct {
	reqID uint64
	src   cloneSource
	err   error
}

// cloneCreatedMsg says the clone was created (and its partitions show),
// or why not.
type cloneCreatedMsg struct {
	reqID uint64
	err   error
}

// cloneKeys are the clone screen's key bindings.
type cloneKeys struct {
	Next   key.Binding
	Prev   key.Binding
	Toggle key.Binding
	Submit key.Binding
	Apply  key.Binding
	Back   key.Binding
}

func newCloneKeys() cloneKeys {
	return cloneKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up")),
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "copy data on/off")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review")),
		Apply:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "clone")),
		Back:   kit.EscKey("cancel"),
	}
}

// Clone creates a copy of a topic under a new name: its partitions,
// replication factor and config overrides (PlanClone), changeable in a
// form that checks them as they are typed, and optionally its records
// (Copy: keys, values, headers, timestamps and partitions kept, in
// bounded batches), with progress per partition and an ETA; esc cancels
// the copy. The result is said in words.
type Clone struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  cloneKeys

	width, height int

	loadID  uint64
	src     cloneSource
	loaded  bool
	loadErr error

	inputs   [fieldRF + 1]kit.LineInput
	copyData bool
	focus    int

	step    cloneStep
	reqID   uint64
	target  kafkaops.NewTopic
	failure string

	copy copyState
	// settle is how long a cancelled copy gets before the clone is
	// counted (cancelSettle; tests shorten it).
	settle time.Duration
}

var _ kit.Screen = (*Clone)(nil)

// NewClone returns the clone screen for topic.
func NewClone(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	c := &Clone{svc: svc, st: st, topic: topic, keys: newCloneKeys(), settle: cancelSettle}
	c.SetSize(80, 24)
	return c
}

// defaultCloneName is the name the form offers: the topic's with -clone.
func defaultCloneName(topic string) string {
	name := topic + "-clone"
	if len(name) > 249 {
		name = name[len(name)-249:]
	}
	return name
}

// Init loads the plan, the source's partitions, the brokers and the
// topic names.
func (c *Clone) Init() tea.Cmd {
	svc, from := c.svc, c.topic
	var cmd tea.Cmd
	c.loadID, cmd = kit.Ask(&c.Asker, func(ctx context.Context) (cloneSource, error) { return loadCloneSource(ctx, svc, from) },
		func(id uint64, src cloneSource, err error) tea.Msg {
			return cloneLoadedMsg{reqID: id, src: src, err: err}
		})
	return cmd
}

// loadCloneSource asks what the form needs.
func loadCloneSource(ctx context.Context, svc kafkaops.Service, from string) (cloneSource, error) {
	plan, err := svc.PlanClone(ctx, from, defaultCloneName(from))
	if err != nil {
		return cloneSource{}, err
	}
	d, err := svc.DescribeTopic(ctx, from)
	if err != nil {
		return cloneSource{}, err
	}
	src := cloneSource{plan: plan, detail: d, taken: map[string]bool{}}
	if info, err := svc.ClusterInfo(ctx); err == nil {
		src.brokers = len(info.Brokers)
	}
	if ts, err := svc.ListTopicNames(ctx); err == nil {
		for _, t := range ts {
			src.taken[t.Name] = true
		}
	}
	return src, nil
}

// Update handles keys, pastes, the loads and the copy's progress.
func (c *Clone) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case cloneLoadedMsg:
		if msg.reqID == c.loadID {
			c.loaded, c.loadErr = msg.err == nil, msg.err
			if msg.err == nil {
				c.prefill(msg.src)
			}
		}
	case cloneCreatedMsg:
		return c, c.created(msg)
	case copyStartedMsg:
		return c, c.copyStarted(msg)
	case copyEventsMsg:
		return c, c.copyEvents(msg)
	case cloneCountedMsg:
		return c, c.counted(msg)
	case tea.PasteMsg:
		if in := c.input(); in != nil {
			in.Update(msg)
		}
	case tea.KeyPressMsg:
		return c, c.key(msg)
	}
	return c, nil
}

// prefill puts the plan in the form: name, partitions, RF.
func (c *Clone) prefill(src cloneSource) {
	c.src = src
	c.inputs[fieldName].SetValue(src.plan.Name)
	c.inputs[fieldParts].SetValue(strconv.Itoa(src.plan.Partitions))
	c.inputs[fieldRF].SetValue(strconv.Itoa(src.plan.ReplicationFactor))
}

// input is the input that takes typing, nil when none does.
func (c *Clone) input() *kit.LineInput {
	if c.step != cloneForm || c.focus >= fieldCopy {
		return nil
	}
	return &c.inputs[c.focus]
}

func (c *Clone) key(msg tea.KeyPressMsg) tea.Cmd {
	switch c.step {
	case cloneConfirm:
		switch {
		case kit.Matches(msg, c.keys.Apply):
			return c.create()
		case kit.Matches(msg, c.keys.Back), msg.String() == "n":
			c.step = cloneForm
		}
		return nil
	case cloneCopying:
		if kit.Matches(msg, c.keys.Back) {
			c.copy.cancelled = true
			c.copy.stop()
			return tea.Batch(c.finish(), c.countClone())
		}
		return nil
	case cloneCreating, cloneDone:
		if kit.Matches(msg, c.keys.Back) {
			return kit.Pop()
		}
		return nil
	}
	switch {
	case kit.Matches(msg, c.keys.Back):
		return kit.Pop()
	case kit.Matches(msg, c.keys.Next):
		c.focus = (c.focus + 1) % cloneFields
		return nil
	case kit.Matches(msg, c.keys.Prev):
		c.focus = (c.focus + cloneFields - 1) % cloneFields
		return nil
	case kit.Matches(msg, c.keys.Submit):
		return c.review()
	case c.focus == fieldCopy && (kit.Matches(msg, c.keys.Toggle) || msg.String() == "y" || msg.String() == "n"):
		c.copyData = msg.String() == "y" || (msg.String() != "n" && !c.copyData)
		c.failure = ""
		return nil
	}
	if in := c.input(); in != nil && in.Update(msg) {
		c.failure = ""
	}
	return nil
}

// nameErr says what is wrong with the typed name, nil when it will do.
func (c *Clone) nameErr() error {
	name := strings.TrimSpace(c.inputs[fieldName].Value())
	switch err := kafkaops.ValidateTopicName(name); {
	case err != nil:
		return errors.New(strings.TrimPrefix(err.Error(), kafkaops.ErrInvalid.Error()+": "))
	case name == c.topic:
		return errors.New("a clone needs another name than the topic's")
	case c.src.taken[name]:
		return fmt.Errorf("a topic named %s already exists", kit.Sanitize(name))
	}
	return nil
}

// partsErr reads the partition count and says what is wrong with it.
func (c *Clone) partsErr() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(c.inputs[fieldParts].Value()))
	have := len(c.src.detail.PartitionList)
	switch {
	case err != nil:
		return 0, errors.New("partitions must be a whole number")
	case n < 1:
		return n, errors.New("a topic needs at least 1 partition")
	case n > MaxPartitions:
		return n, fmt.Errorf("%d partitions is more than kscope allows for one topic (%d)", n, MaxPartitions)
	case c.copyData && n < have:
		return n, fmt.Errorf("copying keeps each record's partition: the clone needs at least the %d partitions of %s", have, kit.Sanitize(c.topic))
	}
	return n, nil
}

// rfErr reads the replication factor and says what is wrong with it.
func (c *Clone) rfErr() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(c.inputs[fieldRF].Value()))
	switch {
	case err != nil:
		return 0, errors.New("the replication factor must be a whole number")
	case n < 1:
		return n, errors.New("the replication factor must be at least 1")
	case c.src.brokers > 0 && n > c.src.brokers:
		return n, fmt.Errorf("replication factor %d is more than the %d broker(s) in the cluster", n, c.src.brokers)
	}
	return n, nil
}

// fieldErr is what is wrong with field i, nil when it is right.
func (c *Clone) fieldErr(i int) error {
	switch i {
	case fieldName:
		return c.nameErr()
	case fieldParts:
		_, err := c.partsErr()
		return err
	case fieldRF:
		_, err := c.rfErr()
		return err
	}
	return nil
}

// review checks the form and shows the plan to confirm.
func (c *Clone) review() tea.Cmd {
	if !c.loaded {
		c.failure = "the topic is not loaded yet"
		return nil
	}
	for i := range fieldCopy {
		if err := c.fieldErr(i); err != nil {
			c.focus, c.failure = i, err.Error()
			return nil
		}
	}
	parts, _ := c.partsErr()
	rf, _ := c.rfErr()
	c.target = kafkaops.NewTopic{Name: strings.TrimSpace(c.inputs[fieldName].Value()), Partitions: parts, ReplicationFactor: rf, Configs: c.src.plan.Configs}
	c.step, c.failure = cloneConfirm, ""
	return nil
}

// create creates the clone and waits until its partitions show, so the
// copy (if any) finds them.
func (c *Clone) create() tea.Cmd {
	c.step = cloneCreating
	svc, t := c.svc, c.target
	var cmd tea.Cmd
	c.reqID, cmd = kit.Do(&c.Asker, func(ctx context.Context) error { return createAndWait(ctx, svc, t) },
		func(id uint64, err error) tea.Msg { return cloneCreatedMsg{reqID: id, err: err} })
	return cmd
}

// createAndWait creates t, then polls until the cluster describes all
// its partitions (creation is asynchronous on a real cluster).
func createAndWait(ctx context.Context, svc kafkaops.Service, t kafkaops.NewTopic) error {
	if err := svc.CreateTopic(ctx, t); err != nil {
		return err
	}
	for {
		d, err := svc.DescribeTopic(ctx, t.Name)
		if err == nil && len(d.PartitionList) >= t.Partitions {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("topic %s was created but its partitions did not show: %w", t.Name, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// created starts the copy, or says the clone is done (or failed).
func (c *Clone) created(msg cloneCreatedMsg) tea.Cmd {
	if msg.reqID != c.reqID || c.step != cloneCreating {
		return nil
	}
	if msg.err != nil {
		c.step = cloneConfirm
		c.failure = "Kafka refused to create the clone: " + kafkaops.Describe(msg.err)
		return kit.Status(c.failure, true)
	}
	if !c.copyData {
		return c.finish()
	}
	c.step = cloneCopying
	return c.Send(c.copy.start(c.svc, kafkaops.CloneCopy(c.topic, c.target.Name)))
}

// finish shows the result in words and tells the other screens.
func (c *Clone) finish() tea.Cmd {
	c.step = cloneDone
	return tea.Batch(kit.TopicsChanged(c.target.Name), kit.Status(c.statusText(), c.copy.err != nil))
}

// Close cancels a running copy: the root calls it when the screen goes.
func (c *Clone) Close() { c.copy.stop() }

// Title names the screen.
func (c *Clone) Title() string { return "Clone " + kit.Sanitize(c.topic) }

// SetSize sets the body size.
func (c *Clone) SetSize(width, height int) { c.width, c.height = width, height }

// Capturing is true while the form takes typing.
func (c *Clone) Capturing() bool { return c.step == cloneForm }

// ShortHelp lists the keys for the bottom line; the box says the same
// (see footer).
func (c *Clone) ShortHelp() []key.Binding {
	switch c.step {
	case cloneForm:
		if c.focus == fieldCopy {
			return []key.Binding{c.keys.Next, c.keys.Toggle, c.keys.Submit, c.keys.Back}
		}
		return []key.Binding{c.keys.Next, c.keys.Submit, c.keys.Back}
	case cloneConfirm:
		return []key.Binding{c.keys.Apply, kit.EscKey("edit again")}
	case cloneCopying:
		return []key.Binding{kit.EscKey("cancel copy")}
	}
	return []key.Binding{kit.EscKey("close")}
}

// FullHelp lists every key.
func (c *Clone) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

// HandlesEsc reports whether esc stays on the screen: from the
// confirmation it goes back to the form, during the copy it cancels the
// copy and shows what was copied.
func (c *Clone) HandlesEsc() bool { return c.step == cloneConfirm || c.step == cloneCopying }
