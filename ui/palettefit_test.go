package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The palette fits the body at 80x24 and 60x15: its box is whole, with
// the keys line, and the suggestions that do not fit scroll with the
// selection, a line saying how many are not shown.
func TestPaletteFitsTheBody(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 15}} {
		h := newHarness(t, newDemoService())
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		h.press(":")
		v := h.view()
		lines := strings.Split(v, "\n")
		if len(lines) != size[1] {
			t.Fatalf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		body := strings.Join(lines[:len(lines)-2], "\n")
		for _, want := range []string{"┗", "enter run • esc close", "more: ↑/↓ scroll", "topics"} {
			if !strings.Contains(body, want) {
				t.Errorf("%dx%d: the palette lacks %q above the status lines:\n%s", size[0], size[1], want, v)
			}
		}
		last := commands()[len(commands())-1].name
		if strings.Contains(v, last+" ") {
			t.Fatalf("%dx%d: the last command shows before scrolling:\n%s", size[0], size[1], v)
		}
		for range commands() {
			h.press("down")
		}
		h.press("up") // the last one
		if v := h.view(); !strings.Contains(v, last) || !strings.Contains(v, "┗") {
			t.Errorf("%dx%d: the last command is not in view at the end of the list:\n%s", size[0], size[1], v)
		}
	}
}
