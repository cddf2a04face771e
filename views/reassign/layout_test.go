package reassign

import (
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "plan", func() kit.Screen { return NewPlan(planFake(), kittest.TestStyles(), "orders") })
	kittest.FitsEverySize(t, "watch", func() kit.Screen { return NewWatch(planFake(), kittest.TestStyles()) })
	kittest.FitsEverySize(t, "cancel", func() kit.Screen { return NewCancel(planFake(), kittest.TestStyles(), "orders", 0, "0") })
}
