package cluster

import (
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "brokers", func() kit.Screen { return NewBrokers(BrokersFake(), kittest.TestStyles()) })
	kittest.FitsEverySize(t, "brokerconfigs", func() kit.Screen { return NewBrokerConfigs(BrokersFake(), kittest.TestStyles(), 1) })
}

func TestEditBrokerConfigFitsEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "editbrokerconfig", func() kit.Screen {
		return NewEditBrokerConfig(brokerEditFake(), kittest.TestStyles(), 1, "log.retention.ms", false)
	})
}
