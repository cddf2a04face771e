package schemas

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// subjectsKeys are the subject list's keys.
type subjectsKeys struct {
	kit.ListScreenKeys
	New, Refresh key.Binding
}

func newSubjectsKeys() subjectsKeys {
	return subjectsKeys{
		ListScreenKeys: kit.NewListScreenKeys("versions"),
		New:            key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Refresh:        kit.RefreshKey(),
	}
}

// subjectKeys are a subject's keys: its versions, a schema text, a diff.
type subjectKeys struct {
	list                       kit.ListKeys
	Open, Mark, Compare        key.Binding
	New, Delete, Refresh, Back key.Binding
}

func newSubjectKeys() subjectKeys {
	return subjectKeys{
		list:    kit.NewListKeys(),
		Open:    kit.OpenKey("text"),
		Mark:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark")),
		Compare: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "diff")),
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Delete:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Refresh: kit.RefreshKey(),
		Back:    kit.BackKey(),
	}
}

// registerKeys are the register form's keys.
type registerKeys struct {
	form          kit.FormKeys
	Type, Pretty  key.Binding
	Confirm, Edit key.Binding
}

func newRegisterKeys() registerKeys {
	return registerKeys{
		form:    registerFormKeys(),
		Type:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "schema type")),
		Pretty:  key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "pretty JSON")),
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "register")),
		Edit:    key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "edit again")),
	}
}

// registerFormKeys are the editor's keys; esc closes it (the box says
// "esc closes" too).
func registerFormKeys() kit.FormKeys {
	k := kit.NewFormKeys("check")
	k.Cancel = kit.EscKey("close")
	return k
}
