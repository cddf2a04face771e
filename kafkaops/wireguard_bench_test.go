package kafkaops

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// metadataFrame is a Metadata v8 answer (size prefix, correlation id 1)
// listing n one-partition topics.
func metadataFrame(n int) []byte { return frameOf(metadataAnswer(n)) }

// metadataAnswer is a Metadata v8 answer listing n one-partition topics
// named topic-000000 on.
func metadataAnswer(n int) *kmsg.MetadataResponse {
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
	return resp
}

// frameOf encodes an answer as it comes on the wire: size prefix,
// correlation id 1, body.
func frameOf(resp kmsg.Response) []byte {
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
			if _, err := checkLayout(protocol.Metadata, 8, frame[8:]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check-and-convert", func(b *testing.B) {
		for b.Loop() {
			resp, err := checkLayout(protocol.Metadata, 8, frame[8:])
			if err != nil {
				b.Fatal(err)
			}
			_ = metadataOf(resp.(*kmsg.MetadataResponse))
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

// Issue 11: random answers, as a damaged stream gives, are refused or
// decoded within a bounded allocation, never a crash. Without the check,
// the first random count kafka-go's decoder met could ask for gigabytes.
func TestRandomAnswersStayBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 17))
	apis := []struct {
		key protocol.ApiKey
		v   int16
	}{{protocol.Metadata, 1}, {protocol.Metadata, 8}, {protocol.DescribeConfigs, 1}, {protocol.ListOffsets, 4}, {protocol.OffsetFetch, 5}, {protocol.DescribeGroups, 3}, {protocol.CreateTopics, 3}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	decoded := 0
	for i := range 3000 {
		api := apis[i%len(apis)]
		body := make([]byte, 1+rng.IntN(256))
		for j := range body {
			body[j] = byte(rng.Uint32())
			if rng.IntN(4) == 0 {
				body[j] = 0x7f // big counts are the danger
			}
		}
		frame := append(binary.BigEndian.AppendUint32(nil, uint32(len(body)+4)), 0, 0, 0, 1)
		frame = append(frame, body...)
		if _, err := checkLayout(api.key, api.v, frame[8:]); err != nil {
			continue
		}
		decoded++
		_, _, _ = protocol.ReadResponse(bytes.NewReader(frame), api.key, api.v)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 256<<20 {
		t.Errorf("3,000 random answers of at most 256 bytes allocated %d MB (%d passed the check)", grew>>20, decoded)
	}
}

// The guard hands on its own reading of a Metadata answer: it must say
// what kafka-go's decoder says, field for field.
func TestMetadataOfMatchesKafkaGo(t *testing.T) {
	resp := kmsg.NewPtrMetadataResponse()
	resp.SetVersion(8)
	resp.ThrottleMillis, resp.ControllerID, resp.ClusterID = 7, 2, kmsg.StringPtr("kscope-local")
	resp.Brokers = []kmsg.MetadataResponseBroker{{NodeID: 0, Host: "127.0.0.1", Port: 9092, Rack: kmsg.StringPtr("r1")}, {NodeID: 2, Host: "127.0.0.1", Port: 9094}}
	for i, name := range []string{"orders", "payments"} {
		tp := kmsg.NewMetadataResponseTopic()
		tp.Topic, tp.IsInternal, tp.ErrorCode = kmsg.StringPtr(name), i == 1, int16(i*3)
		tp.Partitions = []kmsg.MetadataResponseTopicPartition{
			{Partition: 0, Leader: 2, LeaderEpoch: 4, Replicas: []int32{2, 0}, ISR: []int32{2}, OfflineReplicas: []int32{0}},
			{Partition: 1, Leader: 0, Replicas: []int32{0, 2}, ISR: []int32{0, 2}, ErrorCode: 9},
		}
		resp.Topics = append(resp.Topics, tp)
	}
	body := resp.AppendTo(binary.BigEndian.AppendUint32(nil, 1))
	frame := append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
	_, want, err := protocol.ReadResponse(bytes.NewReader(frame), protocol.Metadata, 8)
	if err != nil {
		t.Fatal(err)
	}
	checked, err := checkLayout(protocol.Metadata, 8, frame[8:])
	if err != nil {
		t.Fatal(err)
	}
	got := metadataOf(checked.(*kmsg.MetadataResponse))
	if g, w := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want); g != w {
		t.Errorf("metadataOf:\n%s\nkafka-go:\n%s", g, w)
	}
}
