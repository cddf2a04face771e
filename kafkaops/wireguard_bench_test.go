package kafkaops

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// metadataFrame is a Metadata v8 answer (size prefix, correlation id 1)
// listing n one-partition topics.
func metadataFrame(n int) []byte {
	resp := kmsg.NewPtrMetadataResponse()
	resp.SetVersion(8)
	resp.Brokers = []kmsg.MetadataResponseBroker{{NodeID: 0, Host: "127.0.0.1", Port: 9092}}
	for i := range n {
		name := fmt.Sprintf("topic-%06d", i)
		t := kmsg.NewMetadataResponseTopic()
		t.Topic = &name
		t.Partitions = []kmsg.MetadataResponseTopicPartition{{Replicas: []int32{0}, ISR: []int32{0}}}
		resp.Topics = append(resp.Topics, t)
	}
	body := resp.AppendTo(binary.BigEndian.AppendUint32(nil, 1))
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
}

// The guard reads every answer twice (kmsg's check, then kafka-go's
// decoder): this measures what the check adds for 100,000 topics against
// the decode it protects.
func BenchmarkGuardMetadata100k(b *testing.B) {
	frame := metadataFrame(100_000)
	b.Logf("answer: %d MB", len(frame)>>20)
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if err := checkLayout(protocol.Metadata, 8, frame[8:]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("kafka-go-decode", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := protocol.ReadResponse(bytes.NewReader(frame), protocol.Metadata, 8); err != nil {
				b.Fatal(err)
			}
		}
	})
}
