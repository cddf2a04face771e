package kit

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// LineInput is a one-line text input: the screens' filters and form fields,
// and the root's command palette, which draws it itself. bubbles'
// textinput is not used because it pulls in a clipboard module kscope does
// not depend on.
type LineInput struct {
	value []rune
	pos   int
}

// Runes returns the text and the cursor's index in it, for drawing.
func (in *LineInput) Runes() ([]rune, int) { return in.value, in.pos }

// Value returns the text.
func (in *LineInput) Value() string { return string(in.value) }

// SetValue replaces the text and puts the cursor at its end.
func (in *LineInput) SetValue(s string) {
	in.value = []rune(s)
	in.pos = len(in.value)
}

// Update edits the value for a key press or a paste and reports whether
// it handled the message.
func (in *LineInput) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		in.insert(Sanitize(msg.Content))
		return true
	case tea.KeyPressMsg:
		k := LineEditKeys()
		switch {
		case Matches(msg, k.DeleteBack):
			if in.pos > 0 {
				in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
				in.pos--
			}
		case Matches(msg, k.DeleteForward):
			if in.pos < len(in.value) {
				in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
			}
		case Matches(msg, k.Left):
			in.pos = max(in.pos-1, 0)
		case Matches(msg, k.Right):
			in.pos = min(in.pos+1, len(in.value))
		case Matches(msg, k.LineStart):
			in.pos = 0
		case Matches(msg, k.LineEnd):
			in.pos = len(in.value)
		case Matches(msg, k.KillToStart):
			in.value = in.value[in.pos:]
			in.pos = 0
		case Matches(msg, k.KillToEnd):
			in.value = in.value[:in.pos]
		case Matches(msg, k.DeleteWord):
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
			if !typed(msg) {
				return false
			}
			in.insert(msg.Text)
		}
		return true
	}
	return false
}

func (in *LineInput) insert(s string) {
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

// View renders the input with a block cursor when focused.
func (in *LineInput) View(text lipgloss.Style, focused bool) string {
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
