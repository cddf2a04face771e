package kit

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// ErrorLines is how many lines a failure's words may take where a screen
// shows one (a load's or a query's error): a long Kafka error is read to
// its end at 60 columns, and the layout under it moves by two lines at
// most.
const ErrorLines = 3

// WrapN cuts text into lines of at most w cells, at spaces where it can
// (a word longer than w is cut), at most n of them (at least one): when
// text needs more, the last line kept ends in " …". Lines carry no
// trailing spaces. text must be plain (sanitized, unstyled).
func WrapN(text string, w, n int) []string {
	w, n = max(w, 1), max(n, 1)
	lines := strings.Split(ansi.Wrap(strings.TrimSpace(text), w, ""), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = Truncate(strings.TrimRight(lines[n-1], " ")+" …", w)
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// WrappedN is Wrapped with at most n lines: text, indented by two
// spaces, in style, on lines of w cells.
func WrappedN(style lipgloss.Style, text string, w, n int) []string {
	lines := WrapN(text, max(w-2, 10), n)
	for i, l := range lines {
		lines[i] = style.Render("  " + l)
	}
	return lines
}
