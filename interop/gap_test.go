package interop

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/kafkaops"
)

// TestExplorerReadsPastLostOffsets damages one batch in the middle of a
// partition: the broker keeps the batches after it, leaving a gap of
// offsets. The explorer's reader (kafkaops.Tail, as the live tail and the
// export use it) must read every other record and still say it caught up.
func TestExplorerReadsPastLostOffsets(t *testing.T) {
	const topic = "gappy"
	dir := t.TempDir()
	// Small segments need a release before 4.0 (KIP-1030).
	b := startBroker(t, dir, "--kafka-version", "3.9")
	cl := newKgo(t, b.Addr, kgo.DefaultProduceTopic(topic), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	createTopicWithConfig(t, cl, topic, map[string]string{"segment.bytes": "4096"})
	for i := range 60 {
		var recs []*kgo.Record
		for j := range 5 {
			recs = append(recs, &kgo.Record{Value: []byte(fmt.Sprintf("rec-%03d", i*5+j))})
		}
		if err := cl.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	cl.Close()
	b.stop(t)

	// Flip a byte near the end of the second batch of the first segment,
	// which is not the last one.
	segs, err := filepath.Glob(filepath.Join(dir, "partitions", topic+"-0", "*.dat"))
	if err != nil || len(segs) < 2 {
		t.Fatalf("want at least 2 segments, got %v (%v)", segs, err)
	}
	seg := filepath.Join(dir, "partitions", topic+"-0", "0.dat")
	raw, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	first := 12 + int(binary.BigEndian.Uint32(raw[8:]))
	second := first + 12 + int(binary.BigEndian.Uint32(raw[first+8:]))
	raw[second-3] ^= 0xff
	if err := os.WriteFile(seg, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	b = startBroker(t, dir)
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch, err := c.Tail(ctx, kafkaops.TailRequest{Topic: topic, Start: kafkaops.StartBeginning, StopAtEnd: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	caughtUp := false
	for batch := range ch {
		if batch.Err != nil {
			t.Fatalf("tail: %v", batch.Err)
		}
		caughtUp = caughtUp || batch.CaughtUp
		for _, r := range batch.Records {
			got[r.Offset] = string(r.Value)
		}
	}
	if !caughtUp {
		t.Fatalf("the tail never caught up (read %d records)", len(got))
	}
	if len(got) != 295 {
		t.Errorf("read %d records, want 295 (300 less the 5 of the damaged batch)", len(got))
	}
	for o, v := range got {
		if want := fmt.Sprintf("rec-%03d", o); v != want {
			t.Errorf("offset %d holds %q, want %q", o, v, want)
		}
	}
}

// createTopicWithConfig creates a one-partition topic with configs.
func createTopicWithConfig(t *testing.T, cl *kgo.Client, topic string, configs map[string]string) {
	t.Helper()
	req := kmsg.NewPtrCreateTopicsRequest()
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic, rt.NumPartitions, rt.ReplicationFactor = topic, 1, 1
	for k, v := range configs {
		c := kmsg.NewCreateTopicsRequestTopicConfig()
		c.Name, c.Value = k, kmsg.StringPtr(v)
		rt.Configs = append(rt.Configs, c)
	}
	req.Topics = append(req.Topics, rt)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		t.Fatal(err)
	}
	if err := kerr.ErrorForCode(resp.Topics[0].ErrorCode); err != nil {
		t.Fatalf("create %s: %v", topic, err)
	}
}
