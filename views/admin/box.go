package admin

import (
	"strings"

	"charm.land/lipgloss/v2"

	"kscope/theme"
	"kscope/views/kit"
)

// boxChrome is what the modal box adds around its lines: border and
// padding, in rows and in columns.
const boxChrome = 4

// contentWidth is the width of a box's lines in a body w cells wide.
func contentWidth(w int) int { return max(min(w, 80)-2-boxChrome, 4) }

// fitBox draws lines in the modal box centred in w×h; when the box does
// not fit, it drops blank lines, then the box, then lines from the top,
// so the input and what happens next stay in view.
func fitBox(st *theme.Styles, lines []string, w, h int) string {
	w, h = max(w, 1), max(h, 1)
	// A wrapped paragraph is several lines: count them one by one.
	lines = strings.Split(strings.Join(lines, "\n"), "\n")
	if len(lines)+boxChrome <= h && maxWidth(lines)+boxChrome+2 <= w {
		return kit.Fill(kit.ModalBox(st, lines, w, h), w, h)
	}
	var dense []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			dense = append(dense, l)
		}
	}
	if len(dense)+boxChrome <= h && maxWidth(dense)+boxChrome+2 <= w {
		return kit.Fill(kit.ModalBox(st, dense, w, h), w, h)
	}
	if len(dense) > h {
		dense = dense[len(dense)-h:]
	}
	return kit.Fill(strings.Join(dense, "\n"), w, h)
}

// maxWidth is the width of the widest line.
func maxWidth(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, lipgloss.Width(l))
	}
	return n
}
