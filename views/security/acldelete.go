package security

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// deleteStep is where an ACL delete stands.
type deleteStep int

const (
	delFilter  deleteStep = iota // editing the filter
	delMatch                     // DescribeACLs with the filter is running
	delConfirm                   // the matches show; their count is typed
	delDelete                    // DeleteACLs is running
	delDone                      // what was deleted shows
)

// aclsMsg is an answer that lists bindings (the matches, or those
// deleted).
type aclsMsg struct {
	reqID uint64
	acls  []kafkaops.ACL
	err   error
}

// DeleteACLs deletes the bindings a filter matches (DeleteAcls). The
// filter starts as the binding selected in the list; any field can be
// widened to ANY or emptied. enter lists exactly what the filter matches
// (DescribeAcls with the same filter, the delete's dry run); the delete
// runs only once the number of bindings is typed, and what the broker
// deleted is shown.
type DeleteACLs struct {
	formBase
	step    deleteStep
	matches []kafkaops.ACL
	deleted []kafkaops.ACL
	typed   kit.LineInput
}

var _ kit.Screen = (*DeleteACLs)(nil)

// NewDeleteACLs returns the delete screen, its filter filled from start
// (the exact binding) when given.
func NewDeleteACLs(svc kafkaops.Service, st *theme.Styles, start *kafkaops.ACL) kit.Screen {
	d := &DeleteACLs{formBase: newFormBase(svc, st, "show matches", newACLFields(start, true))}
	d.SetSize(80, 24)
	return d
}

// Init loads nothing: the matches are listed once the filter is set.
func (d *DeleteACLs) Init() tea.Cmd { return nil }

// Update handles keys, pastes and the answers.
func (d *DeleteACLs) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case aclsMsg:
		if msg.reqID == d.reqID {
			return d, d.answered(msg)
		}
		return d, nil
	case tea.KeyPressMsg:
		return d, d.key(msg)
	case tea.PasteMsg:
		d.edit(msg)
	}
	return d, nil
}

func (d *DeleteACLs) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, d.keys.Back):
		if d.step == delConfirm {
			d.step, d.failure = delFilter, ""
			return nil
		}
		return kit.Pop()
	case kit.Matches(msg, d.keys.Submit) && d.step == delFilter:
		return d.describe()
	case kit.Matches(msg, d.keys.Submit) && d.step == delConfirm:
		return d.confirm()
	}
	d.edit(msg)
	return nil
}

// edit gives a key or paste to the filter or the confirmation input.
func (d *DeleteACLs) edit(msg tea.Msg) {
	switch d.step {
	case delFilter:
		d.formBase.edit(msg)
	case delConfirm:
		if d.typed.Update(msg) {
			d.failure = ""
		}
	}
}

// describe lists what the filter matches: the delete's dry run.
func (d *DeleteACLs) describe() tea.Cmd {
	if _, ok := checkFilter(&d.form); !ok {
		d.refuse()
		return nil
	}
	f := filterOf(&d.form)
	svc := d.svc
	d.step, d.failure = delMatch, ""
	var cmd tea.Cmd
	d.reqID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.ACL, error) { return svc.DescribeACLs(ctx, f) },
		func(id uint64, acls []kafkaops.ACL, err error) tea.Msg {
			return aclsMsg{reqID: id, acls: acls, err: err}
		})
	return cmd
}

// confirm deletes once the typed count matches.
func (d *DeleteACLs) confirm() tea.Cmd {
	if len(d.matches) == 0 {
		d.failure = "nothing matches this filter: esc changes it"
		return nil
	}
	if strings.TrimSpace(d.typed.Value()) != strconv.Itoa(len(d.matches)) {
		d.failure = "type " + strconv.Itoa(len(d.matches)) + ", the number of bindings that go, to confirm"
		return nil
	}
	f := filterOf(&d.form)
	svc := d.svc
	d.step, d.failure = delDelete, ""
	var cmd tea.Cmd
	d.reqID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.ACL, error) {
		return svc.DeleteACLs(ctx, []kafkaops.ACLFilter{f})
	}, func(id uint64, acls []kafkaops.ACL, err error) tea.Msg {
		return aclsMsg{reqID: id, acls: acls, err: err}
	})
	return cmd
}

// answered takes the matches or the deletion's result.
func (d *DeleteACLs) answered(msg aclsMsg) tea.Cmd {
	switch d.step {
	case delMatch:
		if msg.err != nil {
			d.step, d.failure = delFilter, explain("list the matching ACLs", msg.err)
			return nil
		}
		d.step, d.matches = delConfirm, msg.acls
		d.typed.SetValue("")
	case delDelete:
		d.deleted = msg.acls
		if msg.err != nil {
			d.step, d.failure = delConfirm, explain("delete ACLs", msg.err)
			// Some may have gone even so: the list reloads.
			return tea.Batch(changed(whatACLs), kit.Status(d.failure, true))
		}
		d.step = delDone
		return tea.Batch(changed(whatACLs), kit.Status("deleted "+countLine(len(msg.acls), "ACL binding"), false))
	}
	return nil
}

// Title names the screen.
func (d *DeleteACLs) Title() string { return "Delete ACLs" }

// Capturing is true until the delete is done: the inputs take letters.
func (d *DeleteACLs) Capturing() bool { return d.step != delDone }

// ShortHelp lists the keys for the bottom line.
func (d *DeleteACLs) ShortHelp() []key.Binding {
	k := d.keys
	switch d.step {
	case delFilter:
		return []key.Binding{k.Next, k.Right, k.Submit, k.Back}
	case delConfirm:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "delete")), kit.EscKey("change filter")}
	}
	return []key.Binding{kit.BackKey()}
}

// FullHelp lists every key.
func (d *DeleteACLs) FullHelp() [][]key.Binding {
	k := d.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Left, k.Right}, d.ShortHelp()}
}

// View draws the filter, then the matches and the confirmation, or what
// was deleted.
func (d *DeleteACLs) View() string {
	st := d.st
	w := max(d.width, 20)
	notes, _ := checkFilter(&d.form)
	fl := d.form.lines(st, w, notes, d.step == delFilter)
	if d.step >= delConfirm {
		fl.Add("")
		shown := d.matches
		head := "Matches " + countLine(len(d.matches), "binding") + ":"
		if d.step == delDone {
			shown, head = d.deleted, "Deleted "+countLine(len(d.deleted), "binding")+":"
		}
		lo := len(fl.Lines)
		fl.Add(st.Warning.Render(kit.Truncate("  "+head, w)))
		for _, a := range shown {
			fl.Add(kit.Truncate("    "+bindingLine(a), w))
		}
		if d.step == delConfirm && len(d.matches) > 0 {
			fl.Add(st.Subtle.Render(kit.Truncate("  Clients that relied on them lose access at once.", w)))
			fl.Add("  Type " + strconv.Itoa(len(d.matches)) + " to delete them: " + kit.InputView(&d.typed, st, true, "", "", 8))
		}
		// The confirmation (or the result) is what must stay in view.
		fl.Lo, fl.Hi = lo, len(fl.Lines)
		if len(fl.Lines)-lo > d.height-3 {
			fl.Lo = len(fl.Lines) - 1
		}
	}
	return d.page("Delete ACL bindings matching", fl, d.footer(w))
}

// footer says what happens next, or what went wrong.
func (d *DeleteACLs) footer(w int) []string {
	st := d.st
	switch {
	case d.failure != "":
		return kit.Wrapped(st.Error, "✗ "+d.failure, w)
	case d.step == delMatch:
		return []string{st.Accent.Render("  listing the bindings this filter matches…")}
	case d.step == delDelete:
		return []string{st.Accent.Render("  deleting…")}
	case d.step == delDone:
		return []string{st.Subtle.Render("  done · esc closes")}
	case d.step == delConfirm && len(d.matches) == 0:
		return kit.Wrapped(st.Subtle, "nothing matches · esc changes the filter", w)
	case d.step == delConfirm:
		return kit.Wrapped(st.Subtle, "enter deletes once the count matches · esc changes the filter", w)
	}
	return kit.Wrapped(st.Subtle, "enter lists what this filter matches; nothing is deleted yet", w)
}
