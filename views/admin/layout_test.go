package admin

import (
	"strings"
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// TestAdminScreensFitEverySize: the edit and purge boxes never draw wider
// or taller than the body, from tiny to large.
func TestAdminScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "edit", func() kit.Screen {
		return NewEditConfig(editFake(), kittest.TestStyles(), "bankbranch", "retention.ms")
	})
	kittest.FitsEverySize(t, "add", func() kit.Screen { return NewEditConfig(editFake(), kittest.TestStyles(), "bankbranch", "") })
	kittest.FitsEverySize(t, "purge", func() kit.Screen { return NewPurge(purgeFake(), kittest.TestStyles(), "bankbranch") })
}

// TestAdminGoldens: the edit's diff and the purge's plan as a user sees
// them at 100x30.
func TestAdminGoldens(t *testing.T) {
	s := clearInput(startEdit(t, editFake(), "retention.ms"))
	s, _ = kittest.KeysAll(s, "1d", "enter")
	kittest.Golden(t, "edit_diff.golden", kittest.Plain(s))

	p := startPurge(t, purgeFake())
	p, _ = kittest.KeysAll(p, "enter")
	kittest.Golden(t, "purge_plan.golden", kittest.Plain(p))
}

// TestPurgeKeepsItsBoxAt60Columns: at 60x15 (a 13-row body) the purge's
// scope step stays in its box with the whole hint line, wrapped to the
// box rather than wider than it (which dropped the box).
func TestPurgeKeepsItsBoxAt60Columns(t *testing.T) {
	s, _ := kittest.Start(t, NewPurge(purgeFake(), kittest.TestStyles(), "bankbranch"), 60, 13)
	v := kittest.Plain(s)
	for _, w := range []string{"╔", "╚", "Purge records of bankbranch", "tab next field · enter show what would go · esc", "cancel"} {
		if !strings.Contains(v, w) {
			t.Errorf("purge at 60x13 lacks %q:\n%s", w, v)
		}
	}
	// The help line names the same keys with the same words.
	if h := kit.KeyHints(s.ShortHelp()); h != "tab next field · enter show what would go · esc cancel" {
		t.Errorf("help line %q", h)
	}
}
