package security

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// doneMsg is the answer to a change that returns only an error.
type doneMsg struct {
	reqID uint64
	err   error
}

// formKeys are the keys of the create and edit screens.
type formKeys struct {
	fieldKeys
	Submit, Back key.Binding
}

func newFormKeys(submit string) formKeys {
	return formKeys{
		fieldKeys: newFieldKeys(),
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", submit)),
		Back:      kit.EscKey("cancel"),
	}
}

// CreateACL creates one ACL binding from a form: each field says what is
// wrong as you type, the enumerations cycle with ← and →, and the binding
// it will create is shown in words before enter creates it.
type CreateACL struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys formKeys

	width, height int
	top           int

	form    fieldSet
	busy    bool
	reqID   uint64
	failure string
}

var _ kit.Screen = (*CreateACL)(nil)

// NewCreateACL returns the create form, filled from start when given.
func NewCreateACL(svc kafkaops.Service, st *theme.Styles, start *kafkaops.ACL) kit.Screen {
	c := &CreateACL{svc: svc, st: st, keys: newFormKeys("create"), form: newACLFields(start, false)}
	c.SetSize(80, 24)
	return c
}

// Init loads nothing.
func (c *CreateACL) Init() tea.Cmd { return nil }

// Update handles keys, pastes and the answer.
func (c *CreateACL) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case doneMsg:
		if msg.reqID == c.reqID && c.busy {
			return c, c.created(msg.err)
		}
		return c, nil
	case tea.KeyPressMsg:
		switch {
		case kit.Matches(msg, c.keys.Back):
			return c, kit.Pop()
		case c.busy:
			return c, nil
		case kit.Matches(msg, c.keys.Submit):
			return c, c.submit()
		}
	}
	if !c.busy && c.form.update(msg) {
		c.failure = ""
	}
	return c, nil
}

// submit creates the binding when the form is valid.
func (c *CreateACL) submit() tea.Cmd {
	if _, ok := checkBinding(&c.form); !ok {
		c.failure = "fix the fields marked ✗ first"
		return nil
	}
	a := aclOf(&c.form)
	svc := c.svc
	c.busy, c.failure = true, ""
	var cmd tea.Cmd
	c.reqID, cmd = kit.Do(&c.Asker, func(ctx context.Context) error { return svc.CreateACLs(ctx, []kafkaops.ACL{a}) },
		func(id uint64, err error) tea.Msg { return doneMsg{reqID: id, err: err} })
	return cmd
}

// created closes the form and refreshes the list, or says why not.
func (c *CreateACL) created(err error) tea.Cmd {
	c.busy = false
	if err != nil {
		c.failure = explain("create ACLs", err)
		return kit.Status(c.failure, true)
	}
	return tea.Batch(changed(whatACLs), kit.Status("created: "+bindingLine(aclOf(&c.form)), false), kit.Pop())
}

// Title names the screen.
func (c *CreateACL) Title() string { return "Create ACL" }

// SetSize sets the body size.
func (c *CreateACL) SetSize(width, height int) { c.width, c.height = width, height }

// Capturing is true: the fields take every letter.
func (c *CreateACL) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (c *CreateACL) ShortHelp() []key.Binding {
	if c.busy {
		return []key.Binding{c.keys.Back}
	}
	return []key.Binding{c.keys.Next, c.keys.Right, c.keys.Submit, c.keys.Back}
}

// FullHelp lists every key.
func (c *CreateACL) FullHelp() [][]key.Binding {
	k := c.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Left, k.Right}, {k.Submit, k.Back}}
}

// View draws the form, the binding in words and what happens next.
func (c *CreateACL) View() string {
	st := c.st
	w := max(c.width, 20)
	notes, ok := checkBinding(&c.form)
	fl := c.form.lines(st, w, notes, !c.busy)
	fl.Add("")
	if ok {
		fl.Add(kit.Wrapped(st.Accent, "Creates: "+bindingLine(aclOf(&c.form)), w)...)
	} else {
		fl.Add(st.Subtle.Render("  Creates: (fill in the fields marked ✗)"))
	}
	footer := c.footer(w)
	return page(st, "Create an ACL binding", fl.Lines, fl.Lo, fl.Hi, footer, w, c.height, &c.top)
}

// footer says what happens next, or what went wrong (on two lines when
// it needs them).
func (c *CreateACL) footer(w int) []string {
	st := c.st
	switch {
	case c.busy:
		return []string{st.Accent.Render("  creating…")}
	case c.failure != "":
		return kit.Wrapped(st.Error, "✗ "+c.failure, w)
	}
	return []string{st.Subtle.Render(kit.Truncate("  ←/→ cycle a choice · enter creates · esc cancels", w))}
}
