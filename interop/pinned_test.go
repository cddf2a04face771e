package interop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A client pinned to Kafka 0.10.0's protocol asks for offsets with
// ListOffsets v0, which Kafka 4.0 removed (KIP-896): the broker as 2.8
// answers it, the broker as 4.0 refuses it, as the real releases do.
func TestPinnedOldClientRefusedBy40(t *testing.T) {
	for _, tc := range []struct {
		release string
		refused bool
	}{{"2.8", false}, {"4.0", true}} {
		t.Run(releaseName(tc.release), func(t *testing.T) {
			b := startBroker(t, t.TempDir(), releaseFlags(tc.release)...)
			createWithKgo(t, b.Addr, "pinned")
			cfg := sarama.NewConfig()
			cfg.Version = sarama.V0_10_0_0
			cfg.Metadata.Retry.Max = 1
			cfg.Metadata.Retry.Backoff = 50 * time.Millisecond
			cfg.Net.DialTimeout = 2 * time.Second
			cfg.Net.ReadTimeout = 2 * time.Second
			client, err := sarama.NewClient([]string{b.Addr}, cfg)
			if err != nil {
				t.Fatalf("sarama client: %v", err)
			}
			defer client.Close()
			off, err := client.GetOffset("pinned", 0, sarama.OffsetNewest)
			switch {
			case tc.refused && err == nil:
				t.Fatalf("ListOffsets v0 on Kafka %s answered offset %d, want it refused", tc.release, off)
			case tc.refused && errors.Is(err, sarama.ErrUnknownTopicOrPartition):
				t.Fatalf("ListOffsets v0 on Kafka %s: %v, want the connection refused, not an answer", tc.release, err)
			case !tc.refused && err != nil:
				t.Fatalf("ListOffsets v0 on Kafka %s: %v, want an answer", tc.release, err)
			case !tc.refused && off != 0:
				t.Fatalf("ListOffsets v0 on Kafka %s: end offset %d of an empty partition, want 0", tc.release, off)
			}
			t.Logf("Kafka %s: ListOffsets v0: offset %d, err %v", tc.release, off, err)
		})
	}
}

// createWithKgo creates a one-partition topic with kgo, which negotiates
// versions the emulated release accepts.
func createWithKgo(t *testing.T, addr, topic string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req := kmsg.NewPtrCreateTopicsRequest()
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic, rt.NumPartitions, rt.ReplicationFactor = topic, 1, 1
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		t.Fatalf("create %s: %v", topic, err)
	}
	if err := kerr.ErrorForCode(resp.Topics[0].ErrorCode); err != nil {
		t.Fatalf("create %s: %v", topic, err)
	}
}
