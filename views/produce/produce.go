package produce

import (
	"context"
	"sort"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// produceInfoMsg brings what the form checks a record against: the
// topic's partition count and max.message.bytes.
type produceInfoMsg struct {
	reqID  uint64
	topic  string
	limits kafkaops.TopicLimits
	err    error
}

// produceNamesMsg brings the topic names the topic field completes.
type produceNamesMsg struct {
	reqID uint64
	names []string
	err   error // the topic field only completes nothing
}

// producedMsg is the answer to one chunk of a send.
type producedMsg struct {
	reqID   uint64
	results []kafkaops.ProduceResult
	err     error
}

// The produce form's fields, in tab order.
const (
	prodTopic = iota
	prodPartition
	prodKey
	prodKeySchema
	prodValueSchema
	prodValue
	prodHeaders
	prodRepeat
	prodFields
)

// Produce is the produce form: topic, partition, key, a multi-line value
// (JSON checked as it is typed, or text), headers and a repeat count.
// Sending keeps the form filled, for the next record of a series, and
// lists the session's sends under it.
type Produce struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys produceKeys
	now  func() time.Time

	width, height int

	form     produceForm
	names    topicNames
	info     topicInfo
	progress sendProgress
	history  sendHistory
	discard  kit.DiscardGuard // asking whether to discard unsent edits
	enc      encodings
	// fixed, while the status line shows an error about the form, says
	// whether its cause is gone; the status is cleared then.
	fixed func() bool
	// replay is the record a replay form was filled from (NewReplay).
	replay *replayOrig
}

var _ kit.Screen = (*Produce)(nil)

// NewProduce returns the produce form for topic ("" lets the user type
// one).
func NewProduce(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	p := &Produce{svc: svc, st: st, keys: newProduceKeys(), now: time.Now,
		form: produceForm{value: kit.NewTextArea(), headers: kit.NewTextArea()}}
	p.form.topic.SetValue(topic)
	if topic != "" {
		p.form.focus = prodKey
	}
	p.form.lastSent = p.form.snapshot()
	p.SetSize(80, 24)
	return p
}

// Init loads the topic names and the topic's partition count and limit.
func (p *Produce) Init() tea.Cmd {
	var names tea.Cmd
	p.names.id, names = kit.Ask(&p.Asker, p.svc.ListTopics, func(id uint64, ts []kafkaops.Topic, err error) tea.Msg {
		out := make([]string, 0, len(ts))
		for _, t := range ts {
			if !t.Internal {
				out = append(out, t.Name)
			}
		}
		sort.Strings(out)
		return produceNamesMsg{reqID: id, names: out, err: err}
	})
	return tea.Batch(names, p.loadInfo(), p.loadSubjects(), p.replayStatus())
}

// loadInfo asks for the typed topic's partition count and
// max.message.bytes, unless they are already known.
func (p *Produce) loadInfo() tea.Cmd {
	name := p.form.topic.Value()
	if name == "" || (name == p.info.topic && p.info.err == nil && p.info.Partitions > 0) {
		return nil
	}
	svc := p.svc
	var cmd tea.Cmd
	p.info.id, cmd = kit.Ask(&p.Asker, func(ctx context.Context) (kafkaops.TopicLimits, error) { return kafkaops.ProduceLimits(ctx, svc, name) },
		func(id uint64, l kafkaops.TopicLimits, err error) tea.Msg {
			return produceInfoMsg{reqID: id, topic: name, limits: l, err: err}
		})
	return cmd
}

// Update handles keys, pastes and the service's answers.
func (p *Produce) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	cmd := p.update(msg)
	p.follow()
	if p.fixed != nil && p.fixed() {
		// The error the status line shows is about a form that is no
		// longer so: take it back.
		p.fixed = nil
		cmd = tea.Batch(cmd, kit.ClearStatus())
	}
	return p, cmd
}

// formOK reports whether the form would send.
func (p *Produce) formOK() bool {
	_, bad, _ := p.requests()
	return bad < 0
}

// valueOK reports whether the value holds no error (valid JSON).
func (p *Produce) valueOK() bool { return p.valueNote().Kind != kit.NoteErr }

func (p *Produce) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := p.encodingMsg(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case produceNamesMsg:
		if msg.reqID == p.names.id && msg.err == nil {
			p.names.list = msg.names
		}
	case produceInfoMsg:
		if msg.reqID == p.info.id {
			p.info.topic, p.info.TopicLimits, p.info.err = msg.topic, msg.limits, msg.err
		}
	case producedMsg:
		return p.produced(msg)
	case kit.TopicsChangedMsg:
		if msg.Topic == p.form.topic.Value() {
			p.info.topic = ""
			return p.loadInfo()
		}
	case tea.PasteMsg:
		if !p.progress.active && !p.discard.Asking {
			switch p.form.focus {
			case prodValue:
				p.form.value.Update(msg)
				p.form.null = p.form.null && p.form.value.Value() == ""
			case prodHeaders:
				p.form.headers.Update(msg)
			default:
				p.form.line(p.form.focus).Update(msg)
			}
		}
	case tea.KeyPressMsg:
		return p.keyPress(msg)
	}
	return nil
}

func (p *Produce) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	fk := p.keys.form
	if p.discard.Asking {
		return p.discard.Key(msg, fk)
	}
	if p.progress.active {
		if kit.Matches(msg, p.keys.Stop) && !p.progress.stopping {
			p.progress.stopping = true
			return kit.Status("stopping after the records already on their way…", false)
		}
		return nil
	}
	switch {
	case kit.Matches(msg, fk.Cancel):
		return p.discard.Cancel(p.form.snapshot() != p.form.lastSent && p.form.hasContent())
	case kit.Matches(msg, fk.Submit):
		return p.send()
	case kit.Matches(msg, p.keys.Format):
		p.form.text = !p.form.text
		if p.form.text {
			return kit.Status("value format: text (sent as typed)", false)
		}
		return kit.Status("value format: JSON (checked as you type)", false)
	case kit.Matches(msg, p.keys.Pretty):
		cmd := p.form.prettyPrint()
		if !p.valueOK() {
			p.fixed = p.valueOK
		}
		return cmd
	case kit.Matches(msg, p.keys.Null):
		return p.form.toggleNull()
	case kit.Matches(msg, fk.Next):
		if p.form.focus == prodTopic {
			if c := p.topicCompletion(); c != "" {
				p.form.topic.SetValue(c)
				return nil
			}
		}
		if c := p.schemaCompletion(); c != "" {
			p.form.line(p.form.focus).SetValue(c)
			return nil
		}
		return p.move(1)
	case kit.Matches(msg, fk.Prev):
		return p.move(-1)
	}
	switch p.form.focus {
	case prodValue, prodHeaders:
		ta := &p.form.value
		if p.form.focus == prodHeaders {
			ta = &p.form.headers
		}
		// Up on the first line and down on the last leave the editor.
		switch {
		case kit.Matches(msg, p.keys.move.Up) && ta.Row == 0:
			return p.move(-1)
		case kit.Matches(msg, p.keys.move.Down) && ta.Row == len(ta.Lines)-1:
			return p.move(1)
		}
		ta.Update(msg)
		if p.form.focus == prodValue && p.form.value.Value() != "" {
			p.form.null = false // typing a value is the way out of a null one
		}
		return nil
	}
	switch {
	case kit.Matches(msg, p.keys.move.Up):
		return p.move(-1)
	case kit.Matches(msg, p.keys.move.Down):
		return p.move(1)
	case kit.Matches(msg, p.keys.NextField):
		if p.form.focus == prodFields-1 {
			return p.send()
		}
		return p.move(1)
	}
	p.form.line(p.form.focus).Update(msg)
	return nil
}

// move moves the focus by d fields, wrapping around; leaving the topic
// field loads the new topic's partition count.
func (p *Produce) move(d int) tea.Cmd {
	from := p.form.focus
	p.form.focus = (p.form.focus + d + prodFields) % prodFields
	for !p.shown(p.form.focus) {
		p.form.focus = (p.form.focus + d + prodFields) % prodFields
	}
	switch from {
	case prodTopic:
		return p.loadInfo()
	case prodKeySchema, prodValueSchema:
		return p.fetchEncoder(from)
	}
	return nil
}

// Title names the screen.
func (p *Produce) Title() string {
	if p.form.topic.Value() == "" {
		return "Produce"
	}
	return "Produce to " + kit.Sanitize(p.form.topic.Value())
}

// SetSize sets the body size.
func (p *Produce) SetSize(width, height int) {
	p.width, p.height = width, height
	p.follow()
}

// Capturing is always true: every key types into the form.
func (p *Produce) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (p *Produce) ShortHelp() []key.Binding {
	fk := p.keys.form
	switch {
	case p.discard.Asking:
		return p.discard.Help(fk)
	case p.progress.active:
		return []key.Binding{p.keys.Stop}
	case p.form.focus == prodValue:
		// Pretty-printing is also offered under a valid value, so it is
		// the hint to cut first.
		return []key.Binding{fk.Submit, p.keys.Format, p.keys.Null, fk.Next, p.keys.Pretty, fk.Cancel}
	}
	return []key.Binding{fk.Submit, fk.Next, fk.Prev, p.keys.Format, fk.Cancel}
}

// FullHelp lists every key.
func (p *Produce) FullHelp() [][]key.Binding {
	fk := p.keys.form
	return [][]key.Binding{
		{fk.Next, fk.Prev, p.keys.Complete, p.keys.Newline},
		{p.keys.Format, p.keys.Pretty, p.keys.Null},
		{fk.Submit, fk.Cancel, p.keys.Stop},
	}
}
