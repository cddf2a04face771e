package kit

import "charm.land/bubbles/v2/key"

// The keys every screen shares are declared here, once; a feature declares
// only its own in its keys.go. Each is a constructor, so no binding is
// package-level mutable state (a screen disables its own copies).

// BackKey closes the screen (esc).
func BackKey() key.Binding {
	return key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
}

// EscKey is esc with the given help: cancel, clear filter, stop sending.
func EscKey(help string) key.Binding {
	return key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", help))
}

// RefreshKey reloads the screen's data now (r).
func RefreshKey() key.Binding {
	return key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh"))
}

// FilterKey opens the screen's filter (/); help says what it filters.
func FilterKey(help string) key.Binding {
	return key.NewBinding(key.WithKeys("/"), key.WithHelp("/", help))
}

// OpenKey opens the selected row (enter); help says what opens.
func OpenKey(help string) key.Binding {
	return key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", help))
}

// SwitchPaneKey moves the focus between panes (tab, shift+tab).
func SwitchPaneKey() key.Binding {
	return key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane"))
}

// ListKeys are the movement keys every list and pane shares.
type ListKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
}

// NewListKeys returns the list movement keys.
func NewListKeys() ListKeys {
	return ListKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
	}
}

// Bindings lists the keys for help.
func (k ListKeys) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}
