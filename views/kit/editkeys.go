package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// EditKeys are the editing keys of the text inputs (LineInput, TextArea),
// readline-style.
type EditKeys struct {
	Newline, DeleteBack, DeleteForward, DeleteWord key.Binding
	Left, Right, Up, Down, LineStart, LineEnd      key.Binding
	TextStart, TextEnd, KillToStart, KillToEnd     key.Binding
}

// newEditKeys returns the keys both inputs share.
func newEditKeys() EditKeys {
	b := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...)) }
	return EditKeys{
		DeleteBack:    b("backspace", "ctrl+h"),
		DeleteForward: b("delete", "ctrl+d"),
		Left:          b("left", "ctrl+b"),
		LineStart:     b("home", "ctrl+a"),
		LineEnd:       b("end", "ctrl+e"),
		KillToStart:   b("ctrl+u"),
		KillToEnd:     b("ctrl+k"),
	}
}

// LineEditKeys are a LineInput's keys: ctrl+f moves right, ctrl+w and
// alt+backspace delete a word.
func LineEditKeys() EditKeys {
	k := newEditKeys()
	k.Right = key.NewBinding(key.WithKeys("right", "ctrl+f"))
	k.DeleteWord = key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace"))
	return k
}

// TextEditKeys are a TextArea's keys: enter breaks the line, the arrows
// (and ctrl+p, ctrl+n) move between lines; ctrl+f is left to the form.
func TextEditKeys() EditKeys {
	k := newEditKeys()
	k.Newline = key.NewBinding(key.WithKeys("enter"))
	k.Right = key.NewBinding(key.WithKeys("right"))
	k.Up = key.NewBinding(key.WithKeys("up", "ctrl+p"))
	k.Down = key.NewBinding(key.WithKeys("down", "ctrl+n"))
	k.TextStart = key.NewBinding(key.WithKeys("ctrl+home", "alt+<"))
	k.TextEnd = key.NewBinding(key.WithKeys("ctrl+end", "alt+>"))
	return k
}

// InputMoveKeys move a list's cursor while an input above it has focus
// (a filter): the arrows, ctrl+p and ctrl+n, and the page keys; letters
// are text there.
type InputMoveKeys struct {
	Up, Down, PageUp, PageDown key.Binding
}

// NewInputMoveKeys returns the keys that move a list under a focused input.
func NewInputMoveKeys() InputMoveKeys {
	return InputMoveKeys{
		Up:       key.NewBinding(key.WithKeys("up", "ctrl+p")),
		Down:     key.NewBinding(key.WithKeys("down", "ctrl+n")),
		PageUp:   key.NewBinding(key.WithKeys("pgup")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
	}
}

// typed reports whether msg is plain text to insert, not a key chord.
func typed(msg tea.KeyPressMsg) bool {
	return msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0
}
