package search

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// searchKeys are the search screen's key bindings.
type searchKeys struct {
	list   kit.ListKeys
	Run    key.Binding // in the input: start the scan
	Edit   key.Binding // focus the query input
	Open   key.Binding
	Cancel key.Binding // stop a running scan; else back
	Export key.Binding
	Copy   key.Binding // copy every match to another topic
}

func newSearchKeys() searchKeys {
	return searchKeys{
		list:   kit.NewListKeys(),
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		Edit:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "edit")),
		Open:   kit.OpenKey("open"),
		Cancel: kit.EscKey("cancel / back"),
		Export: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy all")),
	}
}
