package transfer

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// transferKeys are the copy and import screens' keys.
type transferKeys struct {
	Start  key.Binding
	Next   key.Binding
	Prev   key.Binding
	Toggle key.Binding
	Cancel key.Binding
	Back   key.Binding
}

func newTransferKeys(start string) transferKeys {
	return transferKeys{
		Start:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", start)),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous")),
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Cancel: kit.EscKey("stop"),
		Back:   kit.BackKey(),
	}
}
