package topics

import (
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "topics", func() kit.Screen {
		return kittest.Refreshing(NewTopics(BankFake(), kittest.TestStyles(), TopicsOptions{}), -1)
	})
	kittest.FitsEverySize(t, "detail", func() kit.Screen { return NewTopicDetail(BankFake(), kittest.TestStyles(), "bankbranch") })
}
