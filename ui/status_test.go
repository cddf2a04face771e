package ui

import (
	"strings"
	"testing"

	"kscope/theme"
	"kscope/views/kit"
)

// TestStartNoteIsInfoAndWarningsAreWarnings: at start the note (where the
// debug log is) is information and config warnings are warnings; neither
// is an error, so no ✗.
func TestStartNoteIsInfoAndWarningsAreWarnings(t *testing.T) {
	st := theme.New(true, false)
	m := New(Options{Note: "debug log: /tmp/kscope.log", Warnings: []string{"config.yaml is readable by others"}})
	got := m.status.view(st, 200)
	want := st.Status.Render("debug log: /tmp/kscope.log") + st.Status.Render(" · ") +
		st.Warning.Render("⚠ config.yaml is readable by others")
	if got != want {
		t.Errorf("status line = %q, want %q", got, want)
	}
	if m.status.err || strings.Contains(got, "✗") {
		t.Errorf("a start note with warnings is shown as an error: %q", got)
	}

	m = New(Options{Note: "debug log: /tmp/kscope.log"})
	if got, want := m.status.view(st, 200), st.Status.Render("debug log: /tmp/kscope.log"); got != want {
		t.Errorf("note alone = %q, want %q", got, want)
	}
	m = New(Options{Warnings: []string{"w1", "w2"}})
	if got, want := m.status.view(st, 200), st.Warning.Render("⚠ w1 · w2"); got != want {
		t.Errorf("warnings alone = %q, want %q", got, want)
	}
	if cmd := New(Options{}).startNote(); cmd != nil || New(Options{}).status.view(st, 80) != "" {
		t.Error("a status line without note or warnings")
	}
}

// TestStatusNamesARepeatedContextOnce: a screen that puts "list topics: "
// in front of an error that already starts with it shows it once.
func TestStatusNamesARepeatedContextOnce(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.send(kit.StatusMsg{Text: "list topics: list topics: cannot reach 127.0.0.1:9092: i/o timeout", Error: true})
	v := h.view()
	if !strings.Contains(v, "✗ list topics: cannot reach 127.0.0.1:9092") || strings.Contains(v, "list topics: list topics") {
		t.Errorf("status line:\n%s", v)
	}
}
