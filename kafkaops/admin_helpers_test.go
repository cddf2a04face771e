package kafkaops_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/broker"
)

// outside returns a franz-go client of addr: a second, independent client
// that confirms what kafkaops did, with its own encoding of every request.
func outside(t testing.TB, addr string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr), kgo.RequestRetries(2)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func outsideCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// outsideTopicConfigs returns a topic's configs as DescribeConfigs tells
// the outside client, with whether each is an override (not a default).
func outsideTopicConfigs(t testing.TB, cl *kgo.Client, typ kmsg.ConfigResourceType, name string) map[string]string {
	t.Helper()
	req := kmsg.NewPtrDescribeConfigsRequest()
	r := kmsg.NewDescribeConfigsRequestResource()
	r.ResourceType, r.ResourceName = typ, name
	req.Resources = append(req.Resources, r)
	resp, err := req.RequestWith(outsideCtx(t), cl)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, res := range resp.Resources {
		if err := kerr.ErrorForCode(res.ErrorCode); err != nil {
			t.Fatalf("describe configs %s: %v", name, err)
		}
		for _, c := range res.Configs {
			if c.Value != nil && c.Source != kmsg.ConfigSourceDefaultConfig && c.Source != kmsg.ConfigSourceStaticBrokerConfig {
				out[c.Name] = *c.Value
			}
		}
	}
	return out
}

// outsideOffsets returns the log start offset and high watermark of every
// partition of a topic as the outside client sees them.
func outsideOffsets(t testing.TB, cl *kgo.Client, topic string, partitions int) (low, high []int64) {
	t.Helper()
	get := func(ts int64) []int64 {
		req := kmsg.NewPtrListOffsetsRequest()
		rt := kmsg.NewListOffsetsRequestTopic()
		rt.Topic = topic
		for p := range partitions {
			rp := kmsg.NewListOffsetsRequestTopicPartition()
			rp.Partition, rp.Timestamp = int32(p), ts
			rt.Partitions = append(rt.Partitions, rp)
		}
		req.Topics = append(req.Topics, rt)
		resp, err := req.RequestWith(outsideCtx(t), cl)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]int64, partitions)
		for _, t2 := range resp.Topics {
			for _, p := range t2.Partitions {
				if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
					t.Fatalf("list offsets %s[%d]: %v", topic, p.Partition, err)
				}
				out[p.Partition] = p.Offset
			}
		}
		return out
	}
	return get(-2), get(-1)
}

// startCluster runs an in-memory bundled cluster of n nodes for one test.
func startCluster(t testing.TB, n int) *broker.Broker {
	t.Helper()
	b, err := broker.Start(withRelease(broker.Options{Listen: "127.0.0.1:0", InMemory: true, Nodes: n}))
	if err != nil {
		t.Fatalf("start %d-node cluster: %v", n, err)
	}
	t.Cleanup(b.Close)
	return b
}

// outsidePartitions returns the partition count of a topic as the outside
// client's Metadata request sees it.
func outsidePartitions(t testing.TB, cl *kgo.Client, topic string) int {
	t.Helper()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(outsideCtx(t), cl)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != 0 {
		t.Fatalf("metadata of %s: %+v", topic, resp.Topics)
	}
	return len(resp.Topics[0].Partitions)
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
