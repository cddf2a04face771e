package kit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// reqSeq numbers every request and timer of every screen. The root sends
// async results to every screen on its stack, so an id must be unique across
// screens, not only within one: a screen keeps the id of its latest request
// and drops every answer that does not carry it.
// scroller keeps a cursor inside a window of height rows over n items.
type Scroller struct {
	Cursor, Offset, Height, N int
}

// SetN changes the item count, keeping the cursor and window valid.
func (s *Scroller) SetN(n int) {
	s.N = n
	s.clamp()
}

// SetHeight changes the window height.
func (s *Scroller) SetHeight(h int) {
	s.Height = max(h, 1)
	s.clamp()
}

func (s *Scroller) clamp() {
	if s.N == 0 {
		s.Cursor, s.Offset = 0, 0
		return
	}
	s.Cursor = min(max(s.Cursor, 0), s.N-1)
	s.Offset = min(max(s.Offset, 0), max(s.N-s.Height, 0))
	if s.Cursor < s.Offset {
		s.Offset = s.Cursor
	}
	if s.Cursor >= s.Offset+s.Height {
		s.Offset = s.Cursor - s.Height + 1
	}
}

// Move moves the cursor by d rows.
func (s *Scroller) Move(d int) { s.Cursor += d; s.clamp() }

// MoveTo puts the cursor on row i.
func (s *Scroller) MoveTo(i int) { s.Cursor = i; s.clamp() }

// Page moves the cursor by d pages.
func (s *Scroller) Page(d int) { s.Move(d * max(s.Height-1, 1)) }

// Scroll moves the window by d rows (mouse wheel) and drags the cursor
// along only when it would leave the window.
func (s *Scroller) Scroll(d int) {
	if s.N == 0 {
		return
	}
	s.Offset = min(max(s.Offset+d, 0), max(s.N-s.Height, 0))
	s.Cursor = min(max(s.Cursor, s.Offset), s.Offset+s.Height-1)
	s.clamp()
}

// Window returns the items [start, end) the window shows.
func (s *Scroller) Window() (int, int) {
	return s.Offset, min(s.Offset+s.Height, s.N)
}

// Matches reports whether msg is one of b's keys; unlike key.Matches it
// also matches a disabled binding, so that pressing a disabled key can say
// why it does nothing.
func Matches(msg tea.KeyPressMsg, b key.Binding) bool {
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}

// ShownDisabled returns a copy of a disabled binding that help will list
// (bubbles' help skips disabled bindings), its description marked with
// why it is not available.
func ShownDisabled(b key.Binding, why string) key.Binding {
	h := b.Help()
	c := key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(h.Key, h.Desc+" ("+why+")"))
	return c
}

// KeyScroll applies the list movement keys shared by every list and
// reports whether msg was one of them.
func KeyScroll(s *Scroller, k ListKeys, msg tea.KeyPressMsg) bool {
	switch {
	case Matches(msg, k.Up):
		s.Move(-1)
	case Matches(msg, k.Down):
		s.Move(1)
	case Matches(msg, k.PageUp):
		s.Page(-1)
	case Matches(msg, k.PageDown):
		s.Page(1)
	case Matches(msg, k.Home):
		s.MoveTo(0)
	case Matches(msg, k.End):
		s.MoveTo(s.N - 1)
	default:
		return false
	}
	return true
}

// wheelStep is how many rows one wheel notch scrolls.
const wheelStep = 3

// WheelDelta returns the rows a wheel event scrolls by, 0 for other
// buttons.
func WheelDelta(m tea.Mouse) int {
	switch m.Button {
	case tea.MouseWheelUp:
		return -wheelStep
	case tea.MouseWheelDown:
		return wheelStep
	}
	return 0
}

// Column is one column of a table.
type Column struct {
	Title string
	// Width is the column's width; a flex column gets at least this and
	// shares what is left of the line.
	Width int
	Flex  bool
	Right bool
	// Min is the width a fixed column keeps when the line is too narrow
	// (its widest value, say), if wider than its title; see Layout.
	Min int
}

// ColGap separates columns.
const ColGap = "  "

// cursorMark starts the selected row so it is visible without colour (and
// in plain-text tests); other rows start with blanks of the same width.
const (
	cursorMark = "▸ "
	NoMark     = "  "
)

// Layout returns each column's width for a line of total cells (the mark
// included). Fixed columns keep their width; flex columns share the rest
// equally. When even the minimum does not fit, the flex columns (names)
// yield first, then fixed ones down to their titles, then the last ones.
func Layout(cols []Column, total int) []int {
	ws := make([]int, len(cols))
	used := lipgloss.Width(NoMark) + len(ColGap)*(len(cols)-1)
	flex := 0
	for i, c := range cols {
		ws[i] = c.Width
		used += c.Width
		if c.Flex {
			flex++
		}
	}
	if spare := total - used; spare > 0 && flex > 0 {
		for i, c := range cols {
			if c.Flex {
				ws[i] += spare / flex
			}
		}
		for i, c := range cols { // hand out the remainder left to right
			if c.Flex && spare%flex > 0 {
				ws[i]++
				spare--
			}
		}
	} else if spare < 0 {
		// Shrink flex columns (names) first, down to 8 cells and then to
		// 4, so that numbers and their headings keep their width; then
		// the others from the right.
		over := -spare
		for _, floor := range []int{8, 4} {
			for i, c := range cols {
				if c.Flex && over > 0 {
					cut := min(over, max(ws[i]-floor, 0))
					ws[i] -= cut
					over -= cut
				}
			}
		}
		// Then fixed columns, from the right, down to their title or
		// Min, whichever is wider; only then anything, from the right.
		for i := len(cols) - 1; i >= 0 && over > 0; i-- {
			floor := max(lipgloss.Width(cols[i].Title), cols[i].Min)
			cut := min(over, max(ws[i]-floor, 0))
			ws[i] -= cut
			over -= cut
		}
		for i := len(cols) - 1; i >= 0 && over > 0; i-- {
			cut := min(over, max(ws[i]-1, 0))
			ws[i] -= cut
			over -= cut
		}
	}
	return ws
}

// Fit truncates cell to width cells and pads it to exactly width, on the
// right or, for right-aligned columns, on the left.
func Fit(cell string, width int, right bool) string {
	cell = Truncate(cell, width)
	pad := width - lipgloss.Width(cell)
	if pad <= 0 {
		return cell
	}
	if right {
		return strings.Repeat(" ", pad) + cell
	}
	return cell + strings.Repeat(" ", pad)
}

// HeaderLine renders the column titles; sortCol, if >= 0, gets arrow.
func HeaderLine(st lipgloss.Style, cols []Column, ws []int, sortCol int, arrow string) string {
	var b strings.Builder
	b.WriteString(NoMark)
	for i, c := range cols {
		if i > 0 {
			b.WriteString(ColGap)
		}
		t := c.Title
		if i == sortCol {
			t += " " + arrow
			if lipgloss.Width(t) > ws[i] && ws[i] > lipgloss.Width(arrow)+1 {
				// The arrow is what says the list is sorted here: cut
				// the title, not the arrow.
				t = Truncate(c.Title, ws[i]-lipgloss.Width(arrow)-1) + " " + arrow
			}
		}
		b.WriteString(Fit(t, ws[i], c.Right))
	}
	return st.Render(b.String())
}

// RowLine renders one row of already sanitized cells (which may hold
// styles). A selected row starts with the cursor mark and is drawn in sel:
// plain cells, gaps and padding get sel here, and a styled cell must
// already carry sel's background (see highlight), because its closing
// reset would end an outer style.
func RowLine(cells []string, cols []Column, ws []int, selected bool, sel lipgloss.Style) string {
	var b strings.Builder
	plain := func(s string) {
		if selected && s != "" {
			s = sel.Render(s)
		}
		b.WriteString(s)
	}
	if selected {
		plain(cursorMark)
	} else {
		b.WriteString(NoMark)
	}
	for i, c := range cols {
		if i > 0 {
			plain(ColGap)
		}
		cell := Truncate(cells[i], ws[i])
		pad := strings.Repeat(" ", max(ws[i]-lipgloss.Width(cell), 0))
		if c.Right {
			plain(pad)
		}
		if strings.Contains(cell, "\x1b") {
			b.WriteString(cell)
		} else {
			plain(cell)
		}
		if !c.Right {
			plain(pad)
		}
	}
	return b.String()
}

// PadLines pads or cuts s to exactly h lines, each at most w cells.
func PadLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = Truncate(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// matchKind says how a name matched a filter.
type matchKind int

const (
	noMatch matchKind = iota
	substringMatch
	fuzzyMatch
)

// matchName reports whether name (already lower-cased) contains query
// (lower-cased) as a substring, or failing that as a subsequence.
func matchName(lower, query string) matchKind {
	if query == "" || strings.Contains(lower, query) {
		return substringMatch
	}
	qi := 0
	for _, r := range lower {
		q, size := utf8.DecodeRuneInString(query[qi:])
		if r == q {
			qi += size
			if qi == len(query) {
				return fuzzyMatch
			}
		}
	}
	return noMatch
}

// MatchPositions returns the rune indexes of name the query matched, for
// highlighting: the first substring occurrence, or else the greedy
// subsequence. Matching is case-insensitive rune by rune.
func MatchPositions(name, query string) []int {
	if query == "" {
		return nil
	}
	nr := []rune(name)
	qr := []rune(strings.ToLower(query))
	for i := range nr {
		nr[i] = unicode.ToLower(nr[i])
	}
	for i := 0; i+len(qr) <= len(nr); i++ {
		if string(nr[i:i+len(qr)]) == string(qr) {
			pos := make([]int, len(qr))
			for j := range pos {
				pos[j] = i + j
			}
			return pos
		}
	}
	var pos []int
	qi := 0
	for i, r := range nr {
		if qi < len(qr) && r == qr[qi] {
			pos = append(pos, i)
			qi++
		}
	}
	if qi < len(qr) {
		return nil
	}
	return pos
}

// highlight renders name with the runes at pos in match and the rest in
// base (when base is set), for a table cell.
func highlight(name string, pos []int, base, match lipgloss.Style, styled bool) string {
	if len(pos) == 0 {
		return name
	}
	var b strings.Builder
	var run strings.Builder
	inMatch := false
	flush := func() {
		if run.Len() == 0 {
			return
		}
		switch {
		case inMatch:
			b.WriteString(match.Render(run.String()))
		case styled:
			b.WriteString(base.Render(run.String()))
		default:
			b.WriteString(run.String())
		}
		run.Reset()
	}
	pi := 0
	for i, r := range []rune(name) {
		m := pi < len(pos) && pos[pi] == i
		if m {
			pi++
		}
		if m != inMatch {
			flush()
			inMatch = m
		}
		run.WriteRune(r)
	}
	flush()
	return b.String()
}
