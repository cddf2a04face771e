package views

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// lineInput is a one-line text input (a filter, a form field, the root's
// command palette). bubbles' textinput is not used because it pulls in a
// clipboard module kscope does not depend on.
type lineInput struct {
	value []rune
	pos   int
}

// LineInput is the one-line text input of the screens' filters and forms,
// exported for the root's command palette, which draws it itself.
type LineInput = lineInput

// Update edits the text for a key press or a paste and reports whether it
// handled msg.
func (in *lineInput) Update(msg tea.Msg) bool { return in.update(msg) }

// Runes returns the text and the cursor's index in it, for drawing.
func (in *lineInput) Runes() ([]rune, int) { return in.value, in.pos }

// Value returns the text.
func (in *lineInput) Value() string { return string(in.value) }

// SetValue replaces the text and puts the cursor at its end.
func (in *lineInput) SetValue(s string) {
	in.value = []rune(s)
	in.pos = len(in.value)
}

// update edits the value for a key or a paste and reports whether it
// handled the message.
func (in *lineInput) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		in.insert(Sanitize(msg.Content))
		return true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if in.pos > 0 {
				in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
				in.pos--
			}
		case "delete", "ctrl+d":
			if in.pos < len(in.value) {
				in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
			}
		case "left", "ctrl+b":
			in.pos = max(in.pos-1, 0)
		case "right", "ctrl+f":
			in.pos = min(in.pos+1, len(in.value))
		case "home", "ctrl+a":
			in.pos = 0
		case "end", "ctrl+e":
			in.pos = len(in.value)
		case "ctrl+u":
			in.value = in.value[in.pos:]
			in.pos = 0
		case "ctrl+k":
			in.value = in.value[:in.pos]
		case "ctrl+w", "alt+backspace":
			i := in.pos
			for i > 0 && in.value[i-1] == ' ' {
				i--
			}
			for i > 0 && in.value[i-1] != ' ' {
				i--
			}
			in.value = append(in.value[:i], in.value[in.pos:]...)
			in.pos = i
		default:
			if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
				return false
			}
			in.insert(msg.Text)
		}
		return true
	}
	return false
}

func (in *lineInput) insert(s string) {
	var rs []rune
	for _, r := range s {
		if unicode.IsPrint(r) {
			rs = append(rs, r)
		}
	}
	v := make([]rune, 0, len(in.value)+len(rs))
	v = append(v, in.value[:in.pos]...)
	v = append(v, rs...)
	v = append(v, in.value[in.pos:]...)
	in.value = v
	in.pos += len(rs)
}

// view renders the input with a block cursor when focused.
func (in *lineInput) view(text lipgloss.Style, focused bool) string {
	if !focused {
		return text.Render(string(in.value))
	}
	cur := lipgloss.NewStyle().Reverse(true)
	before := string(in.value[:in.pos])
	at, after := " ", ""
	if in.pos < len(in.value) {
		at, after = string(in.value[in.pos]), string(in.value[in.pos+1:])
	}
	return text.Render(before) + cur.Render(at) + text.Render(after)
}
