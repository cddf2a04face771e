package security

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// DeleteScram deletes one SCRAM credential of a user. It says whether the
// user keeps another mechanism or can no longer log in with SCRAM, and
// deletes only once the user's name is typed.
type DeleteScram struct {
	kit.Asker
	svc             kafkaops.Service
	st              *theme.Styles
	user, mechanism string

	width, height int

	others  []string // the user's other mechanisms, once loaded
	loaded  bool
	confirm kit.TypedConfirm
	done    bool
	reqID   uint64
}

var _ kit.Screen = (*DeleteScram)(nil)

// NewDeleteScram returns the delete screen for user's mechanism.
func NewDeleteScram(svc kafkaops.Service, st *theme.Styles, user, mechanism string) kit.Screen {
	d := &DeleteScram{svc: svc, st: st, user: user, mechanism: mechanism, confirm: kit.NewTypedConfirm(user, "user", "delete")}
	d.SetSize(80, 24)
	return d
}

// Init loads the user, to say what it keeps.
func (d *DeleteScram) Init() tea.Cmd {
	svc, name := d.svc, d.user
	_, cmd := kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.ScramUser, error) { return svc.DescribeScramUsers(ctx, name) },
		func(id uint64, users []kafkaops.ScramUser, err error) tea.Msg {
			return usersMsg{reqID: id, users: users, err: err}
		})
	return cmd
}

// Update handles keys, pastes and the answers.
func (d *DeleteScram) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case usersMsg:
		d.loaded = msg.err == nil
		for _, u := range msg.users {
			for _, c := range u.Credentials {
				if u.Name == d.user && c.Mechanism != d.mechanism {
					d.others = append(d.others, c.Mechanism)
				}
			}
		}
	case doneMsg:
		if msg.reqID == d.reqID && d.confirm.Busy() {
			return d, d.deleted(msg.err)
		}
	case tea.KeyPressMsg:
		return d, d.key(msg)
	case tea.PasteMsg:
		if !d.done {
			d.confirm.Paste(msg)
		}
	}
	return d, nil
}

// key closes on esc and deletes once the typed name matches.
func (d *DeleteScram) key(msg tea.KeyPressMsg) tea.Cmd {
	if d.done {
		if kit.Matches(msg, d.confirm.Keys.Cancel) {
			return kit.Pop()
		}
		return nil
	}
	switch d.confirm.Key(msg) {
	case kit.ConfirmCancel:
		return kit.Pop()
	case kit.ConfirmGo:
		return d.delete()
	}
	return nil
}

// delete sends the delete of the credential.
func (d *DeleteScram) delete() tea.Cmd {
	svc, name, mech := d.svc, d.user, d.mechanism
	d.confirm.Start()
	var cmd tea.Cmd
	d.reqID, cmd = kit.Do(&d.Asker, func(ctx context.Context) error { return svc.DeleteScramCredential(ctx, name, mech) },
		func(id uint64, err error) tea.Msg { return doneMsg{reqID: id, err: err} })
	return cmd
}

// deleted reports the result and refreshes the list.
func (d *DeleteScram) deleted(err error) tea.Cmd {
	if err != nil {
		return d.confirm.Fail(explain("delete the "+d.mechanism+" credential of "+kit.Sanitize(d.user), err))
	}
	d.confirm.Finish(nil)
	d.done = true
	return tea.Batch(changed(whatUsers), kit.Status("deleted the "+d.mechanism+" credential of "+kit.Sanitize(d.user), false), kit.Pop())
}

// Title names the screen.
func (d *DeleteScram) Title() string { return "Delete credential of " + kit.Sanitize(d.user) }

// SetSize sets the body size.
func (d *DeleteScram) SetSize(width, height int) { d.width, d.height = width, height }

// Capturing is true: the confirmation takes every letter.
func (d *DeleteScram) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (d *DeleteScram) ShortHelp() []key.Binding {
	if d.confirm.Busy() || d.done {
		return []key.Binding{d.confirm.Keys.Cancel}
	}
	return []key.Binding{d.confirm.Keys.Confirm, d.confirm.Keys.Cancel}
}

// FullHelp lists every key.
func (d *DeleteScram) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// View says what goes and what the user keeps, and asks for the name.
func (d *DeleteScram) View() string {
	st := d.st
	w := max(d.width, 20)
	name := kit.Sanitize(d.user)
	body := kit.Wrapped(st.Warning, "Deletes the "+d.mechanism+" credential of user "+name+".", w)
	switch {
	case !d.loaded:
		body = append(body, st.Subtle.Render("  (checking the user's other credentials…)"))
	case len(d.others) == 0:
		body = append(body, kit.Wrapped(st.Error, name+" has no other credential: it can no longer log in with SCRAM, and its clients fail at their next login.", w)...)
	default:
		body = append(body, kit.Wrapped(st.Subtle, name+" keeps "+d.others[0]+": clients using it still log in.", w)...)
	}
	body = append(body, "")
	body = append(body, indented(d.confirm.Prompt(st, w-4))...)
	footer := indented([]string{d.confirm.Status(st, w-4, kit.ConfirmWords{
		Busy: "deleting…", Waiting: "enter deletes once the name matches · esc cancels"})})
	top := 0
	return page(st, "Delete a SCRAM credential", body, len(body)-1, len(body), footer, w, d.height, &top)
}

// indented splits lines that hold several and puts two spaces before
// each, as the security pages draw their text.
func indented(lines []string) []string {
	var out []string
	for _, l := range lines {
		for _, one := range strings.Split(l, "\n") {
			out = append(out, "  "+one)
		}
	}
	return out
}
