package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"kscope/theme"
)

// helpStyles draws the help with the theme's tokens rather than the
// bubble's own colours.
func helpStyles(st *theme.Styles) help.Styles {
	return help.Styles{
		Ellipsis:       st.Subtle,
		ShortKey:       st.Accent,
		ShortDesc:      st.Subtle,
		ShortSeparator: st.Subtle,
		FullKey:        st.Accent,
		FullDesc:       st.App,
		FullSeparator:  st.Subtle,
	}
}

// globalShortHelp lists the root's keys for the bottom line.
func (m *Model) globalShortHelp() []key.Binding {
	var ks []key.Binding
	if len(m.stack) > 1 {
		ks = append(ks, m.keys.Back)
	}
	return append(ks, m.keys.Palette, m.keys.Help, m.keys.Quit)
}

// shortHelpView is the bottom line: the active screen's key hints, cut to
// fit, then the global ones, which always stay visible. The screen's esc
// hint ("esc back", "esc clear filter") joins the global ones, so that on
// a narrow terminal the way out is never the hint that is cut. While a
// screen's text input has focus, q and : type into it, so only ctrl+c is
// offered.
func (m *Model) shortHelpView() string {
	top := m.top()
	if top == nil {
		return m.help.ShortHelpView(m.globalShortHelp())
	}
	screen, esc := splitEsc(top.ShortHelp())
	globals := m.globalShortHelp()
	if top.Capturing() {
		globals = []key.Binding{m.keys.ForceQuit}
	}
	if esc != nil {
		globals = append([]key.Binding{*esc}, withoutKeysOf(globals, []key.Binding{*esc})...)
	}
	global := m.help.ShortHelpView(withoutKeysOf(globals, screen))
	sep := m.help.Styles.ShortSeparator.Render(m.help.ShortSeparator)
	room := m.width - lipgloss.Width(global) - lipgloss.Width(sep)
	local := fitHints(m.help, screen, room)
	if local == "" || room < 10 {
		return global
	}
	return local + sep + global
}

// fitHints renders as many of bs as fit in width cells, then "…" when
// some were left out. (help.Model cuts the line itself only when the
// ellipsis fits exactly; otherwise it overflows.)
func fitHints(h help.Model, bs []key.Binding, width int) string {
	h.SetWidth(0)
	var on []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			on = append(on, b)
		}
	}
	tail := " " + h.Styles.Ellipsis.Render(h.Ellipsis)
	for n := len(on); n > 0; n-- {
		s := h.ShortHelpView(on[:n])
		if n < len(on) {
			s += tail
		}
		if lipgloss.Width(s) <= width {
			return s
		}
	}
	return ""
}

// splitEsc takes the first enabled binding of esc out of a screen's hints.
func splitEsc(bs []key.Binding) ([]key.Binding, *key.Binding) {
	for i, b := range bs {
		if !b.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			if k == "esc" {
				rest := append(append([]key.Binding{}, bs[:i]...), bs[i+1:]...)
				return rest, &b
			}
		}
	}
	return bs, nil
}

// fullHelpView is the box `?` opens: every key of the active screen, then
// a column of global keys, laid out to fit the body (see fitHelp).
func (m *Model) fullHelpView() string {
	var groups [][]key.Binding
	if top := m.top(); top != nil {
		groups = append(groups, top.FullHelp()...)
	}
	// The root's keys as the bottom line has them (esc back only above
	// the first screen, where it goes somewhere), and ctrl+c.
	globals := append(m.globalShortHelp(), m.keys.ForceQuit)
	var screen []key.Binding
	for _, g := range groups {
		screen = append(screen, g...)
	}
	globals = withoutKeysOf(globals, screen)
	title := "Help"
	if top := m.top(); top != nil {
		title = "Help: " + oneLine(top.Title())
	}
	// The box's border and padding take two cells on each side and its
	// border a line above and below.
	inner := max(m.width-4, 10)
	page := helpPage{title: title, groups: groups, globals: globals}
	body := page.fit(m.help, m.st, inner, max(m.bodyHeight()-2, 1))
	return m.st.FocusPane.Padding(0, 1).Width(max(m.width, 10)).Render(body)
}

// helpColumns renders the help's columns side by side as far as they fit
// in width cells and the rest in rows below, a blank line between rows.
// (help.Model would cut the columns that do not fit, the global keys
// last of all.)
func helpColumns(h help.Model, groups [][]key.Binding, width int) string {
	h.SetWidth(0)
	sep := lipgloss.Width(h.FullSeparator)
	var rows []string
	var row [][]key.Binding
	used := 0
	for _, g := range groups {
		w := lipgloss.Width(h.FullHelpView([][]key.Binding{g}))
		if w == 0 {
			continue // nothing enabled
		}
		if len(row) > 0 && used+sep+w > width {
			rows = append(rows, h.FullHelpView(row))
			row, used = nil, 0
		}
		if len(row) > 0 {
			used += sep
		}
		row, used = append(row, g), used+w
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}

// withoutKeysOf drops the global bindings whose keys a screen already
// lists, so a hint such as "esc back" is not shown twice.
func withoutKeysOf(globals, screen []key.Binding) []key.Binding {
	taken := map[string]bool{}
	for _, b := range screen {
		if b.Enabled() {
			for _, k := range b.Keys() {
				taken[k] = true
			}
		}
	}
	var out []key.Binding
	for _, g := range globals {
		dup := false
		for _, k := range g.Keys() {
			dup = dup || taken[k]
		}
		if !dup {
			out = append(out, g)
		}
	}
	return out
}
