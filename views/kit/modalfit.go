package kit

import (
	"strings"

	"charm.land/lipgloss/v2"

	"kscope/theme"
)

// modalChrome is what the modal box adds around its lines: border and
// padding, in rows and in columns.
const modalChrome = 4

// ModalContentWidth is the width of a modal box's lines in a body w cells
// wide.
func ModalContentWidth(w int) int { return max(min(w, 80)-2-modalChrome, 4) }

// FitModal draws lines in the modal box centred in w×h; when the box does
// not fit, it drops blank lines, then the box, then lines from the top, so
// the input and what happens next stay in view. A line may hold several
// (a wrapped paragraph): each counts.
func FitModal(st *theme.Styles, lines []string, w, h int) string {
	w, h = max(w, 1), max(h, 1)
	lines = strings.Split(strings.Join(lines, "\n"), "\n")
	if len(lines)+modalChrome <= h && modalWidest(lines)+modalChrome+2 <= w {
		return Fill(ModalBox(st, lines, w, h), w, h)
	}
	var dense []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			dense = append(dense, l)
		}
	}
	if len(dense)+modalChrome <= h && modalWidest(dense)+modalChrome+2 <= w {
		return Fill(ModalBox(st, dense, w, h), w, h)
	}
	if len(dense) > h {
		dense = dense[len(dense)-h:]
	}
	return Fill(strings.Join(dense, "\n"), w, h)
}

// modalWidest is the width of the widest line.
func modalWidest(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, lipgloss.Width(l))
	}
	return n
}
