package security

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// CreateACL creates one ACL binding from a form: each field says what is
// wrong as you type, the enumerations cycle with ← and →, and the binding
// it will create is shown in words before enter creates it.
type CreateACL struct {
	sendForm
}

var _ kit.Screen = (*CreateACL)(nil)

// NewCreateACL returns the create form, filled from start when given.
func NewCreateACL(svc kafkaops.Service, st *theme.Styles, start *kafkaops.ACL) kit.Screen {
	c := &CreateACL{sendForm{formBase: newFormBase(svc, st, "create", newACLFields(start, false))}}
	c.SetSize(80, 24)
	return c
}

// Init loads nothing.
func (c *CreateACL) Init() tea.Cmd { return nil }

// Update handles keys, pastes and the answer.
func (c *CreateACL) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	return c, c.update(msg, c.submit, c.created)
}

// submit creates the binding when the form is valid.
func (c *CreateACL) submit() tea.Cmd {
	_, ok := checkBinding(&c.form)
	a, svc := aclOf(&c.form), c.svc
	return c.start(ok, func(ctx context.Context) error { return svc.CreateACLs(ctx, []kafkaops.ACL{a}) })
}

// created closes the form and refreshes the list, or says why not.
func (c *CreateACL) created(err error) tea.Cmd {
	return c.finish(err, "create ACLs", whatACLs, "created: "+bindingLine(aclOf(&c.form)))
}

// Title names the screen.
func (c *CreateACL) Title() string { return "Create ACL" }

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
		fl.Add(st.Subtle.Render("  Creates: (fill in the fields above first)"))
	}
	return c.page("Create an ACL binding", fl, c.footer("creating…", "←/→ cycle a choice · enter creates · esc cancels"))
}
