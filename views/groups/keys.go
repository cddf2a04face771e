package groups

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

type groupsKeys struct {
	kit.ListScreenKeys
	Sort    key.Binding
	Reverse key.Binding
	Refresh key.Binding
}

func newGroupsKeys() groupsKeys {
	return groupsKeys{
		ListScreenKeys: kit.NewListScreenKeys("open"),
		Sort:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:        key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Refresh:        kit.RefreshKey(),
	}
}

type groupDetailKeys struct {
	list    kit.ListKeys
	Switch  key.Binding
	Reset   key.Binding
	Delete  key.Binding
	Refresh key.Binding
	Back    key.Binding
	Confirm key.Binding
}

func newGroupDetailKeys(readOnly bool) groupDetailKeys {
	k := groupDetailKeys{
		list:    kit.NewListKeys(),
		Switch:  kit.SwitchPaneKey(),
		Reset:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "reset offsets")),
		Delete:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete group")),
		Refresh: kit.RefreshKey(),
		Back:    kit.BackKey(),
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "confirm delete")),
	}
	if readOnly {
		k.Reset.SetEnabled(false)
		k.Delete.SetEnabled(false)
	}
	return k
}

type resetKeys struct {
	Next, Prev, Left, Right, Run, Apply, Back key.Binding
	Change                                    key.Binding  // esc in the dry run: back to the form
	list                                      kit.ListKeys // the dry run's table
}

func newResetKeys() resetKeys {
	return resetKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous choice")),
		Right:  key.NewBinding(key.WithKeys("right", "space"), key.WithHelp("→/space", "next choice")),
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "dry run")),
		Apply:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "apply")),
		Back:   kit.BackKey(),
		Change: kit.EscKey("change"),
		list:   kit.NewListKeys(),
	}
}
