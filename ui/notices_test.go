package ui

import (
	"strings"
	"testing"
)

// TestNoticesShowInTheStatusLine: a warning on Options.Notices shows in
// the status line as a warning, after the start note; each notice re-arms
// the wait, so a second one replaces the first.
func TestNoticesShowInTheStatusLine(t *testing.T) {
	first, second := "broker warning: the data dir has only 90MiB free", "broker error: persist to disk failed"
	ch := make(chan string, 2)
	ch <- first
	h := newHarness(t, newFakeService(), func(o *Options) { o.Notices = ch; o.Note = "bundled broker running" })
	if v := h.view(); !strings.Contains(v, "bundled broker running · ⚠ "+first) {
		t.Errorf("the status line lacks the notice after the note:\n%s", v)
	}

	ch = make(chan string, 2)
	ch <- first
	ch <- second
	h = newHarness(t, newFakeService(), func(o *Options) { o.Notices = ch })
	if v := h.view(); !strings.Contains(v, "⚠ "+second) || strings.Contains(v, first) {
		t.Errorf("the second notice did not follow the first:\n%s", v)
	}
}
