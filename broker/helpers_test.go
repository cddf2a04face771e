package broker

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// startTestBroker starts a broker on a free loopback port with a fresh temp
// data dir (unless opts says otherwise) and closes it when the test ends.
func startTestBroker(t *testing.T, opts Options) *Broker {
	t.Helper()
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.DataDir == "" && !opts.InMemory {
		opts.DataDir = t.TempDir()
	}
	b, err := Start(opts)
	if err != nil {
		t.Fatalf("Start(%+v): %v", opts, err)
	}
	t.Cleanup(b.Close)
	return b
}

// newClient returns a kgo client for addr, closed when the test ends.
func newClient(t *testing.T, addr string, extra ...kgo.Opt) *kgo.Client {
	t.Helper()
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(addr),
		kgo.RequestRetries(3),
		kgo.RetryTimeout(5 * time.Second),
	}, extra...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatalf("kgo.NewClient: %v", err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func testContext(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// createTopic creates a topic with the given partition count and configs
// and fails the test unless the broker answers without error.
func createTopic(t *testing.T, cl *kgo.Client, name string, partitions int32, configs map[string]string) {
	t.Helper()
	req := kmsg.NewPtrCreateTopicsRequest()
	req.TimeoutMillis = 5000
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic = name
	rt.NumPartitions = partitions
	rt.ReplicationFactor = 1
	for k, v := range configs {
		c := kmsg.NewCreateTopicsRequestTopicConfig()
		c.Name = k
		c.Value = kmsg.StringPtr(v)
		rt.Configs = append(rt.Configs, c)
	}
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("create topic %s: %v", name, err)
	}
	if len(resp.Topics) != 1 {
		t.Fatalf("create topic %s: %d topics in response", name, len(resp.Topics))
	}
	if err := kerr.ErrorForCode(resp.Topics[0].ErrorCode); err != nil {
		t.Fatalf("create topic %s: %v", name, err)
	}
}

// topicPartitions returns the partition count the broker reports for
// topic, or -1 when it does not know the topic.
func topicPartitions(t *testing.T, cl *kgo.Client, topic string) int {
	t.Helper()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("metadata %s: %v", topic, err)
	}
	for _, mt := range resp.Topics {
		if mt.Topic != nil && *mt.Topic == topic {
			if mt.ErrorCode != 0 {
				return -1
			}
			return len(mt.Partitions)
		}
	}
	return -1
}

// Timestamps ListOffsets understands.
const (
	earliest int64 = -2
	latest   int64 = -1
)

// listOffsets returns, per partition of topic, the offset ListOffsets
// answers for ts (earliest: the log start offset; latest: the high
// watermark).
func listOffsets(t *testing.T, cl *kgo.Client, topic string, partitions int, ts int64) []int64 {
	t.Helper()
	req := kmsg.NewPtrListOffsetsRequest()
	rt := kmsg.NewListOffsetsRequestTopic()
	rt.Topic = topic
	for p := range partitions {
		rp := kmsg.NewListOffsetsRequestTopicPartition()
		rp.Partition = int32(p)
		rp.Timestamp = ts
		rt.Partitions = append(rt.Partitions, rp)
	}
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("list offsets %s: %v", topic, err)
	}
	out := make([]int64, partitions)
	for _, rt := range resp.Topics {
		for _, rp := range rt.Partitions {
			if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
				t.Fatalf("list offsets %s[%d]: %v", topic, rp.Partition, err)
			}
			out[rp.Partition] = rp.Offset
		}
	}
	return out
}

// produce writes values to the given partition of topic and waits for
// every acknowledgement.
func produce(t *testing.T, cl *kgo.Client, topic string, partition int32, values ...string) {
	t.Helper()
	recs := make([]*kgo.Record, len(values))
	for i, v := range values {
		recs[i] = &kgo.Record{Topic: topic, Partition: partition, Value: []byte(v)}
	}
	if err := cl.ProduceSync(testContext(t, 10*time.Second), recs...).FirstErr(); err != nil {
		t.Fatalf("produce to %s[%d]: %v", topic, partition, err)
	}
}

// manualProducer returns a client whose records go to the partition they
// name, acknowledged by all in-sync replicas.
func manualProducer(t *testing.T, addr string) *kgo.Client {
	return newClient(t, addr,
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.RequiredAcks(kgo.AllISRAcks()),
	)
}

// consumeAll reads topic from the beginning until it has want records and
// returns their values per partition, in offset order.
func consumeAll(t *testing.T, addr, topic string, want int) map[int32][]string {
	t.Helper()
	got, n := consumeAtLeast(t, addr, topic, want)
	if n != want {
		t.Fatalf("consume %s: got %d records, want %d: %v", topic, n, want, got)
	}
	return got
}

// consumeAtLeast consumes topic from the start until it has at least want
// records, for topics a demo keeps producing to: one fetch can bring more.
func consumeAtLeast(t *testing.T, addr, topic string, want int) (map[int32][]string, int) {
	t.Helper()
	cl := newClient(t, addr,
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	defer cl.Close()
	ctx := testContext(t, 15*time.Second)
	got := map[int32][]string{}
	n := 0
	for n < want {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("consume %s: got %d of %d records before the deadline: %v", topic, n, want, got)
		}
		for _, fe := range fs.Errors() {
			if !errors.Is(fe.Err, context.DeadlineExceeded) {
				t.Fatalf("consume %s[%d]: %v", fe.Topic, fe.Partition, fe.Err)
			}
		}
		fs.EachRecord(func(r *kgo.Record) {
			got[r.Partition] = append(got[r.Partition], string(r.Value))
			n++
		})
	}
	return got, n
}

// committedOffsets asks the group coordinator for group's committed
// offsets and returns them as "topic/partition" -> offset.
func committedOffsets(t *testing.T, cl *kgo.Client, group string) map[string]int64 {
	t.Helper()
	req := kmsg.NewPtrOffsetFetchRequest()
	rg := kmsg.NewOffsetFetchRequestGroup()
	rg.Group = group
	req.Groups = append(req.Groups, rg)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("offset fetch %s: %v", group, err)
	}
	out := map[string]int64{}
	for _, g := range resp.Groups {
		if err := kerr.ErrorForCode(g.ErrorCode); err != nil {
			t.Fatalf("offset fetch %s: %v", group, err)
		}
		for _, rt := range g.Topics {
			for _, rp := range rt.Partitions {
				if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
					t.Fatalf("offset fetch %s %s[%d]: %v", group, rt.Topic, rp.Partition, err)
				}
				out[fmt.Sprintf("%s/%d", rt.Topic, rp.Partition)] = rp.Offset
			}
		}
	}
	return out
}

// describeConfigs returns the configs of one resource (a topic name, or a
// broker id such as "0") as name -> value.
func describeConfigs(t *testing.T, cl *kgo.Client, typ kmsg.ConfigResourceType, name string) map[string]string {
	t.Helper()
	req := kmsg.NewPtrDescribeConfigsRequest()
	rr := kmsg.NewDescribeConfigsRequestResource()
	rr.ResourceType = typ
	rr.ResourceName = name
	req.Resources = append(req.Resources, rr)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("describe configs %s: %v", name, err)
	}
	out := map[string]string{}
	for _, r := range resp.Resources {
		if err := kerr.ErrorForCode(r.ErrorCode); err != nil {
			t.Fatalf("describe configs %s: %v", name, err)
		}
		for _, c := range r.Configs {
			if c.Value != nil {
				out[c.Name] = *c.Value
			}
		}
	}
	return out
}

// pollUntil calls cond every 50ms until it returns true or d passes; it
// reports whether cond came true.
func pollUntil(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
