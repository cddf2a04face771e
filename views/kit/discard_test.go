package kit_test

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// guardOutcome gives g the keys as a form does (Key while Asking, else
// Cancel on esc, edited) and reports whether the last key closed the
// screen.
func guardOutcome(g *kit.DiscardGuard, k kit.FormKeys, edited bool, keys ...string) (closed bool) {
	for _, name := range keys {
		for _, m := range kittest.KeyMsgs(name) {
			var cmd tea.Cmd
			switch {
			case g.Asking:
				cmd = g.Key(m, k)
			case kit.Matches(m, k.Cancel):
				cmd = g.Cancel(edited)
			}
			closed = kittest.HasPop(kittest.RunCmd(cmd))
		}
	}
	return closed
}

func TestDiscardGuard(t *testing.T) {
	k := kit.NewFormKeys("save")
	var g kit.DiscardGuard
	if !guardOutcome(&g, k, false, "esc") || g.Asking {
		t.Error("esc on an unedited form did not close it at once")
	}
	if guardOutcome(&g, k, true, "esc") || !g.Asking {
		t.Fatal("esc on an edited form closed it without asking")
	}
	if h := g.Help(k); len(h) != 2 || h[0].Help().Key != "y" || h[1].Help().Key != "n/esc" {
		t.Errorf("help while asking: %v", h)
	}
	if guardOutcome(&g, k, true, "x") || !g.Asking {
		t.Error("another key answered the question")
	}
	if guardOutcome(&g, k, true, "n") || g.Asking {
		t.Error("n did not go back to editing")
	}
	if guardOutcome(&g, k, true, "esc", "esc") || g.Asking {
		t.Error("esc while asking did not keep editing")
	}
	if !guardOutcome(&g, k, true, "esc", "y") {
		t.Error("y did not discard and close")
	}
}
