package admin

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// defaultLoadedMsg is the answer to TopicConfigDefault.
type defaultLoadedMsg struct {
	reqID uint64
	value string
	ok    bool
	err   error
}

// defaultState is a config's value without an override, once known.
type defaultState struct {
	id      uint64
	answer  bool // the broker answered (or could not)
	value   string
	known   bool
	failure error
}

// NewResetConfig returns the screen that removes topic's override of
// config name (x in the config pane): it shows the current value, the
// default it falls back to, dry-runs the removal against the broker and
// resets on y.
func NewResetConfig(svc kafkaops.Service, st *theme.Styles, topic, name string) kit.Screen {
	e := NewEditConfig(svc, st, topic, name).(*EditConfig)
	e.resetOnly = true
	e.phase = phaseDryRun // nothing is typed: the dry run follows the loads
	return e
}

// loadDefault asks what the config falls back to without an override.
func (e *EditConfig) loadDefault() tea.Cmd {
	if e.name == "" {
		return nil
	}
	svc, name := e.svc, e.name
	var cmd tea.Cmd
	e.def.id, cmd = kit.Ask(&e.Asker, func(ctx context.Context) (defaultLoadedMsg, error) {
		v, ok, err := kafkaops.TopicConfigDefault(ctx, svc, name)
		return defaultLoadedMsg{value: v, ok: ok}, err
	}, func(id uint64, m defaultLoadedMsg, err error) tea.Msg {
		m.reqID, m.err = id, err
		return m
	})
	return cmd
}

// defaultLoaded keeps the default and, on a reset screen, starts the dry
// run once the current value is known too.
func (e *EditConfig) defaultLoaded(msg defaultLoadedMsg) tea.Cmd {
	if msg.reqID != e.def.id {
		return nil
	}
	e.def = defaultState{id: msg.reqID, answer: true, value: msg.value, known: msg.ok && msg.err == nil, failure: msg.err}
	return e.startReset()
}

// startReset dry-runs the reset on a reset screen once both the topic's
// configs and the default have answered (the default may be unknown: the
// diff then says so).
func (e *EditConfig) startReset() tea.Cmd {
	if !e.resetOnly || !e.def.answer || (e.entries == nil && e.loadErr == nil) || e.alter.Delete != nil {
		return nil
	}
	if e.loadErr != nil {
		e.failure = "could not load the current value: " + kafkaops.Describe(e.loadErr)
		return nil
	}
	if c, ok := e.current(); ok && c.Default {
		e.failure = e.name + " is not overridden on this topic: it already has its default"
		return nil
	}
	return e.reset()
}

// defaultShown is the default the config falls back to, for the diff:
// "604800000 (7d) default", or words when the broker did not say.
func (e *EditConfig) defaultShown() string {
	if e.def.known {
		return shown(e.name, e.def.value) + " default"
	}
	return "the default (override removed)"
}
