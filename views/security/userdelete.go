package security

import (
	"context"

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
	keys            formKeys

	width, height int

	others  []string // the user's other mechanisms, once loaded
	loaded  bool
	typed   kit.LineInput
	busy    bool
	done    bool
	reqID   uint64
	failure string
}

var _ kit.Screen = (*DeleteScram)(nil)

// NewDeleteScram returns the delete screen for user's mechanism.
func NewDeleteScram(svc kafkaops.Service, st *theme.Styles, user, mechanism string) kit.Screen {
	d := &DeleteScram{svc: svc, st: st, user: user, mechanism: mechanism, keys: newFormKeys("delete")}
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
		if msg.reqID == d.reqID && d.busy {
			return d, d.deleted(msg.err)
		}
	case tea.KeyPressMsg:
		switch {
		case kit.Matches(msg, d.keys.Back):
			return d, kit.Pop()
		case d.busy || d.done:
		case kit.Matches(msg, d.keys.Submit):
			return d, d.confirm()
		default:
			if d.typed.Update(msg) {
				d.failure = ""
			}
		}
	case tea.PasteMsg:
		d.typed.Update(msg)
	}
	return d, nil
}

// confirm deletes once the typed name matches.
func (d *DeleteScram) confirm() tea.Cmd {
	if d.typed.Value() != d.user {
		d.failure = "that is not the user's name; type " + kit.Sanitize(d.user) + " exactly"
		return nil
	}
	svc, name, mech := d.svc, d.user, d.mechanism
	d.busy, d.failure = true, ""
	var cmd tea.Cmd
	d.reqID, cmd = kit.Do(&d.Asker, func(ctx context.Context) error { return svc.DeleteScramCredential(ctx, name, mech) },
		func(id uint64, err error) tea.Msg { return doneMsg{reqID: id, err: err} })
	return cmd
}

// deleted reports the result and refreshes the list.
func (d *DeleteScram) deleted(err error) tea.Cmd {
	d.busy = false
	if err != nil {
		d.failure = explain("delete the "+d.mechanism+" credential of "+kit.Sanitize(d.user), err)
		return kit.Status(d.failure, true)
	}
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
	if d.busy || d.done {
		return []key.Binding{d.keys.Back}
	}
	return []key.Binding{d.keys.Submit, d.keys.Back}
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
	body = append(body, "", "  Type the user's name to confirm:", "  "+st.Accent.Render("> ")+kit.InputView(&d.typed, st, !d.busy, "", "", min(w-6, 40)))
	var footer []string
	switch {
	case d.busy:
		footer = []string{st.Accent.Render("  deleting…")}
	case d.failure != "":
		footer = kit.Wrapped(st.Error, "✗ "+d.failure, w)
	default:
		footer = []string{st.Subtle.Render(kit.Truncate("  enter deletes once the name matches · esc cancels", w))}
	}
	top := 0
	return page(st, "Delete a SCRAM credential", body, len(body)-1, len(body), footer, w, d.height, &top)
}
