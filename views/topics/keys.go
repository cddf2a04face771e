package topics

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// The topic screens' own keys; back, refresh, open, switch pane, filter
// and movement come from the kit.

// topicsKeys are the topic browser's key bindings.
type topicsKeys struct {
	kit.ListScreenKeys // esc clears a kept filter, then closes the browser
	Sort               key.Binding
	Reverse            key.Binding
	Internal           key.Binding
	Refresh            key.Binding
	Tail               key.Binding
	Search             key.Binding // the selected topic, whole; S is reverse sort here
	Produce            key.Binding
	Create             key.Binding
	Delete             key.Binding
}

func newTopicsKeys() topicsKeys {
	return topicsKeys{
		ListScreenKeys: kit.NewListScreenKeys("open"),
		Sort:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:        key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Internal:       key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "internal")),
		Refresh:        kit.RefreshKey(),
		Tail:           key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tail")),
		Search:         key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "search topic")),
		Produce:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "produce")),
		Create:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "create")),
		Delete:         key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
	}
}

// detailKeys are the topic detail's key bindings.
type detailKeys struct {
	list       kit.ListKeys
	Switch     key.Binding
	SwitchBack key.Binding // the backward half of Switch
	Back       key.Binding
	Refresh    key.Binding
	Open       key.Binding // a group, in the groups pane
	Delete     key.Binding
	Tail       key.Binding // the topic in view
	Search     key.Binding // the topic in view, whole
	Produce    key.Binding
	Copy       key.Binding // the topic's name
	Edit       key.Binding // the config under the configs pane's cursor
	AddConfig  key.Binding // an override, named first
	Purge      key.Binding // the topic's records
	Reassign   key.Binding // move the partitions' replicas
	// ResetConfig removes the override under the configs pane's cursor.
	ResetConfig key.Binding
	AddParts    key.Binding // raise the partition count
	Clone       key.Binding // the topic under a new name
}

func newDetailKeys() detailKeys {
	return detailKeys{
		list:       kit.NewListKeys(),
		Switch:     kit.SwitchPaneKey(),
		SwitchBack: key.NewBinding(key.WithKeys("shift+tab")),
		Back:       kit.BackKey(),
		Refresh:    kit.RefreshKey(),
		Open:       kit.OpenKey("open group"),
		Delete:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete topic")),
		Tail:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tail")),
		Search:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "search topic")),
		Produce:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "produce")),
		Copy:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy name")),
		Edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit config")),
		AddConfig:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add config")),
		Purge:      key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "purge")),
		Reassign:   key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reassign replicas")),
		// d deletes the topic here, so reset is x only.
		ResetConfig: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "reset config")),
		AddParts:    key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "add partitions")),
		Clone:       key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "clone")),
	}
}

// createKeys are the create form's key bindings.
type createKeys struct {
	form      kit.FormKeys
	move      kit.FieldMoveKeys
	Complete  key.Binding
	Cycle     key.Binding
	CyclePrev key.Binding // the backward half of Cycle
	Enter     key.Binding
}

func newCreateKeys() createKeys {
	return createKeys{
		form:      kit.NewFormKeys("create"),
		move:      kit.NewFieldMoveKeys(),
		Complete:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Cycle:     key.NewBinding(key.WithKeys("ctrl+n", "ctrl+p"), key.WithHelp("ctrl+n/p", "next match")),
		CyclePrev: key.NewBinding(key.WithKeys("ctrl+p")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next (create on the last field)")),
	}
}
