package topics

import (
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "topics", func() kit.Screen {
		return NewTopics(BankFake(), kittest.TestStyles(), TopicsOptions{Refresh: -1})
	})
	kittest.FitsEverySize(t, "detail", func() kit.Screen { return NewTopicDetail(BankFake(), kittest.TestStyles(), "bankbranch") })
}
