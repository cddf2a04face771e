package schemas

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// deleteInfoMsg brings the subject's versions, to say what the delete
// changes.
type deleteInfoMsg struct {
	reqID    uint64
	versions []kafkaops.SchemaVersion
	err      error
}

// deletedMsg is the registry's answer to the delete.
type deletedMsg struct {
	reqID uint64
	err   error
}

// DeleteVersion soft-deletes one version of a subject once the subject's
// name is typed. It says first what changes: which version goes, and
// which becomes the latest.
type DeleteVersion struct {
	kit.Asker
	reg     kafkaops.SchemaRegistry
	st      *theme.Styles
	subject string
	version int

	width, height int

	infoID   uint64
	versions []kafkaops.SchemaVersion
	infoErr  error

	confirm kit.TypedConfirm
	reqID   uint64
}

var _ kit.Screen = (*DeleteVersion)(nil)

// NewDeleteVersion returns the delete confirmation for subject's version.
func NewDeleteVersion(reg kafkaops.SchemaRegistry, st *theme.Styles, subject string, version int) kit.Screen {
	d := &DeleteVersion{reg: reg, st: st, subject: subject, version: version,
		confirm: kit.NewTypedConfirm(subject, "subject", "delete")}
	d.SetSize(80, 24)
	return d
}

// Init loads the subject's versions.
func (d *DeleteVersion) Init() tea.Cmd {
	if d.reg == nil {
		return nil
	}
	reg, subject := d.reg, d.subject
	var cmd tea.Cmd
	d.infoID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.SchemaVersion, error) {
		return reg.SubjectVersions(ctx, subject)
	}, func(id uint64, vs []kafkaops.SchemaVersion, err error) tea.Msg {
		return deleteInfoMsg{reqID: id, versions: vs, err: err}
	})
	return cmd
}

// Update handles keys, pastes and the registry's answers.
func (d *DeleteVersion) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case deleteInfoMsg:
		if msg.reqID == d.infoID {
			d.versions, d.infoErr = msg.versions, msg.err
		}
	case deletedMsg:
		return d, d.deletedAnswer(msg)
	case tea.PasteMsg:
		d.confirm.Paste(msg)
	case tea.KeyPressMsg:
		switch d.confirm.Key(msg) {
		case kit.ConfirmCancel:
			return d, kit.Pop()
		case kit.ConfirmGo:
			return d, d.delete()
		}
	}
	return d, nil
}

// delete sends the soft delete.
func (d *DeleteVersion) delete() tea.Cmd {
	if d.reg == nil {
		return kit.Status("no Schema Registry is configured", true)
	}
	reg, subject, version := d.reg, d.subject, d.version
	d.confirm.Start()
	var cmd tea.Cmd
	d.reqID, cmd = kit.Do(&d.Asker, func(ctx context.Context) error { return reg.DeleteSchemaVersion(ctx, subject, version) },
		func(id uint64, err error) tea.Msg { return deletedMsg{reqID: id, err: err} })
	return cmd
}

func (d *DeleteVersion) deletedAnswer(msg deletedMsg) tea.Cmd {
	if msg.reqID != d.reqID || !d.confirm.Busy() {
		return nil
	}
	if cmd, ok := d.confirm.Finish(msg.err); !ok {
		return cmd
	}
	return tea.Sequence(kit.Pop(), changed(d.subject),
		kit.Status(fmt.Sprintf("soft-deleted %s v%d", kit.Sanitize(d.subject), d.version), false))
}

// Title names the screen.
func (d *DeleteVersion) Title() string {
	return fmt.Sprintf("Delete %s v%d", kit.Sanitize(d.subject), d.version)
}

// SetSize sets the body size.
func (d *DeleteVersion) SetSize(width, height int) { d.width, d.height = width, height }

// Capturing is true: keys type the confirmation.
func (d *DeleteVersion) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (d *DeleteVersion) ShortHelp() []key.Binding {
	return []key.Binding{d.confirm.Keys.Confirm, d.confirm.Keys.Cancel}
}

// FullHelp lists every key.
func (d *DeleteVersion) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// plan says what the delete changes, once the versions are known.
func (d *DeleteVersion) plan() string {
	name := kit.Sanitize(d.subject)
	if d.infoErr != nil {
		return fmt.Sprintf("Soft-deleting v%d of %s hides it from the subject. (Its versions could not be read: %s)", d.version, name, kafkaops.Describe(d.infoErr))
	}
	if d.versions == nil {
		return fmt.Sprintf("Soft-deleting v%d of %s hides it from the subject. Reading its versions…", d.version, name)
	}
	var this *kafkaops.SchemaVersion
	latest := 0
	for i, v := range d.versions {
		if v.Version == d.version {
			this = &d.versions[i]
		} else {
			latest = max(latest, v.Version)
		}
	}
	if this == nil {
		return fmt.Sprintf("%s has no version %d any more.", name, d.version)
	}
	after := "The subject then has no live version."
	if latest > 0 {
		after = fmt.Sprintf("The latest version then is v%d; %s left.", latest, kit.PluralCount(int64(len(d.versions)-1), "version"))
	}
	return fmt.Sprintf("Soft-deleting v%d (id %d, %s) removes it from %s's versions; the schema itself stays, so readers that know id %d still decode records written with it. %s",
		d.version, this.ID, typeLabel(this.Type), name, this.ID, after)
}

// View draws the dialog centred in the body.
func (d *DeleteVersion) View() string {
	st := d.st
	w, h := max(d.width, 20), max(d.height, 1)
	boxed := w >= 50 && h >= 20
	cw := w - 4
	if boxed {
		cw = min(w-2, 70) - 6 // the modal's border and padding
	}
	wrap := func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
	name := kit.Sanitize(d.subject)
	lines := []string{st.Error.Bold(true).Render(kit.Truncate(fmt.Sprintf("Delete %s v%d?", name, d.version), cw)), "",
		wrap(d.plan()), ""}
	lines = append(lines, d.confirm.Lines(st, cw, kit.ConfirmWords{
		Busy:    "deleting…",
		Ready:   "enter deletes v" + fmt.Sprint(d.version),
		Waiting: "enter deletes once the name matches · esc cancels",
	})...)
	if boxed {
		return kit.FitModal(st, lines, w, h)
	}
	// Too small for the box: the same lines, flush left, the blank ones
	// dropped so the question and the input stay in view.
	var flat []string
	for _, l := range lines {
		if l != "" {
			flat = append(flat, strings.Split(l, "\n")...)
		}
	}
	return kit.PadLines(strings.Join(flat, "\n"), w, h)
}
