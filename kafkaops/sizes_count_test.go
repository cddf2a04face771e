package kafkaops_test

import (
	"context"
	"fmt"
	"testing"

	"kscope/kafkaops"
)

const describeLogDirsKey = 35

// TestTopicSizesRequestCount checks that TopicSizes sends one
// DescribeLogDirs request per broker whatever the topic count.
func TestTopicSizesRequestCount(t *testing.T) {
	b := startCluster(t, 3)
	rc := newRequestCounter()
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.Dial = rc.dial })
	for i := range 60 {
		mustCreate(t, c, fmt.Sprintf("t%03d", i), 2)
	}
	sizes, err := c.TopicSizes(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) < 60 {
		t.Fatalf("%d topics sized, want 60", len(sizes))
	}
	if n := rc.snapshot()[describeLogDirsKey]; n != 3 {
		t.Fatalf("%d DescribeLogDirs requests for 60 topics on 3 brokers, want 3", n)
	}
}

// BenchmarkTopicSizes measures TopicSizes over 1,000 topics of 4
// partitions on a three-node cluster.
func BenchmarkTopicSizes(b *testing.B) {
	br := startCluster(b, 3)
	c := newClient(b, br.Addr())
	for i := range 1000 {
		mustCreate(b, c, fmt.Sprintf("t%04d", i), 4)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.TopicSizes(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
