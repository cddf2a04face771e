package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// At 80 columns the topic browser's full help wraps its columns into rows
// rather than cutting the last ones, the global keys.
func TestFullHelpFits80Columns(t *testing.T) {
	svc := newFakeService()
	svc.Topics = []kafkaops.Topic{{Name: "bankbranch", Partitions: 2}}
	h := newHarness(t, svc, func(o *Options) { o.Build = DefaultBuilder; o.ReadOnly = true })
	h.send(tea.WindowSizeMsg{Width: 80, Height: 30})
	h.press("?")
	v := h.view()
	for _, want := range []string{"g/home", "reverse sort", "d delete (read-only)", ": command", "q quit", "ctrl+c", "? or esc closes"} {
		if !strings.Contains(v, want) {
			t.Errorf("full help at 80 columns lacks %q:\n%s", want, v)
		}
	}
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "┃") && strings.Contains(l, "…") {
			t.Errorf("full help at 80 columns cut a column:\n%s", v)
		}
	}
}
