package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"kscope/theme"
)

// helpPage is what the full help shows: a title, the screen's key groups
// and the root's keys that the screen does not already list.
type helpPage struct {
	title   string
	groups  [][]key.Binding
	globals []key.Binding
}

// helpClose is the full help's last line when every key is shown.
const helpClose = "? or esc closes this help"

// fit lays the page out in at most width cells and lines lines. It keeps
// the screen's groups as columns when they fit; otherwise it packs every
// key down then across into as few columns as the height allows; when
// even that is too big it leaves out screen keys (movement keys first,
// then from the end) but never the way out (esc) nor the global keys
// (:, ?, q, ctrl+c), and its last line says how many keys are not shown.
func (p helpPage) fit(h help.Model, st *theme.Styles, width, lines int) string {
	grouped := helpColumns(h, append(append([][]key.Binding{}, p.groups...), p.globals), width)
	if s, ok := p.frame(st, grouped, helpClose, width, lines); ok {
		return s
	}
	screen, esc := splitEsc(enabledOf(flatten(p.groups)))
	kept := enabledOf(p.globals)
	if esc != nil {
		kept = append([]key.Binding{*esc}, kept...)
	}
	if s, ok := p.packed(h, st, append(append([]key.Binding{}, screen...), kept...), helpClose, width, lines); ok {
		return s
	}
	order := cutOrder(screen)
	for n := 1; n <= len(order); n++ {
		shown := append(withoutIndexes(screen, order[:n]), kept...)
		for _, foot := range cutFeet(n) {
			if s, ok := p.packed(h, st, shown, foot, width, lines); ok && lipgloss.Width(foot) <= width {
				return s
			}
		}
	}
	// Not even the way out and the global keys fit: show what does, cut.
	s, _ := p.packed(h, st, kept, cutFeet(len(screen))[1], width, lines)
	return s
}

// cutFeet are the last lines of a help that leaves n keys out, longest
// first.
func cutFeet(n int) []string {
	return []string{moreKeys(n) + " · ? or esc closes", fmt.Sprintf("%d keys cut · ? or esc closes", n)}
}

// moreKeys says that n keys are not shown and how to see them.
func moreKeys(n int) string {
	if n == 1 {
		return "1 more key needs a bigger terminal"
	}
	return fmt.Sprintf("%d more keys need a bigger terminal", n)
}

// packed lays bs out down then across in as few columns as the lines
// left under the title allow, trying the help's own column gap and then
// a narrower one; ok is false when it does not fit.
func (p helpPage) packed(h help.Model, st *theme.Styles, bs []key.Binding, foot string, width, lines int) (string, bool) {
	h.SetWidth(0)
	var last string
	for _, blanks := range []bool{true, false} {
		rows := lines - 2
		if blanks {
			rows -= 2
		}
		if rows < 1 {
			continue
		}
		for _, gap := range []string{h.FullSeparator, "  "} {
			h.FullSeparator = gap
			body := h.FullHelpView(chunk(bs, rows))
			last = p.render(st, body, foot, width, blanks)
			if lipgloss.Width(body) <= width && lipgloss.Height(body) <= rows {
				return last, true
			}
		}
	}
	return last, false
}

// frame puts body between the title and foot, with blank lines between
// them when they fit; ok is false when body is too wide or too tall.
func (p helpPage) frame(st *theme.Styles, body, foot string, width, lines int) (string, bool) {
	if lipgloss.Width(body) > width {
		return "", false
	}
	switch h := lipgloss.Height(body); {
	case h+4 <= lines:
		return p.render(st, body, foot, width, true), true
	case h+2 <= lines:
		return p.render(st, body, foot, width, false), true
	}
	return "", false
}

// render joins the title, body and foot, each line cut to width.
func (p helpPage) render(st *theme.Styles, body, foot string, width int, blanks bool) string {
	parts := []string{truncateWidth(st.Title.Render(p.title), width)}
	if blanks {
		parts = append(parts, "")
	}
	parts = append(parts, body)
	if blanks {
		parts = append(parts, "")
	}
	parts = append(parts, truncateWidth(st.Subtle.Render(foot), width))
	return strings.Join(parts, "\n")
}

// chunk splits bs into columns of at most rows keys, the columns as
// even as the count allows.
func chunk(bs []key.Binding, rows int) [][]key.Binding {
	if len(bs) == 0 {
		return nil
	}
	cols := (len(bs) + rows - 1) / rows
	per := (len(bs) + cols - 1) / cols
	var out [][]key.Binding
	for i := 0; i < len(bs); i += per {
		out = append(out, bs[i:min(i+per, len(bs))])
	}
	return out
}

// cutOrder is the order in which the full help leaves screen keys out
// when they do not fit: the list movement keys, which every list shares
// and the arrows make plain, then the others from the last.
func cutOrder(bs []key.Binding) []int {
	var moves, rest []int
	for i, b := range bs {
		if isMovement(b) {
			moves = append(moves, i)
		} else {
			rest = append([]int{i}, rest...)
		}
	}
	return append(moves, rest...)
}

// isMovement tells a list movement key (up, down, page, first, last).
func isMovement(b key.Binding) bool {
	for _, k := range b.Keys() {
		switch k {
		case "up", "down", "pgup", "pgdown", "home", "end":
			return true
		}
	}
	return false
}

// withoutIndexes is bs without the keys at the given indexes.
func withoutIndexes(bs []key.Binding, drop []int) []key.Binding {
	gone := map[int]bool{}
	for _, i := range drop {
		gone[i] = true
	}
	var out []key.Binding
	for i, b := range bs {
		if !gone[i] {
			out = append(out, b)
		}
	}
	return out
}

// flatten joins groups into one list.
func flatten(groups [][]key.Binding) []key.Binding {
	var out []key.Binding
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// enabledOf keeps the enabled bindings (the help shows no others).
func enabledOf(bs []key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
