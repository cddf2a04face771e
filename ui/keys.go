package ui

import "charm.land/bubbles/v2/key"

// globalKeys are the keys the root handles whatever the active screen.
type globalKeys struct {
	Quit      key.Binding // q: only when the screen has no focused input
	ForceQuit key.Binding // ctrl+c: always
	Palette   key.Binding
	Help      key.Binding
	Back      key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Palette:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// paletteKeys are the command palette's keys while it is open.
type paletteKeys struct {
	Close, Complete, Next, Prev, Run key.Binding
}

func newPaletteKeys() paletteKeys {
	return paletteKeys{
		Close:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Next:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "choose")),
		Prev:     key.NewBinding(key.WithKeys("up", "ctrl+p", "shift+tab"), key.WithHelp("↑", "choose")),
		Run:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
	}
}
