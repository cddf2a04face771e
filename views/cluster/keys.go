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
}

func newBrokersKeys() brokersKeys {
	return brokersKeys{
		list:    kit.NewListKeys(),
		Open:    kit.OpenKey("configs"),
		Refresh: kit.RefreshKey(),
		Back:    kit.BackKey(),
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
