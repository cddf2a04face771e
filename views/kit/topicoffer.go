package kit

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// TopicOfferMsg is the answer to the create a TopicOffer started: Err is
// nil when the topic was created.
type TopicOfferMsg struct {
	ID  uint64
	Err error
}

// offerState is where a TopicOffer is.
type offerState int

const (
	offerClosed offerState = iota
	offerAsking
	offerCreating
)

// TopicOffer offers to create a topic a flow writes to and finds missing
// (a copy's destination, an import's topic): it asks "create it with N
// partitions?", creates it on y and says when it exists, so the flow
// goes on. The screen embedding it routes key presses to Key while Open,
// and TopicOfferMsg to Created.
type TopicOffer struct {
	topic kafkaops.NewTopic
	why   string
	state offerState
	id    uint64
}

// offerYes and offerNo are the question's answers.
func offerYes() key.Binding { return key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "create it")) }
func offerNo() key.Binding {
	return key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no"))
}

// Offer opens the question for t; why says where its partition count
// comes from ("as bankbranch"), "" for nothing.
func (o *TopicOffer) Offer(t kafkaops.NewTopic, why string) {
	t.Partitions, t.ReplicationFactor = max(t.Partitions, 1), max(t.ReplicationFactor, 1)
	o.topic, o.why, o.state = t, why, offerAsking
}

// Open reports whether the offer is asking or creating: the screen's
// other keys wait.
func (o *TopicOffer) Open() bool { return o.state != offerClosed }

// Topic is the topic offered.
func (o *TopicOffer) Topic() kafkaops.NewTopic { return o.topic }

// Key answers the question: y creates the topic through svc (answered
// to a as a TopicOfferMsg), n or esc closes the offer. Keys while
// creating do nothing.
func (o *TopicOffer) Key(a *Asker, svc kafkaops.Service, msg tea.KeyPressMsg) tea.Cmd {
	if o.state != offerAsking {
		return nil
	}
	switch {
	case Matches(msg, offerYes()):
		o.state = offerCreating
		t := o.topic
		var cmd tea.Cmd
		o.id, cmd = Do(a, func(ctx context.Context) error { return svc.CreateTopic(ctx, t) },
			func(id uint64, err error) tea.Msg { return TopicOfferMsg{ID: id, Err: err} })
		return cmd
	case Matches(msg, offerNo()):
		o.state = offerClosed
	}
	return nil
}

// Created takes the create's answer and closes the offer: ok says the
// answer was this offer's; err is why the topic was not created, in
// words, nil when it was (a TopicsChanged is then due).
func (o *TopicOffer) Created(msg TopicOfferMsg) (ok bool, err error) {
	if msg.ID != o.id || o.state != offerCreating {
		return false, nil
	}
	o.state = offerClosed
	if msg.Err != nil {
		return true, fmt.Errorf("could not create %s: %s", Sanitize(o.topic.Name), kafkaops.Describe(msg.Err))
	}
	return true, nil
}

// ShortHelp lists the keys that work while the offer is open.
func (o *TopicOffer) ShortHelp() []key.Binding {
	if o.state == offerAsking {
		return o.FullHelp()
	}
	return nil
}

// FullHelp lists the question's keys, open or not.
func (o *TopicOffer) FullHelp() []key.Binding { return []key.Binding{offerYes(), offerNo()} }

// Lines draw the question, or the create in flight, in w cells.
func (o *TopicOffer) Lines(st *theme.Styles, w int) []string {
	name := Sanitize(o.topic.Name)
	switch o.state {
	case offerAsking:
		why := ""
		if o.why != "" {
			why = " (" + o.why + ")"
		}
		return Wrapped(st.Warning, fmt.Sprintf("no topic named %s: create it with %s%s? y creates it, n goes back",
			name, PluralCount(int64(o.topic.Partitions), "partition"), why), w)
	case offerCreating:
		return Wrapped(st.Subtle, "creating "+name+"…", w)
	}
	return nil
}
