package kit

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// ErrValueUnchecked is what a ConfigEditSpec's Normalize returns for a
// config it has no rules for: the value goes to the broker as typed, and
// the dry run judges it.
var ErrValueUnchecked = errors.New("kscope has no rules for this config")

// ConfigChange is one planned change of a config: what goes to the broker
// and the line the user confirms.
type ConfigChange struct {
	// Alter is the change; the edit sets ValidateOnly for the dry run.
	Alter kafkaops.ConfigAlter
	// Diff is what will change: "retention.ms: 604800000 (7d) → 86400000
	// (1d)" (see ConfigDiff).
	Diff string
	// ClusterWide marks a change that goes to every resource of the
	// kind (a broker config's cluster-wide dynamic default) rather than
	// to the one edited.
	ClusterWide bool
}

// ConfigDefault is the value a config takes without an override, as far
// as the broker said.
type ConfigDefault struct {
	Value string
	Known bool // false: the broker did not say
}

// ConfigEditSpec is what a config edit works on: the resource's configs,
// how a typed value becomes Kafka's, how the override is removed and what
// is said along the way. The functions that take a context run off the UI
// goroutine; the others run in Update.
type ConfigEditSpec struct {
	// Subject names the resource in the box's title ("bankbranch",
	// "broker 1"); Where in a sentence ("this topic").
	Subject, Where string
	// Name is the config; "" asks for it first (CheckName, Complete).
	Name string
	// Reset opens the edit to remove the override: no input, the dry run
	// starts once the current value (and the default) is known, and esc
	// closes.
	Reset bool
	// ResetTitle begins a reset's title ("Reset"); ResetVerb is y's help
	// word on its diff ("reset"; default "apply").
	ResetTitle, ResetVerb string
	// OfferReset lets ctrl+r remove the override from the value input.
	OfferReset bool

	// Load returns the resource's configs, for the current value.
	Load func(ctx context.Context) ([]kafkaops.ConfigEntry, error)
	// Default, when set, returns the value name takes without an
	// override; a reset waits for its answer.
	Default func(ctx context.Context, name string) (value string, known bool, err error)
	// Alter validates (ch.Alter.ValidateOnly) or makes the change.
	Alter func(ctx context.Context, ch ConfigChange) error

	// Normalize returns the typed value (trimmed) as Kafka takes it
	// ("7d" → "604800000") or what is wrong with it; current is the
	// config's value now.
	Normalize func(name, typed, current string) (string, error)
	// NeedsCurrent says Normalize needs the current value: the value is
	// checked and sent only once it is loaded.
	NeedsCurrent bool
	// Overridden reports whether the resource sets c itself, so that
	// setting the same value again changes nothing.
	Overridden func(c kafkaops.ConfigEntry) bool
	// Source says where c's value comes from, sanitized.
	Source func(c kafkaops.ConfigEntry) string
	// Remove plans removing the override of name (cur, when found, is
	// its entry now), or says why there is none to remove.
	Remove func(name string, cur kafkaops.ConfigEntry, found bool, def ConfigDefault) (ConfigChange, error)
	// Applied returns what follows a change that was made: the command
	// that tells the screens below, and the status line.
	Applied func(ch ConfigChange) (notify tea.Cmd, status string)

	// CheckName says what is wrong with a typed config name; Complete
	// completes a prefix to a known name ("" for none). Both are needed
	// only when Name is "".
	CheckName func(name string) error
	Complete  func(prefix string) string
}

// configEditKeys are the config edit's own keys; the flow's are DryRun's.
type configEditKeys struct {
	Complete key.Binding
	Reset    key.Binding
}

// configDefaultMsg is the answer to ConfigEditSpec.Default.
type configDefaultMsg struct {
	reqID uint64
	def   ConfigDefault
	err   error
}

// ConfigEdit changes one config of a topic or a broker: the current value
// and its source, an input that takes units ("7d" or "604800000") and
// says what is wrong as you type, a dry run against the broker
// (validateOnly), the diff, y to apply, the Kafka error in words on a
// refusal; esc cancels. Opened to reset, it dry-runs removing the
// override at once. Opened without a config name it asks for one first.
type ConfigEdit struct {
	Asker
	flow DryRun
	spec ConfigEditSpec
	st   *theme.Styles
	keys configEditKeys

	width, height int

	naming bool // asking for the config's name first
	nameIn LineInput
	name   string
	value  LineInput

	loadID  uint64
	loaded  bool // the configs answered (or failed: loadErr)
	entries []kafkaops.ConfigEntry
	loadErr error

	defID       uint64
	defAnswered bool
	def         ConfigDefault

	change *ConfigChange // planned, dry-run or being made
}

var _ Screen = (*ConfigEdit)(nil)

// NewConfigEdit returns the config edit that spec describes.
func NewConfigEdit(st *theme.Styles, spec ConfigEditSpec) *ConfigEdit {
	e := &ConfigEdit{spec: spec, st: st, name: spec.Name, naming: spec.Name == "", keys: configEditKeys{
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Reset:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reset to default")),
	}}
	apply := "apply"
	if spec.Reset && spec.ResetVerb != "" {
		apply = spec.ResetVerb
	}
	e.flow = DryRun{Keys: NewDryRunKeys(apply), Refused: "Kafka refused the change: ", CloseOnCancel: spec.Reset}
	if spec.Reset {
		e.flow.Phase = DryRunChecking // nothing is typed: the dry run follows the loads
	}
	e.SetSize(80, 24)
	return e
}

// Init loads the configs for the current value, and the config's default.
func (e *ConfigEdit) Init() tea.Cmd {
	load := e.spec.Load
	var cmd tea.Cmd
	e.loadID, cmd = Ask(&e.Asker, load, ConfigsLoaded)
	return tea.Batch(cmd, e.loadDefault())
}

// loadDefault asks what the config takes without an override, when the
// spec can say and the name is known.
func (e *ConfigEdit) loadDefault() tea.Cmd {
	if e.spec.Default == nil || e.name == "" {
		return nil
	}
	get, name := e.spec.Default, e.name
	var cmd tea.Cmd
	e.defID, cmd = Ask(&e.Asker, func(ctx context.Context) (ConfigDefault, error) {
		v, ok, err := get(ctx, name)
		return ConfigDefault{Value: v, Known: ok}, err
	}, func(id uint64, d ConfigDefault, err error) tea.Msg {
		return configDefaultMsg{reqID: id, def: d, err: err}
	})
	return cmd
}

// current returns the config as the resource has it now.
func (e *ConfigEdit) current() (kafkaops.ConfigEntry, bool) {
	for _, c := range e.entries {
		if c.Name == e.name {
			return c, true
		}
	}
	return kafkaops.ConfigEntry{}, false
}

// Update handles keys, pastes and the service's answers.
func (e *ConfigEdit) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case ConfigsLoadedMsg:
		if msg.ReqID == e.loadID {
			e.entries, e.loadErr, e.loaded = msg.Configs, msg.Err, true
			e.prefill()
			return e, e.startReset()
		}
	case configDefaultMsg:
		if msg.reqID == e.defID {
			e.defAnswered = true
			e.def = msg.def
			e.def.Known = e.def.Known && msg.err == nil
			return e, e.startReset()
		}
	case DryRunAnswerMsg:
		return e, e.answer(msg)
	case tea.PasteMsg:
		if e.flow.Phase == DryRunEdit && !e.spec.Reset {
			e.input().Update(msg)
		}
	case tea.KeyPressMsg:
		return e, e.key(msg)
	}
	return e, nil
}

// prefill puts the current value in the input, once, so it can be edited;
// a secret stays out of it.
func (e *ConfigEdit) prefill() {
	if c, ok := e.current(); ok && e.value.Value() == "" && !c.Sensitive {
		e.value.SetValue(c.Value)
	}
}

// input is the input that has focus.
func (e *ConfigEdit) input() *LineInput {
	if e.naming {
		return &e.nameIn
	}
	return &e.value
}

// key handles a key press in the phase the edit is in.
func (e *ConfigEdit) key(msg tea.KeyPressMsg) tea.Cmd {
	if e.spec.Reset && e.flow.Phase != DryRunConfirm {
		// Nothing to type: only esc, until the diff shows.
		if Matches(msg, e.flow.Keys.Back) {
			return Pop()
		}
		return nil
	}
	if cmd, ok := e.flow.Key(&e.Asker, msg); ok {
		return cmd
	}
	switch {
	case Matches(msg, e.flow.Keys.Back):
		return Pop()
	case e.naming && Matches(msg, e.keys.Complete):
		if c := e.completion(); c != "" {
			e.nameIn.SetValue(c)
		}
		return nil
	case e.naming && Matches(msg, e.flow.Keys.Submit):
		e.acceptName()
		return nil
	case !e.naming && e.spec.OfferReset && Matches(msg, e.keys.Reset):
		return e.remove()
	case !e.naming && Matches(msg, e.flow.Keys.Submit):
		return e.submit()
	}
	e.flow.Failure = ""
	e.input().Update(msg)
	return nil
}

// completion is the known config name the typed prefix completes to.
func (e *ConfigEdit) completion() string {
	if e.spec.Complete == nil {
		return ""
	}
	return e.spec.Complete(e.nameIn.Value())
}

// acceptName moves from the name to the value once the name is known.
func (e *ConfigEdit) acceptName() {
	name := strings.TrimSpace(e.nameIn.Value())
	if e.spec.CheckName != nil {
		if err := e.spec.CheckName(name); err != nil {
			e.flow.Failure = err.Error()
			return
		}
	}
	e.name, e.naming, e.flow.Failure = name, false, ""
	e.prefill()
}

// normalized returns the typed value as Kafka takes it, or what is wrong.
func (e *ConfigEdit) normalized() (string, error) {
	c, _ := e.current()
	return e.spec.Normalize(e.name, strings.TrimSpace(e.value.Value()), c.Value)
}

// submit dry-runs setting the typed value.
func (e *ConfigEdit) submit() tea.Cmd {
	if e.spec.NeedsCurrent && !e.loaded {
		e.flow.Failure = "the current value has not arrived yet"
		return nil
	}
	v, err := e.normalized()
	if err != nil && !errors.Is(err, ErrValueUnchecked) {
		e.flow.Failure = err.Error()
		return nil
	}
	from := "(not set)"
	if c, ok := e.current(); ok {
		if e.spec.Overridden(c) && c.Value == v {
			e.flow.Failure = e.name + " is already " + ConfigShown(e.name, v) + " on " + e.spec.Where + ": nothing to change"
			return nil
		}
		from = ConfigShown(e.name, c.Value)
	}
	return e.start(ConfigChange{
		Alter: kafkaops.ConfigAlter{Set: map[string]string{e.name: v}},
		Diff:  ConfigDiff(e.name, from, ConfigShown(e.name, v)),
	})
}

// remove dry-runs removing the override, as the spec plans it.
func (e *ConfigEdit) remove() tea.Cmd {
	c, ok := e.current()
	ch, err := e.spec.Remove(e.name, c, ok, e.def)
	if err != nil {
		e.flow.Failure = err.Error()
		return nil
	}
	return e.start(ch)
}

// startReset dry-runs the removal on a reset once the configs (and the
// default, when the spec loads one) have answered; the default may be
// unknown, and the diff then says so.
func (e *ConfigEdit) startReset() tea.Cmd {
	if !e.spec.Reset || !e.loaded || (e.spec.Default != nil && !e.defAnswered) || e.change != nil || e.flow.Failure != "" {
		return nil
	}
	if e.loadErr != nil {
		e.flow.Failure = "could not load the current value: " + kafkaops.Describe(e.loadErr)
		return nil
	}
	return e.remove()
}

// start dry-runs ch.
func (e *ConfigEdit) start(ch ConfigChange) tea.Cmd {
	e.change = &ch
	alter := e.spec.Alter
	return e.flow.Start(&e.Asker, func(ctx context.Context, validateOnly bool) error {
		c := ch
		c.Alter.ValidateOnly = validateOnly
		return alter(ctx, c)
	})
}

// answer handles the broker's answer to a dry run or to the change.
func (e *ConfigEdit) answer(msg DryRunAnswerMsg) tea.Cmd {
	done, cmd := e.flow.Answer(msg)
	if !done {
		return cmd
	}
	notify, status := e.spec.Applied(*e.change)
	return tea.Sequence(Pop(), notify, Status(status, false))
}

// ConfigShown renders a config value with its unit: "604800000 (7d)",
// "(none)" for an empty one; text is sanitized.
func ConfigShown(name, v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case v == "":
		return "(none)"
	case err != nil:
		return Sanitize(v)
	case strings.HasSuffix(name, ".ms") && (n >= 1000 || n == -1):
		return v + " (" + HumanMillis(v) + ")"
	case strings.HasSuffix(name, ".bytes") && (n >= 1024 || n == -1):
		return v + " (" + HumanBytes(v) + ")"
	}
	return v
}

// ConfigDiff is the line that says a config's change: "name: from → to".
func ConfigDiff(name, from, to string) string { return name + ": " + from + " → " + to }

// Title names the screen.
func (e *ConfigEdit) Title() string {
	switch {
	case e.name == "":
		return "Add config · " + Sanitize(e.spec.Subject)
	case e.spec.Reset:
		return e.spec.ResetTitle + " " + Sanitize(e.name)
	}
	return "Edit " + Sanitize(e.name)
}

// SetSize sets the body size.
func (e *ConfigEdit) SetSize(width, height int) { e.width, e.height = width, height }

// Capturing is always true: keys type the name or the value.
func (e *ConfigEdit) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (e *ConfigEdit) ShortHelp() []key.Binding {
	switch {
	case e.spec.Reset && e.flow.Phase != DryRunConfirm:
		return []key.Binding{EscKey("close")}
	case e.naming:
		return []key.Binding{e.keys.Complete, OpenKey("next"), e.flow.Keys.Back}
	case e.spec.OfferReset:
		return e.flow.Help([]key.Binding{e.flow.Keys.Submit, e.keys.Reset, e.flow.Keys.Back})
	}
	return e.flow.Help([]key.Binding{e.flow.Keys.Submit, e.flow.Keys.Back})
}

// FullHelp lists every key.
func (e *ConfigEdit) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

// View draws the edit box centred in the body.
func (e *ConfigEdit) View() string {
	st := e.st
	cw, wrap := ModalWrap(e.width)
	title := e.Title()
	if !e.naming {
		title += " of " + Sanitize(e.spec.Subject)
	}
	lines := []string{st.Title.Render(Truncate(title, cw)), ""}
	switch {
	case e.naming:
		ghost := strings.TrimPrefix(e.completion(), e.nameIn.Value())
		lines = append(lines, "Config name:", st.Accent.Render("> ")+InputView(&e.nameIn, st, true, "retention.ms", ghost, cw-2))
	case e.spec.Reset:
		lines = append(lines, e.currentLines(wrap)...)
	default:
		lines = append(lines, e.currentLines(wrap)...)
		lines = append(lines, "", "New value (units allowed: 7d, 1GiB):",
			st.Accent.Render("> ")+InputView(&e.value, st, e.flow.Phase == DryRunEdit, "", "", cw-2))
		lines = append(lines, e.hint(wrap)...)
	}
	lines = append(lines, e.footer(wrap)...)
	return FitModal(st, lines, e.width, e.height)
}

// hint says, as the value is typed, what Kafka will get or what is wrong.
func (e *ConfigEdit) hint(wrap func(string) string) []string {
	if e.flow.Phase != DryRunEdit || e.flow.Failure != "" || (e.spec.NeedsCurrent && !e.loaded) || strings.TrimSpace(e.value.Value()) == "" {
		return nil
	}
	v, err := e.normalized()
	switch {
	case errors.Is(err, ErrValueUnchecked):
		return nil
	case err != nil:
		return []string{e.st.Warning.Render(wrap("! " + err.Error()))}
	}
	return []string{e.st.Subtle.Render(wrap("= " + ConfigShown(e.name, v)))}
}

// currentLines say the config's value now and where it comes from.
func (e *ConfigEdit) currentLines(wrap func(string) string) []string {
	st := e.st
	c, ok := e.current()
	switch {
	case e.loadErr != nil:
		return []string{st.Error.Render(wrap("Could not load the current value: " + kafkaops.Describe(e.loadErr)))}
	case !e.loaded:
		return []string{st.Subtle.Render("Loading the current value…")}
	case !ok:
		return []string{"Current: " + st.Subtle.Render("not set on "+e.spec.Where)}
	}
	v := ConfigShown(e.name, c.Value)
	if c.Sensitive {
		v = kafkaops.SensitiveMask
	}
	return []string{wrap("Current: " + v), st.Subtle.Render(wrap("Source:  " + e.spec.Source(c)))}
}

// footer says where the edit stands: the diff, progress or the error.
func (e *ConfigEdit) footer(wrap func(string) string) []string {
	st := e.st
	out := []string{""}
	switch {
	case e.flow.Failure != "":
		return append(out, st.Error.Render(wrap("✗ "+e.flow.Failure)))
	case e.flow.Phase == DryRunChecking && e.change == nil:
		what := "the current value"
		if e.spec.Default != nil {
			what = "the current and the default value"
		}
		return append(out, st.Subtle.Render(wrap("loading "+what+"…")))
	case e.flow.Phase == DryRunChecking:
		return append(out, st.Accent.Render(wrap(DryRunCheckingText)))
	case e.flow.Phase == DryRunConfirm:
		return append(out, wrap(Sanitize(e.change.Diff)), "",
			st.Subtle.Render(wrap("the broker accepts it (dry run) · "+KeyHints(e.ShortHelp()))))
	case e.flow.Phase == DryRunApplying:
		return append(out, wrap(Sanitize(e.change.Diff)), st.Accent.Render("applying…"))
	}
	// The keys in the words of the help line.
	return append(out, st.Subtle.Render(wrap(KeyHints(e.ShortHelp()))))
}
