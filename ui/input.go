package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/theme"
)

// lineInput is a one-line text input for the palette. (bubbles' textinput
// pulls in a clipboard module kscope does not otherwise need.)
type lineInput struct {
	value []rune
	pos   int
}

func (in *lineInput) Value() string { return string(in.value) }

func (in *lineInput) SetValue(s string) {
	in.value = []rune(s)
	in.pos = len(in.value)
}

// update edits the value for a key; it reports false for keys it does not
// handle.
func (in *lineInput) update(msg tea.KeyPressMsg) bool {
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
	case "ctrl+w":
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
		if msg.Text == "" {
			return false
		}
		var ins []rune
		for _, r := range msg.Text {
			if r >= ' ' && r != 0x7f {
				ins = append(ins, r)
			}
		}
		in.value = append(in.value[:in.pos], append(ins, in.value[in.pos:]...)...)
		in.pos += len(ins)
	}
	return true
}

// view renders prompt, value and a block cursor, keeping the cursor
// visible within width cells.
func (in *lineInput) view(st *theme.Styles, prompt, placeholder string, width int) string {
	v := in.value
	start := 0
	if room := width - len([]rune(prompt)) - 1; room > 0 && in.pos > room {
		start = in.pos - room
	}
	var b strings.Builder
	b.WriteString(st.Accent.Render(prompt))
	b.WriteString(st.Input.Render(string(v[start:in.pos])))
	cur := " "
	if in.pos < len(v) {
		cur = string(v[in.pos])
	}
	b.WriteString(lipgloss.NewStyle().Reverse(true).Render(cur))
	if in.pos < len(v) {
		b.WriteString(st.Input.Render(string(v[in.pos+1:])))
	} else if len(v) == 0 && placeholder != "" {
		b.WriteString(st.Subtle.Render(placeholder))
	}
	return truncateWidth(b.String(), width)
}
