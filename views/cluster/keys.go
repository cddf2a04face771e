package cluster

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// brokersKeys are the brokers view's key bindings.
type brokersKeys struct {
	list    kit.ListKeys
	Open    key.Binding
	Refresh key.Binding
	Back    key.Binding
	// Edit and Unset change the broker config under the cursor: set a
	// value, remove the dynamic override.
	Edit  key.Binding
	Unset key.Binding
	// Node stops or starts the selected node of the bundled cluster.
	Node key.Binding
	// Confirm and Cancel answer the node question.
	Confirm key.Binding
	Cancel  key.Binding
}

func newBrokersKeys() brokersKeys {
	return brokersKeys{
		list:    kit.NewListKeys(),
		Open:    kit.OpenKey("configs"),
		Refresh: kit.RefreshKey(),
		Back:    kit.BackKey(),
		Edit:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Unset:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove override")),
		Node:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stop/start node")),
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Cancel:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
	}
}

type contextsKeys struct {
	list   kit.ListKeys
	Switch key.Binding
	Back   key.Binding
}

func newContextsKeys() contextsKeys {
	return contextsKeys{
		list:   kit.NewListKeys(),
		Switch: kit.OpenKey("switch"),
		Back:   kit.BackKey(),
	}
}

type connErrorKeys struct {
	Retry key.Binding
	Local key.Binding
}

func newConnErrorKeys() connErrorKeys {
	return connErrorKeys{
		Retry: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry now")),
		Local: key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "start local broker")),
	}
}
