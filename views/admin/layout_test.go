package admin

import (
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
