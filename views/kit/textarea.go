package kit

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// TextArea is a small multi-line editor (a record value, headers). bubbles'
// textarea is not used because it pulls in a clipboard module kscope does
// not depend on. Long lines are wrapped for display only: the cursor moves
// by logical lines, and the window scrolls to keep it visible.
type TextArea struct {
	Lines [][]rune
	Row   int // cursor line
	col   int // cursor rune index in the line
	// top is the first visual (wrapped) row shown.
	top int
}

// NewTextArea returns an empty editor.
func NewTextArea() TextArea { return TextArea{Lines: [][]rune{nil}} }

// Value returns the text, lines joined with "\n".
func (ta *TextArea) Value() string {
	parts := make([]string, len(ta.Lines))
	for i, l := range ta.Lines {
		parts[i] = string(l)
	}
	return strings.Join(parts, "\n")
}

// SetValue replaces the text and puts the cursor at its end.
func (ta *TextArea) SetValue(s string) {
	ta.Lines = [][]rune{nil}
	ta.Row, ta.col, ta.top = 0, 0, 0
	ta.insert(s)
}

// Update edits the text for a key or a paste and reports whether it
// handled the message. Keys it does not know (tab, esc, ctrl+s) are left
// to the form.
func (ta *TextArea) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		ta.insert(msg.Content)
		return true
	case tea.KeyPressMsg:
		line := ta.Lines[ta.Row]
		k := TextEditKeys()
		switch {
		case Matches(msg, k.Newline):
			ta.insert("\n")
		case Matches(msg, k.DeleteBack):
			switch {
			case ta.col > 0:
				ta.Lines[ta.Row] = append(line[:ta.col-1:ta.col-1], line[ta.col:]...)
				ta.col--
			case ta.Row > 0:
				prev := ta.Lines[ta.Row-1]
				ta.col = len(prev)
				ta.Lines[ta.Row-1] = append(prev[:len(prev):len(prev)], line...)
				ta.Lines = append(ta.Lines[:ta.Row], ta.Lines[ta.Row+1:]...)
				ta.Row--
			}
		case Matches(msg, k.DeleteForward):
			switch {
			case ta.col < len(line):
				ta.Lines[ta.Row] = append(line[:ta.col:ta.col], line[ta.col+1:]...)
			case ta.Row < len(ta.Lines)-1:
				ta.Lines[ta.Row] = append(line[:len(line):len(line)], ta.Lines[ta.Row+1]...)
				ta.Lines = append(ta.Lines[:ta.Row+1], ta.Lines[ta.Row+2:]...)
			}
		case Matches(msg, k.Left):
			switch {
			case ta.col > 0:
				ta.col--
			case ta.Row > 0:
				ta.Row--
				ta.col = len(ta.Lines[ta.Row])
			}
		case Matches(msg, k.Right):
			switch {
			case ta.col < len(line):
				ta.col++
			case ta.Row < len(ta.Lines)-1:
				ta.Row++
				ta.col = 0
			}
		case Matches(msg, k.Up):
			if ta.Row > 0 {
				ta.Row--
				ta.col = min(ta.col, len(ta.Lines[ta.Row]))
			}
		case Matches(msg, k.Down):
			if ta.Row < len(ta.Lines)-1 {
				ta.Row++
				ta.col = min(ta.col, len(ta.Lines[ta.Row]))
			}
		case Matches(msg, k.LineStart):
			ta.col = 0
		case Matches(msg, k.LineEnd):
			ta.col = len(line)
		case Matches(msg, k.TextStart):
			ta.Row, ta.col = 0, 0
		case Matches(msg, k.TextEnd):
			ta.Row = len(ta.Lines) - 1
			ta.col = len(ta.Lines[ta.Row])
		case Matches(msg, k.KillToEnd):
			if ta.col < len(line) {
				ta.Lines[ta.Row] = line[:ta.col]
			} else if ta.Row < len(ta.Lines)-1 {
				ta.Lines[ta.Row] = append(line[:len(line):len(line)], ta.Lines[ta.Row+1]...)
				ta.Lines = append(ta.Lines[:ta.Row+1], ta.Lines[ta.Row+2:]...)
			}
		case Matches(msg, k.KillToStart):
			ta.Lines[ta.Row] = line[ta.col:]
			ta.col = 0
		default:
			if !typed(msg) {
				return false
			}
			ta.insert(msg.Text)
		}
		return true
	}
	return false
}

// insert puts s at the cursor. Newlines (\n, \r\n, \r) split lines, a tab
// becomes two spaces and other control characters are dropped, so nothing
// typed or pasted can reach the terminal as an escape sequence.
func (ta *TextArea) insert(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\t", "  ")
	for i, part := range strings.Split(s, "\n") {
		if i > 0 {
			line := ta.Lines[ta.Row]
			rest := append([]rune(nil), line[ta.col:]...)
			ta.Lines[ta.Row] = line[:ta.col]
			ta.Row++
			ta.Lines = append(ta.Lines[:ta.Row], append([][]rune{rest}, ta.Lines[ta.Row:]...)...)
			ta.col = 0
		}
		var rs []rune
		for _, r := range part {
			if unicode.IsPrint(r) {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		line := ta.Lines[ta.Row]
		v := make([]rune, 0, len(line)+len(rs))
		v = append(v, line[:ta.col]...)
		v = append(v, rs...)
		v = append(v, line[ta.col:]...)
		ta.Lines[ta.Row] = v
		ta.col += len(rs)
	}
}

// visualRow is one wrapped piece of a logical line: runes [start, end) of
// line.
type visualRow struct{ line, start, end int }

// wrap splits the lines into visual rows of at most w cells.
func (ta *TextArea) wrap(w int) []visualRow {
	w = max(w, 2)
	var rows []visualRow
	for i, l := range ta.Lines {
		start, cells := 0, 0
		for j, r := range l {
			rw := max(ansi.StringWidth(string(r)), 1)
			// Keep one cell free at the end of a full row for the cursor.
			if cells+rw > w-1 && j > start {
				rows = append(rows, visualRow{i, start, j})
				start, cells = j, 0
			}
			cells += rw
		}
		rows = append(rows, visualRow{i, start, len(l)})
	}
	return rows
}

// cursorRow returns the visual row holding the cursor.
func (ta *TextArea) cursorRow(rows []visualRow) int {
	for i, r := range rows {
		if r.line != ta.Row {
			continue
		}
		last := i+1 == len(rows) || rows[i+1].line != ta.Row
		if ta.col >= r.start && (ta.col < r.end || last) {
			return i
		}
	}
	return 0
}

// View renders exactly h rows of at most w cells with a cursor when
// focused, scrolled to keep the cursor visible; placeholder shows when the
// editor is empty.
func (ta *TextArea) View(text, subtle lipgloss.Style, focused bool, placeholder string, w, h int) string {
	h = max(h, 1)
	rows := ta.wrap(w)
	cur := ta.cursorRow(rows)
	if cur < ta.top {
		ta.top = cur
	}
	if cur >= ta.top+h {
		ta.top = cur - h + 1
	}
	ta.top = min(ta.top, max(len(rows)-h, 0))
	out := make([]string, 0, h)
	empty := len(ta.Lines) == 1 && len(ta.Lines[0]) == 0
	for i := ta.top; i < ta.top+h; i++ {
		switch {
		case i >= len(rows):
			out = append(out, "")
		case empty && placeholder != "":
			out = append(out, PlaceholderView(placeholder, subtle, focused, w))
		default:
			r := rows[i]
			seg := ta.Lines[r.line][r.start:r.end]
			if !focused || i != cur {
				out = append(out, text.Render(string(seg)))
				continue
			}
			at := ta.col - r.start
			before := string(seg[:at])
			c, after := " ", ""
			if at < len(seg) {
				c, after = string(seg[at]), string(seg[at+1:])
			}
			out = append(out, text.Render(before)+cursorStyle().Render(c)+text.Render(after))
		}
	}
	return strings.Join(out, "\n")
}

// cursorStyle draws the block cursor of inputs and editors; reverse video
// is seen without colour too.
func cursorStyle() lipgloss.Style { return lipgloss.NewStyle().Reverse(true) }

// PlaceholderView renders an empty input's placeholder in at most w
// cells; focused, the cursor sits on its first character, so the text
// stays in the column it has unfocused.
func PlaceholderView(placeholder string, subtle lipgloss.Style, focused bool, w int) string {
	ph := []rune(Truncate(placeholder, w))
	if !focused || len(ph) == 0 {
		return subtle.Render(string(ph))
	}
	return cursorStyle().Render(string(ph[0])) + subtle.Render(string(ph[1:]))
}
