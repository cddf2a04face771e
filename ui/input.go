package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/theme"
	"kscope/views/kit"
)

// lineInput is the palette's input: the screens' one-line input, drawn
// after a prompt.
type lineInput struct{ kit.LineInput }

// update edits the value for a key; it reports false for keys it does not
// handle.
func (in *lineInput) update(msg tea.KeyPressMsg) bool { return in.Update(msg) }

// view renders prompt, value and a block cursor, keeping the cursor
// visible within width cells.
func (in *lineInput) view(st *theme.Styles, prompt, placeholder string, width int) string {
	v, pos := in.Runes()
	start := 0
	if room := width - len([]rune(prompt)) - 1; room > 0 && pos > room {
		start = pos - room
	}
	var b strings.Builder
	b.WriteString(st.Accent.Render(prompt))
	b.WriteString(st.Input.Render(string(v[start:pos])))
	cur := " "
	if pos < len(v) {
		cur = string(v[pos])
	}
	b.WriteString(lipgloss.NewStyle().Reverse(true).Render(cur))
	if pos < len(v) {
		b.WriteString(st.Input.Render(string(v[pos+1:])))
	} else if len(v) == 0 && placeholder != "" {
		b.WriteString(st.Subtle.Render(placeholder))
	}
	return truncateWidth(b.String(), width)
}
