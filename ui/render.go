package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/theme"
)

// resize lays the screens out for a new terminal size.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(w)
	for _, s := range m.stack {
		s.SetSize(w, m.bodyHeight())
	}
}

// bodyHeight is what is left for the screen under the header and above
// the status and key-hint lines.
func (m *Model) bodyHeight() int {
	return max(m.height-headerHeight-2, 1)
}

// setTheme rebuilds the styles for the terminal's background.
func (m *Model) setTheme(isDark bool) {
	m.isDark = isDark
	*m.st = *theme.New(isDark, m.opts.NoColor)
	m.help.Styles = helpStyles(m.st)
}

// View renders the whole terminal and asks for the alternate screen, mouse
// reporting and a window title.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	if top := m.top(); top != nil {
		m.trace.frame(top, top.Title())
	}
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "kscope · " + m.clusterName()
	return v
}

// render draws header, body, status line and key hints, with the palette
// or the help on top of the body.
func (m *Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	bh := m.bodyHeight()
	var body string
	if top := m.top(); top != nil {
		body = top.View()
	} else {
		text := "Connecting to " + m.clusterName() + "…"
		if m.conn == connConnected {
			text = "Connected to " + m.clusterName() + ". Press : for commands."
		}
		body = lipgloss.Place(m.width, bh, lipgloss.Center, lipgloss.Center, m.st.Subtle.Render(text))
	}
	body = fitBlock(body, m.width, bh)
	// A status too long for its line takes the key hints' line too for
	// the seconds it shows, rather than lose its end.
	bottom := m.status.lines(m.st, m.width, 2)
	if len(bottom) < 2 {
		bottom = []string{strings.Join(bottom, ""), truncateWidth(m.shortHelpView(), m.width)}
	}
	frame := strings.Join(append([]string{truncateWidth(m.headerView(), m.width), body}, bottom...), "\n")

	var overlay string
	var x, y int
	switch {
	case m.palette.open:
		overlay = m.palette.view(m.st, m.width, m.bodyHeight()-1)
		x, y = max((m.width-lipgloss.Width(overlay))/2, 0), headerHeight+1
	case m.showHelp:
		overlay = clipBlock(m.fullHelpView(), m.width, bh)
		y = headerHeight + max(bh-lipgloss.Height(overlay), 0)
	default:
		return frame
	}
	return lipgloss.NewCompositor(
		lipgloss.NewLayer(frame),
		lipgloss.NewLayer(overlay).X(x).Y(y).Z(1),
	).Render()
}

// fitBlock cuts or pads s to exactly h lines of at most w cells, so a
// screen that draws too much cannot push the status line off the terminal.
func fitBlock(s string, w, h int) string {
	lines := clipLines(s, w, h)
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// clipBlock cuts s to at most h lines of at most w cells.
func clipBlock(s string, w, h int) string { return strings.Join(clipLines(s, w, h), "\n") }

func clipLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncateWidth(l, w)
	}
	return lines
}
