package reassign

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// planKeys are the reassignment plan's keys.
type planKeys struct {
	list   kit.ListKeys
	Edit   key.Binding
	Factor key.Binding
	Undo   key.Binding
	Review key.Binding
	Apply  key.Binding
	Accept key.Binding
	Cancel key.Binding
	// Revise leaves the review for the plan again; Leave closes the
	// screen while the request is on its way (it is not taken back).
	Revise key.Binding
	Leave  key.Binding
	Back   key.Binding
}

func newPlanKeys() planKeys {
	return planKeys{
		list:   kit.NewListKeys(),
		Edit:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit replicas")),
		Factor: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "replication factor")),
		Undo:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo all")),
		Review: kit.OpenKey("review plan"),
		Apply:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "start it")),
		Accept: kit.OpenKey("accept"),
		Cancel: kit.EscKey("cancel"),
		Revise: key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc/n", "edit plan")),
		Leave:  kit.EscKey("leave (it goes on)"),
		Back:   kit.BackKey(),
	}
}

// watchKeys are the reassignments watch's keys.
type watchKeys struct {
	list    kit.ListKeys
	Cancel  key.Binding
	Refresh key.Binding
	Back    key.Binding
}

func newWatchKeys() watchKeys {
	return watchKeys{
		list:    kit.NewListKeys(),
		Cancel:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cancel reassignment")),
		Refresh: kit.RefreshKey(),
		Back:    kit.BackKey(),
	}
}

// cancelKeys are the cancel confirmation's keys.
type cancelKeys struct {
	Confirm key.Binding
	Back    key.Binding
}

func newCancelKeys() cancelKeys {
	return cancelKeys{
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "cancel it")),
		Back:    kit.EscKey("keep it"),
	}
}
