package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// DiscardGuard asks before a form with edits closes and loses them: esc
// on an edited form asks (Asking), y then closes the screen, n or esc
// goes back to editing. A form holds one and, while Asking, gives it
// every key.
type DiscardGuard struct {
	// Asking is true while the question shows.
	Asking bool
}

// Cancel handles esc on the form: it asks when edited, and otherwise
// closes the screen.
func (g *DiscardGuard) Cancel(edited bool) tea.Cmd {
	if edited {
		g.Asking = true
		return nil
	}
	return Pop()
}

// Key handles a key while Asking: k.Discard closes the screen, k.Keep
// goes back to editing, any other key does nothing.
func (g *DiscardGuard) Key(msg tea.KeyPressMsg, k FormKeys) tea.Cmd {
	switch {
	case Matches(msg, k.Discard):
		return Pop()
	case Matches(msg, k.Keep):
		g.Asking = false
	}
	return nil
}

// Help is the help line's keys while Asking.
func (g *DiscardGuard) Help(k FormKeys) []key.Binding { return []key.Binding{k.Discard, k.Keep} }
