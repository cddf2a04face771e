package cluster

import (
	"context"
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

// brokerEditPhase is where a broker config edit stands.
type brokerEditPhase int

const (
	brokerPhaseEdit    brokerEditPhase = iota // typing the value
	brokerPhaseDryRun                         // the broker validates the change
	brokerPhaseConfirm                        // the diff shows; y applies
	brokerPhaseApply                          // the change is being made
)

// brokerEditLoadedMsg brings the broker's configs, for the current value.
type brokerEditLoadedMsg struct {
	reqID   uint64
	entries []kafkaops.ConfigEntry
	err     error
}

// brokerEditAnswerMsg is the broker's answer to a dry run or a change.
type brokerEditAnswerMsg struct {
	reqID uint64
	err   error
}

// brokerConfigsChangedMsg tells the broker configs screen that a change
// was made, so it loads the configs again.
type brokerConfigsChangedMsg struct{ id int32 }

// brokerEditKeys are the broker config edit's keys.
type brokerEditKeys struct {
	Submit key.Binding
	Apply  key.Binding
	Back   key.Binding
}

func newBrokerEditKeys() brokerEditKeys {
	return brokerEditKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "dry run")),
		Apply:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "apply")),
		Back:   kit.EscKey("back"),
	}
}

// EditBrokerConfig changes one dynamic config of a broker, or removes its
// dynamic override: the current value and its source, an input that takes
// units ("7d" or "604800000") and says what is wrong as you type, a dry
// run (validateOnly), the diff, y to apply with IncrementalAlterConfigs.
type EditBrokerConfig struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	id    int32
	name  string
	reset bool // remove the override rather than set a value
	keys  brokerEditKeys

	width, height int
	value         kit.LineInput

	loadID  uint64
	entries []kafkaops.ConfigEntry
	loadErr error

	phase   brokerEditPhase
	reqID   uint64
	target  int32 // the broker the change goes to, or kafkaops.AllBrokers
	alter   kafkaops.ConfigAlter
	diff    string
	failure string
}

var _ kit.Screen = (*EditBrokerConfig)(nil)

// NewEditBrokerConfig returns the edit screen of config name of broker id;
// with reset it dry-runs removing the override as soon as the current
// value is known.
func NewEditBrokerConfig(svc kafkaops.Service, st *theme.Styles, id int32, name string, reset bool) kit.Screen {
	e := &EditBrokerConfig{svc: svc, st: st, id: id, name: name, reset: reset, keys: newBrokerEditKeys()}
	e.SetSize(80, 24)
	return e
}

// Init loads the broker's configs for the current value.
func (e *EditBrokerConfig) Init() tea.Cmd {
	svc, id := e.svc, e.id
	var cmd tea.Cmd
	e.loadID, cmd = kit.Ask(&e.Asker, func(ctx context.Context) ([]kafkaops.ConfigEntry, error) { return svc.BrokerConfigs(ctx, id) },
		func(rid uint64, es []kafkaops.ConfigEntry, err error) tea.Msg {
			return brokerEditLoadedMsg{reqID: rid, entries: es, err: err}
		})
	return cmd
}

// current returns the config as the broker has it now.
func (e *EditBrokerConfig) current() (kafkaops.ConfigEntry, bool) {
	for _, c := range e.entries {
		if c.Name == e.name {
			return c, true
		}
	}
	return kafkaops.ConfigEntry{}, false
}

// Update handles keys, pastes and the service's answers.
func (e *EditBrokerConfig) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case brokerEditLoadedMsg:
		if msg.reqID != e.loadID {
			return e, nil
		}
		return e, e.loaded(msg)
	case brokerEditAnswerMsg:
		return e, e.answer(msg)
	case tea.PasteMsg:
		if e.phase == brokerPhaseEdit {
			e.value.Update(msg)
		}
	case tea.KeyPressMsg:
		return e, e.key(msg)
	}
	return e, nil
}

// loaded keeps the current configs, prefills the input and, for a reset,
// starts the dry run.
func (e *EditBrokerConfig) loaded(msg brokerEditLoadedMsg) tea.Cmd {
	e.entries, e.loadErr = msg.entries, msg.err
	c, ok := e.current()
	if ok && !c.Sensitive && e.value.Value() == "" {
		e.value.SetValue(c.Value)
	}
	if e.reset && msg.err == nil {
		return e.remove()
	}
	return nil
}

func (e *EditBrokerConfig) key(msg tea.KeyPressMsg) tea.Cmd {
	switch e.phase {
	case brokerPhaseDryRun, brokerPhaseApply:
		if kit.Matches(msg, e.keys.Back) {
			return kit.Pop()
		}
		return nil
	case brokerPhaseConfirm:
		switch {
		case kit.Matches(msg, e.keys.Apply):
			e.phase = brokerPhaseApply
			return e.send(false)
		case kit.Matches(msg, e.keys.Back), msg.String() == "n":
			if e.reset {
				return kit.Pop()
			}
			e.phase = brokerPhaseEdit
		}
		return nil
	}
	switch {
	case kit.Matches(msg, e.keys.Back):
		return kit.Pop()
	case e.reset:
		return nil // only the dry run's answer moves a reset on
	case kit.Matches(msg, e.keys.Submit):
		return e.submit()
	}
	e.failure = ""
	e.value.Update(msg)
	return nil
}

// normalized returns the typed value as Kafka takes it, or what is wrong.
func (e *EditBrokerConfig) normalized() (string, error) {
	c, _ := e.current()
	return kafkaops.NormalizeBrokerConfig(e.name, e.value.Value(), c.Value)
}

// submit dry-runs setting the typed value.
func (e *EditBrokerConfig) submit() tea.Cmd {
	if e.entries == nil {
		e.failure = "the current value has not arrived yet"
		return nil
	}
	v, err := e.normalized()
	if err != nil {
		e.failure = err.Error()
		return nil
	}
	c, _ := e.current()
	if !c.Default && c.Value == v && c.Source == kafkaops.SourceDynamicBroker {
		e.failure = e.name + " is already " + configShown(e.name, v) + " on this broker: nothing to change"
		return nil
	}
	e.alter, e.target = kafkaops.ConfigAlter{Set: map[string]string{e.name: v}}, e.id
	e.diff = e.name + ": " + configShown(e.name, c.Value) + " → " + configShown(e.name, v)
	e.phase = brokerPhaseDryRun
	return e.send(true)
}

// remove dry-runs removing the broker's dynamic override, or the
// cluster-wide dynamic default when that is where the value comes from.
func (e *EditBrokerConfig) remove() tea.Cmd {
	c, _ := e.current()
	e.target = e.id
	switch c.Source {
	case kafkaops.SourceDynamicBroker:
		e.diff = e.name + ": " + configShown(e.name, c.Value) + " → removed (back to static or default)"
	case kafkaops.SourceDynamicDefault:
		e.target = kafkaops.AllBrokers
		e.diff = e.name + ": cluster-wide " + configShown(e.name, c.Value) + " → removed on every broker"
	default:
		e.failure = e.name + " has no dynamic override on broker " + strconv.Itoa(int(e.id)) + " to remove"
		return nil
	}
	e.alter = kafkaops.ConfigAlter{Delete: []string{e.name}}
	e.phase = brokerPhaseDryRun
	return e.send(true)
}

// send asks the broker to validate (dryRun) or make the change.
func (e *EditBrokerConfig) send(dryRun bool) tea.Cmd {
	svc, id, a := e.svc, e.target, e.alter
	a.ValidateOnly = dryRun
	var cmd tea.Cmd
	e.reqID, cmd = kit.Do(&e.Asker, func(ctx context.Context) error { return svc.AlterBrokerConfigs(ctx, id, a) },
		func(rid uint64, err error) tea.Msg { return brokerEditAnswerMsg{reqID: rid, err: err} })
	return cmd
}

// answer handles the broker's answer to a dry run or to the change.
func (e *EditBrokerConfig) answer(msg brokerEditAnswerMsg) tea.Cmd {
	if msg.reqID != e.reqID {
		return nil
	}
	if msg.err != nil {
		e.phase = brokerPhaseEdit
		e.failure = "Kafka refused the change: " + kafkaops.Describe(msg.err)
		return kit.Status(e.failure, true)
	}
	if e.phase == brokerPhaseDryRun {
		e.phase = brokerPhaseConfirm
		return nil
	}
	id := e.id
	// Short enough for one status line at 60 columns: the diff showed.
	done := fmt.Sprintf("broker %d: %s changed", id, kit.Sanitize(e.name))
	if e.target == kafkaops.AllBrokers {
		done = "every broker: " + kit.Sanitize(e.name) + " changed"
	}
	return tea.Sequence(kit.Pop(), func() tea.Msg { return brokerConfigsChangedMsg{id: id} }, kit.Status(done, false))
}

// configShown renders a config value with its unit: "604800000 (7d)".
func configShown(name, v string) string {
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
func (e *EditBrokerConfig) Title() string {
	if e.reset {
		return "Remove override " + kit.Sanitize(e.name)
	}
	return "Edit " + kit.Sanitize(e.name)
}

// SetSize sets the body size.
func (e *EditBrokerConfig) SetSize(width, height int) { e.width, e.height = width, height }

// Capturing is always true: keys type the value.
func (e *EditBrokerConfig) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (e *EditBrokerConfig) ShortHelp() []key.Binding {
	switch {
	case e.phase == brokerPhaseConfirm:
		return []key.Binding{e.keys.Apply, e.keys.Back}
	case e.reset || e.phase != brokerPhaseEdit:
		return []key.Binding{e.keys.Back}
	}
	return []key.Binding{e.keys.Submit, e.keys.Back}
}

// FullHelp lists every key.
func (e *EditBrokerConfig) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

// View draws the edit box centred in the body.
func (e *EditBrokerConfig) View() string {
	st := e.st
	cw := kit.ModalContentWidth(e.width)
	wrap := func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
	lines := []string{st.Title.Render(kit.Truncate(fmt.Sprintf("%s of broker %d", e.Title(), e.id), cw)), ""}
	lines = append(lines, e.currentLines(wrap)...)
	if !e.reset {
		lines = append(lines, "", "New value (units allowed: 7d, 1GiB):",
			st.Accent.Render("> ")+kit.InputView(&e.value, st, e.phase == brokerPhaseEdit, "", "", cw-2))
		if e.phase == brokerPhaseEdit && e.failure == "" && e.entries != nil && strings.TrimSpace(e.value.Value()) != "" {
			if v, err := e.normalized(); err != nil {
				lines = append(lines, st.Warning.Render(wrap("! "+err.Error())))
			} else {
				lines = append(lines, st.Subtle.Render(wrap("= "+configShown(e.name, v))))
			}
		}
	}
	lines = append(lines, e.footer(wrap)...)
	return kit.FitModal(st, lines, e.width, e.height)
}

// currentLines say the config's value now and where it comes from.
func (e *EditBrokerConfig) currentLines(wrap func(string) string) []string {
	st := e.st
	c, ok := e.current()
	switch {
	case e.loadErr != nil:
		return []string{st.Error.Render(wrap("Could not load the current value: " + kafkaops.Describe(e.loadErr)))}
	case e.entries == nil:
		return []string{st.Subtle.Render("Loading the current value…")}
	case !ok:
		return []string{"Current: " + st.Subtle.Render("not set on this broker")}
	}
	v := configShown(e.name, c.Value)
	if c.Sensitive {
		v = kafkaops.SensitiveMask
	}
	return []string{wrap("Current: " + v), st.Subtle.Render(wrap("Source:  " + sourceWords(c.Source)))}
}

// sourceWords names a broker config's source.
func sourceWords(s kafkaops.ConfigSource) string {
	switch s {
	case kafkaops.SourceDynamicBroker:
		return "dynamic override on this broker"
	case kafkaops.SourceDynamicDefault:
		return "cluster-wide dynamic default"
	case kafkaops.SourceStaticBroker:
		return "static (server.properties)"
	case kafkaops.SourceDefault:
		return "Kafka's default"
	}
	return kit.Sanitize(string(s))
}

// footer says where the edit stands: the diff, progress or the error.
func (e *EditBrokerConfig) footer(wrap func(string) string) []string {
	st := e.st
	out := []string{""}
	switch {
	case e.failure != "":
		out = append(out, st.Error.Render(wrap("✗ "+e.failure)))
	case e.phase == brokerPhaseDryRun:
		out = append(out, st.Accent.Render("checking the change with the broker (dry run)…"))
	case e.phase == brokerPhaseConfirm:
		out = append(out, wrap(kit.Sanitize(e.diff)), "", st.Subtle.Render("the broker accepts it (dry run) · y applies · esc cancels"))
	case e.phase == brokerPhaseApply:
		out = append(out, wrap(kit.Sanitize(e.diff)), st.Accent.Render("applying…"))
	case e.reset:
		out = append(out, st.Subtle.Render("loading the current value…"))
	default:
		out = append(out, st.Subtle.Render("enter dry-runs · esc cancels"))
	}
	return out
}
