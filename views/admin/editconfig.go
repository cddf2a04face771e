// Package admin holds the screens that change a cluster's administration
// state: a topic's configs and its records (purge). Every one shows what
// will change before it changes and asks for confirmation; ui's route
// table marks them as writes, so a read-only context never opens them.
package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// editPhase is where the config edit stands.
type editPhase int

const (
	phaseEdit    editPhase = iota // typing the name or the value
	phaseDryRun                   // the broker is validating the change
	phaseConfirm                  // the diff shows; y applies
	phaseApply                    // the change is being applied
)

// editLoadedMsg brings the topic's configs, for the current value.
type editLoadedMsg struct {
	reqID   uint64
	entries []kafkaops.ConfigEntry
	err     error
}

// editAnswerMsg is the broker's answer to a dry run or to the change.
type editAnswerMsg struct {
	reqID uint64
	err   error
}

// editKeys are the config edit's key bindings.
type editKeys struct {
	Submit   key.Binding
	Complete key.Binding
	Reset    key.Binding
	Apply    key.Binding
	Back     key.Binding
}

func newEditKeys() editKeys {
	return editKeys{
		Submit:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "dry run")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Reset:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reset to default")),
		Apply:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "apply")),
		Back:     kit.EscKey("back"),
	}
}

// EditConfig changes one config of a topic: the current value and its
// source, an input that takes units ("7d" or "604800000") and says what is
// wrong as you type, ctrl+r to remove the override, then a dry run against
// the broker (validateOnly), the diff, y to apply. Opened without a config
// name it first asks for one (add an override), completing known names.
type EditConfig struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  editKeys

	width, height int

	naming bool // asking for the config's name first
	nameIn kit.LineInput
	name   string
	value  kit.LineInput

	loadID  uint64
	entries []kafkaops.ConfigEntry
	loadErr error

	// def is the value the config takes without an override, as the
	// controller's broker configs say (resetconfig.go).
	def defaultState
	// resetOnly: opened to reset the config (x in the config pane): the
	// dry run starts once the current and default values are known, and
	// esc closes rather than going back to an input.
	resetOnly bool

	phase   editPhase
	reqID   uint64
	alter   kafkaops.ConfigAlter
	diff    string
	failure string
}

var _ kit.Screen = (*EditConfig)(nil)

// NewEditConfig returns the edit screen for config name of topic; an empty
// name asks for one first.
func NewEditConfig(svc kafkaops.Service, st *theme.Styles, topic, name string) kit.Screen {
	e := &EditConfig{svc: svc, st: st, topic: topic, name: name, naming: name == "", keys: newEditKeys()}
	e.SetSize(80, 24)
	return e
}

// Init loads the topic's configs for the current value, and the config's
// default.
func (e *EditConfig) Init() tea.Cmd {
	return tea.Batch(e.loadConfigs(), e.loadDefault())
}

// loadConfigs asks for the topic's configs.
func (e *EditConfig) loadConfigs() tea.Cmd {
	svc, topic := e.svc, e.topic
	var cmd tea.Cmd
	e.loadID, cmd = kit.Ask(&e.Asker, func(ctx context.Context) ([]kafkaops.ConfigEntry, error) { return svc.TopicConfigs(ctx, topic) },
		func(id uint64, es []kafkaops.ConfigEntry, err error) tea.Msg {
			return editLoadedMsg{reqID: id, entries: es, err: err}
		})
	return cmd
}

// current returns the config being edited as the topic has it now.
func (e *EditConfig) current() (kafkaops.ConfigEntry, bool) {
	for _, c := range e.entries {
		if c.Name == e.name {
			return c, true
		}
	}
	return kafkaops.ConfigEntry{}, false
}

// Update handles keys, pastes and the service's answers.
func (e *EditConfig) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case editLoadedMsg:
		if msg.reqID == e.loadID {
			e.entries, e.loadErr = msg.entries, msg.err
			e.prefill()
			return e, e.startReset()
		}
	case defaultLoadedMsg:
		return e, e.defaultLoaded(msg)
	case editAnswerMsg:
		return e, e.answer(msg)
	case tea.PasteMsg:
		if e.phase == phaseEdit {
			e.input().Update(msg)
		}
	case tea.KeyPressMsg:
		return e, e.key(msg)
	}
	return e, nil
}

// prefill puts the current value in the input, once, so it can be edited.
func (e *EditConfig) prefill() {
	if c, ok := e.current(); ok && e.value.Value() == "" && !c.Sensitive {
		e.value.SetValue(c.Value)
	}
}

// input is the input that has focus.
func (e *EditConfig) input() *kit.LineInput {
	if e.naming {
		return &e.nameIn
	}
	return &e.value
}

func (e *EditConfig) key(msg tea.KeyPressMsg) tea.Cmd {
	switch e.phase {
	case phaseDryRun, phaseApply:
		if kit.Matches(msg, e.keys.Back) {
			return kit.Pop()
		}
		return nil
	case phaseConfirm:
		switch {
		case kit.Matches(msg, e.keys.Apply):
			e.phase = phaseApply
			return e.send(false)
		case e.resetOnly && (kit.Matches(msg, e.keys.Back) || msg.String() == "n"):
			return kit.Pop()
		case kit.Matches(msg, e.keys.Back), msg.String() == "n":
			e.phase = phaseEdit
		}
		return nil
	}
	switch {
	case kit.Matches(msg, e.keys.Back):
		return kit.Pop()
	case e.naming && kit.Matches(msg, e.keys.Complete):
		if c := nameCompletion(e.nameIn.Value()); c != "" {
			e.nameIn.SetValue(c)
		}
		return nil
	case e.naming && kit.Matches(msg, e.keys.Submit):
		return e.acceptName()
	case !e.naming && kit.Matches(msg, e.keys.Reset):
		return e.reset()
	case !e.naming && kit.Matches(msg, e.keys.Submit):
		return e.submit()
	}
	e.failure = ""
	e.input().Update(msg)
	return nil
}

// nameCompletion completes a config name prefix to the first known name.
func nameCompletion(prefix string) string {
	for _, c := range kafkaops.TopicConfigCompletions(prefix) {
		return strings.TrimSuffix(c, "=")
	}
	return ""
}

// acceptName moves from the name to the value once the name is known.
func (e *EditConfig) acceptName() tea.Cmd {
	name := strings.TrimSpace(e.nameIn.Value())
	if _, ok := kafkaops.TopicConfigSpec(name); !ok {
		e.failure = fmt.Sprintf("%s is not a topic config Kafka knows (tab completes a name)", kit.Sanitize(name))
		return nil
	}
	e.name, e.naming, e.failure = name, false, ""
	e.prefill()
	return nil
}

// valueErr says what is wrong with the typed value, nil when Kafka would
// take it.
func (e *EditConfig) valueErr() error {
	return kafkaops.ValidateTopicConfig(e.name, strings.TrimSpace(e.value.Value()))
}

// submit dry-runs setting the typed value.
func (e *EditConfig) submit() tea.Cmd {
	v, err := kafkaops.NormalizeTopicConfig(e.name, strings.TrimSpace(e.value.Value()))
	if err != nil && !errors.Is(err, kafkaops.ErrUnknownTopicConfig) {
		e.failure = err.Error()
		return nil
	}
	from := "(not set)"
	if c, ok := e.current(); ok {
		if !c.Default && c.Value == v {
			e.failure = e.name + " is already " + shown(e.name, v) + " on this topic: nothing to change"
			return nil
		}
		from = shown(e.name, c.Value)
	}
	e.alter = kafkaops.ConfigAlter{Set: map[string]string{e.name: v}}
	e.diff = e.name + ": " + from + " → " + shown(e.name, v)
	e.phase = phaseDryRun
	return e.send(true)
}

// reset dry-runs removing the override, so the config takes its default.
func (e *EditConfig) reset() tea.Cmd {
	c, ok := e.current()
	if ok && c.Default {
		e.failure = e.name + " is not overridden on this topic: it already has its default"
		return nil
	}
	e.alter = kafkaops.ConfigAlter{Delete: []string{e.name}}
	e.diff = e.name + ": " + shown(e.name, c.Value) + " → " + e.defaultShown()
	e.phase = phaseDryRun
	return e.send(true)
}

// send asks the broker to validate (dryRun) or make the change.
func (e *EditConfig) send(dryRun bool) tea.Cmd {
	svc, topic, a := e.svc, e.topic, e.alter
	a.ValidateOnly = dryRun
	var cmd tea.Cmd
	e.reqID, cmd = kit.Do(&e.Asker, func(ctx context.Context) error { return svc.AlterTopicConfigs(ctx, topic, a) },
		func(id uint64, err error) tea.Msg { return editAnswerMsg{reqID: id, err: err} })
	return cmd
}

// answer handles the broker's answer to a dry run or the change.
func (e *EditConfig) answer(msg editAnswerMsg) tea.Cmd {
	if msg.reqID != e.reqID {
		return nil
	}
	if msg.err != nil {
		e.phase = phaseEdit
		if e.resetOnly {
			e.phase = phaseDryRun // nothing to edit: esc closes
		}
		e.failure = "Kafka refused the change: " + kafkaops.Describe(msg.err)
		return kit.Status(e.failure, true)
	}
	if e.phase == phaseDryRun {
		e.phase = phaseConfirm
		return nil
	}
	done := "changed " + kit.Sanitize(e.topic) + " · " + kit.Sanitize(e.diff)
	return tea.Sequence(kit.Pop(), kit.TopicsChanged(e.topic), kit.Status(done, false))
}

// shown renders a config value with its unit: "604800000 (7d)".
func shown(name, v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case v == "":
		return "(none)"
	case err != nil:
		return kit.Sanitize(v)
	case strings.HasSuffix(name, ".ms") && (n >= 1000 || n == -1):
		return v + " (" + kit.HumanMillis(v) + ")"
	case strings.HasSuffix(name, ".bytes") && (n >= 1024 || n == -1):
		return v + " (" + kit.HumanBytes(v) + ")"
	}
	return v
}

// Title names the screen.
func (e *EditConfig) Title() string {
	if e.name == "" {
		return "Add config · " + kit.Sanitize(e.topic)
	}
	if e.resetOnly {
		return "Reset " + kit.Sanitize(e.name)
	}
	return "Edit " + kit.Sanitize(e.name)
}

// SetSize sets the body size.
func (e *EditConfig) SetSize(width, height int) { e.width, e.height = width, height }

// Capturing is always true: keys type the name or the value.
func (e *EditConfig) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (e *EditConfig) ShortHelp() []key.Binding {
	switch {
	case e.resetOnly && e.phase != phaseConfirm:
		return []key.Binding{kit.EscKey("close")}
	case e.phase == phaseConfirm:
		return []key.Binding{e.keys.Apply, e.keys.Back}
	case e.naming:
		return []key.Binding{e.keys.Complete, kit.OpenKey("next"), e.keys.Back}
	}
	return []key.Binding{e.keys.Submit, e.keys.Reset, e.keys.Back}
}

// FullHelp lists every key.
func (e *EditConfig) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

// View draws the edit box centred in the body.
func (e *EditConfig) View() string {
	st := e.st
	w, h := e.width, e.height
	cw := contentWidth(w)
	wrap := func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
	lines := []string{st.Title.Render(kit.Truncate(e.Title()+" of "+kit.Sanitize(e.topic), cw)), ""}
	if e.naming {
		ghost := strings.TrimPrefix(nameCompletion(e.nameIn.Value()), e.nameIn.Value())
		lines = append(lines, "Config name:", st.Accent.Render("> ")+kit.InputView(&e.nameIn, st, true, "retention.ms", ghost, cw-2))
		lines = append(lines, e.footer(wrap)...)
		return fitBox(st, lines, w, h)
	}
	lines = append(lines, e.currentLines(wrap)...)
	if e.resetOnly {
		lines = append(lines, e.footer(wrap)...)
		return fitBox(st, lines, w, h)
	}
	lines = append(lines, "", "New value (units allowed: 7d, 1GiB):",
		st.Accent.Render("> ")+kit.InputView(&e.value, st, e.phase == phaseEdit, "", "", cw-2))
	if e.phase == phaseEdit && e.failure == "" && strings.TrimSpace(e.value.Value()) != "" {
		if err := e.valueErr(); err != nil && !errors.Is(err, kafkaops.ErrUnknownTopicConfig) {
			lines = append(lines, st.Warning.Render(wrap("! "+err.Error())))
		} else if v, err := kafkaops.NormalizeTopicConfig(e.name, strings.TrimSpace(e.value.Value())); err == nil {
			lines = append(lines, st.Subtle.Render(wrap("= "+shown(e.name, v))))
		}
	}
	lines = append(lines, e.footer(wrap)...)
	return fitBox(st, lines, w, h)
}

// currentLines say the config's value now and where it comes from.
func (e *EditConfig) currentLines(wrap func(string) string) []string {
	st := e.st
	c, ok := e.current()
	switch {
	case e.loadErr != nil:
		return []string{st.Error.Render(wrap("Could not load the current value: " + kafkaops.Describe(e.loadErr)))}
	case e.entries == nil:
		return []string{st.Subtle.Render("Loading the current value…")}
	case !ok:
		return []string{"Current: " + st.Subtle.Render("not set on this topic")}
	}
	v := shown(e.name, c.Value)
	if c.Sensitive {
		v = kafkaops.SensitiveMask
	}
	src := "topic override"
	if c.Default {
		src = "default (" + kit.Sanitize(string(c.Source)) + ")"
	}
	return []string{wrap("Current: " + v), st.Subtle.Render(wrap("Source:  " + src))}
}

// footer says where the edit stands: the diff, progress or the error.
func (e *EditConfig) footer(wrap func(string) string) []string {
	st := e.st
	out := []string{""}
	switch {
	case e.failure != "":
		out = append(out, st.Error.Render(wrap("✗ "+e.failure)))
	case e.phase == phaseDryRun && e.alter.Set == nil && e.alter.Delete == nil:
		out = append(out, st.Subtle.Render("loading the current and the default value…"))
	case e.phase == phaseDryRun:
		out = append(out, st.Accent.Render("checking the change with the broker (dry run)…"))
	case e.phase == phaseConfirm && e.resetOnly:
		out = append(out, wrap(kit.Sanitize(e.diff)), "", st.Subtle.Render(wrap("the broker accepts it (dry run) · y resets · esc cancels")))
	case e.phase == phaseConfirm:
		out = append(out, wrap(kit.Sanitize(e.diff)), "", st.Subtle.Render("the broker accepts it (dry run) · y applies · esc edits"))
	case e.phase == phaseApply:
		out = append(out, wrap(kit.Sanitize(e.diff)), st.Accent.Render("applying…"))
	case e.naming:
		out = append(out, st.Subtle.Render("tab completes · enter next · esc cancels"))
	default:
		out = append(out, st.Subtle.Render("enter dry-runs · ctrl+r resets to default · esc cancels"))
	}
	return out
}
