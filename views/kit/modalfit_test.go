package kit_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// TestFitModalCountsWrappedLines: a wrapped paragraph is one string of
// several lines. FitModal must count those lines, so that a box too tall
// for the body drops its blank lines (and then its frame) instead of
// running off the bottom and cutting the last line, the one that says
// what to do next.
func TestFitModalCountsWrappedLines(t *testing.T) {
	para := "one\ntwo\nthree\nfour"
	lines := []string{"Title", "", para, "", "y does it · esc keeps it"}
	for _, tc := range []struct {
		h      int
		boxed  bool
		blanks bool
	}{
		{h: 14, boxed: true, blanks: true}, // 8 lines + 4 of frame fit
		{h: 11, boxed: true},               // only without the 2 blank lines
		{h: 8},                             // no frame: the 6 lines alone
		{h: 4},                             // the last 4 lines
	} {
		out := ansi.Strip(kit.FitModal(kittest.TestStyles(), lines, 60, tc.h))
		rows := strings.Split(out, "\n")
		if len(rows) != tc.h {
			t.Errorf("h %d: %d rows, want %d", tc.h, len(rows), tc.h)
		}
		if !strings.Contains(out, "y does it · esc keeps it") || !strings.Contains(out, "four") {
			t.Errorf("h %d: the last lines are cut:\n%s", tc.h, out)
		}
		if boxed := strings.Contains(out, "╚") && strings.Contains(out, "╔"); boxed != tc.boxed {
			t.Errorf("h %d: boxed %v, want %v:\n%s", tc.h, boxed, tc.boxed, out)
		}
		// A blank line inside the box is a row of border, padding only.
		blank := 0
		for _, r := range rows {
			if strings.Trim(r, " ║") == "" && strings.Contains(r, "║") {
				blank++
			}
		}
		// The frame's own padding adds 2 blank rows.
		if got := blank > 2; tc.boxed && got != tc.blanks {
			t.Errorf("h %d: %d blank rows in the box, want the blank lines kept %v:\n%s", tc.h, blank, tc.blanks, out)
		}
	}
}
