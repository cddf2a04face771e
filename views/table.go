package views

import (
	"strings"
	"sync/atomic"
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
var reqSeq atomic.Uint64

func nextID() uint64 { return reqSeq.Add(1) }

// scroller keeps a cursor inside a window of height rows over n items.
type scroller struct {
	cursor, offset, height, n int
}

// setN changes the item count, keeping the cursor and window valid.
func (s *scroller) setN(n int) {
	s.n = n
	s.clamp()
}

// setHeight changes the window height.
func (s *scroller) setHeight(h int) {
	s.height = max(h, 1)
	s.clamp()
}

func (s *scroller) clamp() {
	if s.n == 0 {
		s.cursor, s.offset = 0, 0
		return
	}
	s.cursor = min(max(s.cursor, 0), s.n-1)
	s.offset = min(max(s.offset, 0), max(s.n-s.height, 0))
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+s.height {
		s.offset = s.cursor - s.height + 1
	}
}

// move moves the cursor by d rows.
func (s *scroller) move(d int) { s.cursor += d; s.clamp() }

// moveTo puts the cursor on row i.
func (s *scroller) moveTo(i int) { s.cursor = i; s.clamp() }

// page moves the cursor by d pages.
func (s *scroller) page(d int) { s.move(d * max(s.height-1, 1)) }

// scroll moves the window by d rows (mouse wheel) and drags the cursor
// along only when it would leave the window.
func (s *scroller) scroll(d int) {
	if s.n == 0 {
		return
	}
	s.offset = min(max(s.offset+d, 0), max(s.n-s.height, 0))
	s.cursor = min(max(s.cursor, s.offset), s.offset+s.height-1)
	s.clamp()
}

// window returns the items [start, end) the window shows.
func (s *scroller) window() (int, int) {
	return s.offset, min(s.offset+s.height, s.n)
}

// listKeys are the movement keys every list and pane shares.
type listKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
	}
}

func (k listKeys) bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// matches reports whether msg is one of b's keys; unlike key.Matches it
// also matches a disabled binding, so that pressing a disabled key can say
// why it does nothing.
func matches(msg tea.KeyPressMsg, b key.Binding) bool {
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}

// shownDisabled returns a copy of a disabled binding that help will list
// (bubbles' help skips disabled bindings), its description marked with
// why it is not available.
func shownDisabled(b key.Binding, why string) key.Binding {
	h := b.Help()
	c := key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(h.Key, h.Desc+" ("+why+")"))
	return c
}

// keyScroll applies the list movement keys shared by every list and
// reports whether msg was one of them.
func keyScroll(s *scroller, k listKeys, msg tea.KeyPressMsg) bool {
	switch {
	case matches(msg, k.Up):
		s.move(-1)
	case matches(msg, k.Down):
		s.move(1)
	case matches(msg, k.PageUp):
		s.page(-1)
	case matches(msg, k.PageDown):
		s.page(1)
	case matches(msg, k.Home):
		s.moveTo(0)
	case matches(msg, k.End):
		s.moveTo(s.n - 1)
	default:
		return false
	}
	return true
}

// wheelStep is how many rows one wheel notch scrolls.
const wheelStep = 3

// wheelDelta returns the rows a wheel event scrolls by, 0 for other
// buttons.
func wheelDelta(m tea.Mouse) int {
	switch m.Button {
	case tea.MouseWheelUp:
		return -wheelStep
	case tea.MouseWheelDown:
		return wheelStep
	}
	return 0
}

// column is one column of a table.
type column struct {
	title string
	// width is the column's width; a flex column gets at least this and
	// shares what is left of the line.
	width int
	flex  bool
	right bool
}

// colGap separates columns.
const colGap = "  "

// cursorMark starts the selected row so it is visible without colour (and
// in plain-text tests); other rows start with blanks of the same width.
const (
	cursorMark = "▸ "
	noMark     = "  "
)

// layout returns each column's width for a line of total cells (the mark
// included). Fixed columns keep their width; flex columns share the rest
// equally. When even the minimum does not fit, the last columns shrink.
func layout(cols []column, total int) []int {
	ws := make([]int, len(cols))
	used := lipgloss.Width(noMark) + len(colGap)*(len(cols)-1)
	flex := 0
	for i, c := range cols {
		ws[i] = c.width
		used += c.width
		if c.flex {
			flex++
		}
	}
	if spare := total - used; spare > 0 && flex > 0 {
		for i, c := range cols {
			if c.flex {
				ws[i] += spare / flex
			}
		}
		for i, c := range cols { // hand out the remainder left to right
			if c.flex && spare%flex > 0 {
				ws[i]++
				spare--
			}
		}
	} else if spare < 0 {
		// Shrink flex columns first, down to 8 cells, then the others from
		// the right.
		over := -spare
		for i, c := range cols {
			if c.flex && over > 0 {
				cut := min(over, max(ws[i]-8, 0))
				ws[i] -= cut
				over -= cut
			}
		}
		for i := len(cols) - 1; i >= 0 && over > 0; i-- {
			cut := min(over, max(ws[i]-1, 0))
			ws[i] -= cut
			over -= cut
		}
	}
	return ws
}

// fit truncates cell to width cells and pads it to exactly width, on the
// right or, for right-aligned columns, on the left.
func fit(cell string, width int, right bool) string {
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

// headerLine renders the column titles; sortCol, if >= 0, gets arrow.
func headerLine(st lipgloss.Style, cols []column, ws []int, sortCol int, arrow string) string {
	var b strings.Builder
	b.WriteString(noMark)
	for i, c := range cols {
		if i > 0 {
			b.WriteString(colGap)
		}
		t := c.title
		if i == sortCol {
			t += " " + arrow
		}
		b.WriteString(fit(t, ws[i], c.right))
	}
	return st.Render(b.String())
}

// rowLine renders one row of already sanitized cells (which may hold
// styles). A selected row starts with the cursor mark and is drawn in sel:
// plain cells, gaps and padding get sel here, and a styled cell must
// already carry sel's background (see highlight), because its closing
// reset would end an outer style.
func rowLine(cells []string, cols []column, ws []int, selected bool, sel lipgloss.Style) string {
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
		b.WriteString(noMark)
	}
	for i, c := range cols {
		if i > 0 {
			plain(colGap)
		}
		cell := Truncate(cells[i], ws[i])
		pad := strings.Repeat(" ", max(ws[i]-lipgloss.Width(cell), 0))
		if c.right {
			plain(pad)
		}
		if strings.Contains(cell, "\x1b") {
			b.WriteString(cell)
		} else {
			plain(cell)
		}
		if !c.right {
			plain(pad)
		}
	}
	return b.String()
}

// padLines pads or cuts s to exactly h lines, each at most w cells.
func padLines(s string, w, h int) string {
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

// matchPositions returns the rune indexes of name the query matched, for
// highlighting: the first substring occurrence, or else the greedy
// subsequence. Matching is case-insensitive rune by rune.
func matchPositions(name, query string) []int {
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
