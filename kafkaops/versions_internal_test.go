package kafkaops

import (
	"errors"
	"testing"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/apiversions"
)

// Produce sends record batches of magic 2, which a cluster older than
// Kafka 0.11 (Produce below v3) cannot read: check refuses it in words,
// and negotiation leaves out an API with no common version.
func TestCheckProduceNeedsRecordBatches(t *testing.T) {
	apis := apisFrom(&apiversions.Response{ApiKeys: []apiversions.ApiKeyResponse{
		{ApiKey: int16(protocol.Produce), MinVersion: 0, MaxVersion: 2},
		{ApiKey: int16(protocol.Metadata), MinVersion: 0, MaxVersion: 5},
		{ApiKey: int16(protocol.DescribeConfigs), MinVersion: 9, MaxVersion: 9},
	}})
	var fe *FeatureError
	if err := apis.check(protocol.Produce); !errors.As(err, &fe) || fe.ClientMin != 3 || fe.BrokerMax != 2 {
		t.Fatalf("check(Produce) = %v, want a FeatureError with kscope from v3", err)
	}
	if err := apis.check(protocol.Metadata); err != nil {
		t.Fatalf("check(Metadata) = %v, want nil", err)
	}
	got := apis.negotiated()
	if v, ok := got[protocol.Metadata]; !ok || v != 5 {
		t.Errorf("negotiated Metadata v%d (listed %v), want v5", v, ok)
	}
	if v, ok := got[protocol.DescribeConfigs]; ok {
		t.Errorf("negotiated DescribeConfigs v%d, want it left out (broker v9 only, kafka-go up to v3)", v)
	}
}
