package schemas

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// latestMsg brings the subject's latest version, to start the editor
// from.
type latestMsg struct {
	reqID    uint64
	versions []kafkaops.SchemaVersion
	err      error
}

// checkedMsg is the registry's answer to the dry run.
type checkedMsg struct {
	reqID uint64
	check kafkaops.CompatibilityCheck
	err   error
}

// registeredMsg is the registry's answer to the register request.
type registeredMsg struct {
	reqID uint64
	v     kafkaops.SchemaVersion
	err   error
}

// registerStep is where the register form is.
type registerStep int

const (
	editing  registerStep = iota
	checking              // the dry run is under way
	checked               // the dry run answered: y registers when compatible
	registering
)

// The register form's fields.
const (
	regSubject = iota
	regText
	regFields
)

// schemaTypes are the types ctrl+t cycles through.
var schemaTypes = []string{kafkaops.SchemaAvro, kafkaops.SchemaProtobuf, kafkaops.SchemaJSONSchema}

// Register registers a new version of a subject (or a new subject): the
// schema is typed in an editor that starts from the latest version;
// ctrl+s runs the registry's compatibility check first (a dry run) and
// shows its answer, and only then y registers.
type Register struct {
	kit.Asker
	reg  kafkaops.SchemaRegistry
	st   *theme.Styles
	keys registerKeys

	width, height int

	subject kit.LineInput
	text    kit.TextArea
	typ     int // index into schemaTypes
	focus   int
	latest  int // the latest version's number, 0 when none

	step     registerStep
	reqID    uint64
	check    kafkaops.CompatibilityCheck
	failure  string
	loadedID uint64
	start    string           // the editor's text as loaded, to tell edits
	discard  kit.DiscardGuard // asking whether to drop the edits
}

var _ kit.Screen = (*Register)(nil)

// NewRegister returns the register form for subject ("" types one).
func NewRegister(reg kafkaops.SchemaRegistry, st *theme.Styles, subject string) kit.Screen {
	r := &Register{reg: reg, st: st, keys: newRegisterKeys(), text: kit.NewTextArea()}
	r.subject.SetValue(subject)
	if subject != "" {
		r.focus = regText
	}
	r.SetSize(80, 24)
	return r
}

// Init loads the subject's latest version into the editor.
func (r *Register) Init() tea.Cmd {
	subject := r.subject.Value()
	if r.reg == nil || subject == "" {
		return nil
	}
	reg := r.reg
	var cmd tea.Cmd
	r.loadedID, cmd = kit.Ask(&r.Asker, func(ctx context.Context) ([]kafkaops.SchemaVersion, error) {
		return reg.SubjectVersions(ctx, subject)
	}, func(id uint64, vs []kafkaops.SchemaVersion, err error) tea.Msg {
		return latestMsg{reqID: id, versions: vs, err: err}
	})
	return cmd
}

// Update handles keys, pastes and the registry's answers.
func (r *Register) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case latestMsg:
		r.loadLatest(msg)
	case checkedMsg:
		return r, r.checkedAnswer(msg)
	case registeredMsg:
		return r, r.registeredAnswer(msg)
	case tea.PasteMsg:
		if r.step == editing && !r.discard.Asking {
			r.input(msg)
		}
	case tea.KeyPressMsg:
		return r, r.key(msg)
	}
	return r, nil
}

// loadLatest starts the editor from the latest version, unless the user
// typed already.
func (r *Register) loadLatest(msg latestMsg) {
	if msg.reqID != r.loadedID || msg.err != nil || len(msg.versions) == 0 || r.text.Value() != "" {
		return
	}
	v := msg.versions[len(msg.versions)-1]
	r.latest = v.Version
	for i, t := range schemaTypes {
		if t == v.Type {
			r.typ = i
		}
	}
	r.text.SetValue(strings.Join(plainLines(v), "\n"))
	r.start = r.text.Value()
}

// input gives msg to the focused field.
func (r *Register) input(msg tea.Msg) {
	if r.focus == regSubject {
		r.subject.Update(msg)
		return
	}
	r.text.Update(msg)
}

func (r *Register) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.keys
	switch {
	case r.discard.Asking:
		return r.discard.Key(msg, k.form)
	case r.step == checking && kit.Matches(msg, k.form.Cancel):
		// The answer is dropped (checkedAnswer wants step checking).
		r.step = editing
		return kit.Status("compatibility check dropped: nothing was registered", false)
	case r.step == checking || r.step == registering:
		return nil
	case r.step == checked:
		switch {
		case kit.Matches(msg, k.Confirm) && r.check.Compatible:
			return r.register()
		case kit.Matches(msg, k.Confirm):
			return kit.Status("the registry would refuse this schema: edit it (n or esc) and check again", true)
		case kit.Matches(msg, k.Edit):
			r.step = editing
		}
		return nil
	}
	switch {
	case kit.Matches(msg, k.form.Cancel):
		return r.discard.Cancel(r.text.Value() != r.start)
	case kit.Matches(msg, k.form.Submit):
		return r.dryRun()
	case kit.Matches(msg, k.Type):
		r.typ = (r.typ + 1) % len(schemaTypes)
		return kit.Status("schema type: "+typeLabel(schemaTypes[r.typ]), false)
	case kit.Matches(msg, k.Pretty):
		return r.pretty()
	case kit.Matches(msg, k.form.Next), kit.Matches(msg, k.form.Prev):
		r.focus = (r.focus + 1) % regFields
		return nil
	case r.focus == regSubject && msg.String() == "enter":
		r.focus = regText
		return nil
	}
	r.input(msg)
	r.failure = ""
	return nil
}

// draft is the schema typed.
func (r *Register) draft() kafkaops.SchemaDraft {
	return kafkaops.SchemaDraft{Type: schemaTypes[r.typ], Text: r.text.Value()}
}

// problem says what keeps the form from being checked, "" when nothing.
func (r *Register) problem() (field int, why string) {
	switch {
	case strings.TrimSpace(r.subject.Value()) == "":
		return regSubject, "name the subject (often <topic>-value or <topic>-key)"
	case strings.TrimSpace(r.text.Value()) == "":
		return regText, "type the schema"
	}
	if isJSONType(schemaTypes[r.typ]) {
		var v any
		if err := json.Unmarshal([]byte(r.text.Value()), &v); err != nil {
			return regText, typeLabel(schemaTypes[r.typ]) + " schemas are JSON: " + err.Error()
		}
	}
	return -1, ""
}

// pretty indents a JSON schema.
func (r *Register) pretty() tea.Cmd {
	if !isJSONType(schemaTypes[r.typ]) {
		return kit.Status("pretty-print works on JSON (Avro, JSON Schema)", false)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(strings.TrimSpace(r.text.Value())), "", "  "); err != nil {
		return kit.Status("cannot pretty-print: "+err.Error(), true)
	}
	r.text.SetValue(b.String())
	return nil
}

// dryRun asks the registry whether the schema would be accepted.
func (r *Register) dryRun() tea.Cmd {
	if f, why := r.problem(); f >= 0 {
		r.focus = f
		return kit.Status("register: "+why, true)
	}
	if r.reg == nil {
		return kit.Status("no Schema Registry is configured", true)
	}
	reg, subject, d := r.reg, r.subject.Value(), r.draft()
	r.step, r.failure = checking, ""
	var cmd tea.Cmd
	r.reqID, cmd = kit.Ask(&r.Asker, func(ctx context.Context) (kafkaops.CompatibilityCheck, error) {
		return reg.CheckCompatibility(ctx, subject, d)
	}, func(id uint64, c kafkaops.CompatibilityCheck, err error) tea.Msg {
		return checkedMsg{reqID: id, check: c, err: err}
	})
	return cmd
}

func (r *Register) checkedAnswer(msg checkedMsg) tea.Cmd {
	if msg.reqID != r.reqID || r.step != checking {
		return nil
	}
	if msg.err != nil {
		r.step = editing
		r.failure = "compatibility check: " + kafkaops.Describe(msg.err)
		return kit.Status(r.failure, true)
	}
	r.step, r.check = checked, msg.check
	return nil
}

// register registers the checked schema.
func (r *Register) register() tea.Cmd {
	reg, subject, d := r.reg, r.subject.Value(), r.draft()
	r.step = registering
	var cmd tea.Cmd
	r.reqID, cmd = kit.Ask(&r.Asker, func(ctx context.Context) (kafkaops.SchemaVersion, error) {
		return reg.RegisterSchema(ctx, subject, d)
	}, func(id uint64, v kafkaops.SchemaVersion, err error) tea.Msg {
		return registeredMsg{reqID: id, v: v, err: err}
	})
	return cmd
}

func (r *Register) registeredAnswer(msg registeredMsg) tea.Cmd {
	if msg.reqID != r.reqID || r.step != registering {
		return nil
	}
	if msg.err != nil {
		// The text stays: nothing typed is lost.
		r.step = editing
		r.failure = kafkaops.Describe(msg.err)
		return kit.Status(r.failure, true)
	}
	subject := r.subject.Value()
	what := fmt.Sprintf("registered %s v%d (id %d)", kit.Sanitize(subject), msg.v.Version, msg.v.ID)
	if msg.v.Version != 0 && msg.v.Version == r.latest {
		what = fmt.Sprintf("%s v%d already has this schema (id %d): nothing new registered", kit.Sanitize(subject), msg.v.Version, msg.v.ID)
	}
	return tea.Sequence(kit.Pop(), changed(subject), kit.Status(what, false))
}

// Title names the screen.
func (r *Register) Title() string {
	if r.subject.Value() == "" {
		return "Register a schema"
	}
	return "Register a version of " + kit.Sanitize(r.subject.Value())
}

// SetSize sets the body size.
func (r *Register) SetSize(width, height int) { r.width, r.height = width, height }

// Capturing is true: keys type into the form.
func (r *Register) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (r *Register) ShortHelp() []key.Binding {
	k := r.keys
	switch {
	case r.discard.Asking:
		return r.discard.Help(k.form)
	case r.step == checked && r.check.Compatible:
		return []key.Binding{k.Confirm, k.Edit}
	case r.step == checked:
		return []key.Binding{k.Edit}
	case r.step != editing:
		return nil
	}
	return []key.Binding{k.form.Submit, k.form.Next, k.Type, k.Pretty, k.form.Cancel}
}

// FullHelp lists every key.
func (r *Register) FullHelp() [][]key.Binding {
	k := r.keys
	return [][]key.Binding{{k.form.Next, k.form.Prev, k.Type, k.Pretty}, {k.form.Submit, k.Confirm, k.Edit, k.form.Cancel}}
}

// View renders the form and, under it, the check's answer.
func (r *Register) View() string {
	st := r.st
	w, h := max(r.width, 20), max(r.height, 1)
	foot := r.footLines(w)
	lines := []string{st.Title.Render(kit.Truncate(r.Title(), w)), ""}
	in := kit.InputView(&r.subject, st, r.focus == regSubject && r.step == editing, "orders-value", "", min(max(w-kit.LabelWidth-2, 10), 60))
	lines = append(lines, kit.Truncate(kit.FieldLabel(st, "Subject", r.focus == regSubject)+in, w))
	lines = append(lines, kit.SideBySide(kit.FieldLabel(st, "Type", false)+typeLabel(schemaTypes[r.typ]), st.Subtle.Render("ctrl+t changes"), w))
	// The note wraps under the editor rather than being cut.
	var noteLines []string
	if r.step == editing {
		noteLines = r.textNote().RenderWrapped(st, max(w-kit.LabelWidth, 10), 2)
	}
	rows := max(h-len(lines)-len(foot)-max(len(noteLines), 1), 1)
	ew := max(w-kit.LabelWidth-1, 10)
	ta := r.text // a copy: drawing scrolls it
	view := strings.Split(ta.View(st.InputFocus, st.Subtle, r.focus == regText && r.step == editing, `{"type": "record", "name": "Order", "fields": []}`, ew, rows), "\n")
	gutter := st.Subtle.Render("│")
	for i, l := range view {
		label := strings.Repeat(" ", kit.LabelWidth)
		if i == 0 {
			label = kit.FieldLabel(st, "Schema", r.focus == regText)
		}
		lines = append(lines, kit.Truncate(label+gutter+l, w))
	}
	for _, l := range noteLines {
		lines = append(lines, strings.Repeat(" ", kit.LabelWidth)+l)
	}
	lines = append(lines, foot...)
	return kit.PadLines(strings.Join(lines, "\n"), w, h)
}

// textNote checks the schema text as it is typed.
func (r *Register) textNote() kit.Note {
	if strings.TrimSpace(r.text.Value()) == "" {
		return kit.HintNote("paste or type the schema")
	}
	if f, why := r.problem(); f == regText {
		return kit.ErrNote(why)
	}
	if r.latest > 0 && r.text.Value() == r.start {
		return kit.HintNote(fmt.Sprintf("this is v%d as registered: edit it for a new version", r.latest))
	}
	return kit.OkNote("ctrl+s checks it with the registry; nothing is registered yet")
}

// footLines are the dry run's answer and what the keys do now.
func (r *Register) footLines(w int) []string {
	st := r.st
	out := []string{""}
	switch {
	case r.discard.Asking:
		return append(out, kit.Wrapped(st.Warning, "Drop the schema you typed? y drops it · n or esc keeps editing", w)...)
	case r.step == checking:
		return append(out, st.Accent.Render(kit.Truncate("  checking compatibility with the registry… · esc stops", w)))
	case r.step == registering:
		return append(out, st.Accent.Render(kit.Truncate("  registering…", w)))
	case r.step == checked && r.check.Compatible:
		out = append(out, kit.Wrapped(st.OK, "✓ Compatible: the registry would accept it as the next version of "+kit.Sanitize(r.subject.Value())+".", w)...)
		for _, m := range r.check.Messages {
			out = append(out, st.Subtle.Render(kit.Truncate("    "+kit.SanitizeLine(m), w)))
		}
		return append(out, kit.Wrapped(st.Warning, "y registers it · n or esc edits again", w)...)
	case r.step == checked:
		out = append(out, kit.Wrapped(st.Error, "✗ Not compatible: the registry would refuse it.", w)...)
		for _, m := range r.check.Messages[:min(len(r.check.Messages), 3)] {
			out = append(out, st.Error.Render(kit.Truncate("    "+kit.SanitizeLine(m), w)))
		}
		return append(out, st.Subtle.Render(kit.Truncate("  n or esc edits again", w)))
	case r.failure != "":
		return append(out, kit.Wrapped(st.Error, "✗ "+r.failure, w)...)
	}
	return append(out, kit.Wrapped(st.Subtle, "ctrl+s checks compatibility first (a dry run) · esc closes", w)...)
}
