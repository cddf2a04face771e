package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// TestBrokersHelpLineFitsWithNodes: on the bundled cluster the brokers
// view's help line shows its keys whole at 80 columns (no "…"), with the
// node key and the way out; at 60 the way out stays; r, left out of the
// short line for room, is in the full help.
func TestBrokersHelpLineFitsWithNodes(t *testing.T) {
	for _, tc := range []struct {
		width int
		want  []string
		cut   bool
	}{
		{width: 80, want: []string{"enter configs", "s stop node 0", "esc back", ": command", "? help", "q quit"}},
		{width: 60, want: []string{"enter configs", "esc back", "q quit"}, cut: true},
	} {
		h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder; o.Nodes = &stubNodes{} })
		h.send(tea.WindowSizeMsg{Width: tc.width, Height: 15})
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
		lines := strings.Split(h.view(), "\n")
		last := lines[len(lines)-1]
		for _, w := range tc.want {
			if !strings.Contains(last, w) {
				t.Errorf("width %d: help line lacks %q: %q", tc.width, w, last)
			}
		}
		if cut := strings.Contains(last, "…"); cut != tc.cut {
			t.Errorf("width %d: help line cut %v, want %v: %q", tc.width, cut, tc.cut, last)
		}
		h.press("?")
		if v := h.view(); !strings.Contains(v, "refresh") || !strings.Contains(v, "stop node 0") {
			t.Errorf("width %d: full help lacks r refresh or the node key:\n%s", tc.width, v)
		}
	}
}
