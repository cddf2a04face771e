package kit

import "charm.land/lipgloss/v2"

// ModalWrap returns the width of a modal box's lines in a body w cells
// wide and a function that wraps a paragraph to it.
func ModalWrap(w int) (int, func(string) string) {
	cw := ModalContentWidth(w)
	return cw, func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
}
