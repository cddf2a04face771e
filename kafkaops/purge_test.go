package kafkaops_test

import (
	"strconv"
	"testing"
	"time"

	"kscope/kafkaops"
)

func TestPurgePlanThenPurgeBeforeOffset(t *testing.T) {
	for _, nodes := range []int{1, 3} {
		t.Run(strconv.Itoa(nodes)+" nodes", func(t *testing.T) {
			b := startCluster(t, nodes)
			c := newClient(t, b.Addr())
			out := outside(t, b.Addr())
			mustCreate(t, c, "purge", 3)
			for p := range 3 {
				for i := range 10 {
					mustProduce(t, c, kafkaops.ProduceRequest{Topic: "purge", Partition: p, Value: []byte(strconv.Itoa(i))})
				}
			}
			ctx := testCtx(t)
			plan, err := c.PlanPurge(ctx, kafkaops.PurgeRequest{Topic: "purge", Partitions: []int32{0, 2}, BeforeOffset: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Partitions) != 2 || plan.Total() != 8 || plan.Partitions[1].Partition != 2 || plan.Partitions[1].Count() != 4 {
				t.Fatalf("plan = %+v, want partitions 0 and 2, 4 records each", plan)
			}
			if low, _ := outsideOffsets(t, out, "purge", 3); low[0] != 0 {
				t.Fatalf("planning deleted records: log start %v", low)
			}
			res, err := c.Purge(ctx, plan)
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 2 || res[0].Low != 4 || res[1].Low != 4 {
				t.Fatalf("purge results %+v, want partitions 0 and 2 starting at 4", res)
			}
			low, high := outsideOffsets(t, out, "purge", 3)
			if low[0] != 4 || low[1] != 0 || low[2] != 4 || high[0] != 10 {
				t.Fatalf("outside client: log start %v high %v, want [4 0 4], 10", low, high)
			}

			all, err := c.PlanPurge(ctx, kafkaops.PurgeRequest{Topic: "purge", BeforeOffset: kafkaops.PurgeAll})
			if err != nil {
				t.Fatal(err)
			}
			if all.Total() != 6+10+6 {
				t.Fatalf("plan to purge everything: %d records, want 22", all.Total())
			}
			if _, err := c.Purge(ctx, all); err != nil {
				t.Fatal(err)
			}
			if low, high := outsideOffsets(t, out, "purge", 3); low[1] != 10 || low[1] != high[1] {
				t.Fatalf("after purging everything: log start %v high %v", low, high)
			}
		})
	}
}

func TestPurgeBeforeTime(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	out := outside(t, b.Addr())
	mustCreate(t, c, "old", 1)
	base := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	for i := range 6 {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "old", Partition: 0, Value: []byte("v"), Timestamp: base.Add(time.Duration(i) * time.Minute)})
	}
	plan, err := c.PlanPurge(testCtx(t), kafkaops.PurgeRequest{Topic: "old", Before: base.Add(2 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Total() != 2 {
		t.Fatalf("plan = %+v, want the 2 records older than base+2m", plan)
	}
	if _, err := c.Purge(testCtx(t), plan); err != nil {
		t.Fatal(err)
	}
	if low, _ := outsideOffsets(t, out, "old", 1); low[0] != 2 {
		t.Fatalf("outside client: log start %d, want 2", low[0])
	}
	if _, err := c.PlanPurge(testCtx(t), kafkaops.PurgeRequest{Topic: "old", Partitions: []int32{7}}); !kafkaops.IsNotFound(err) {
		t.Fatalf("unknown partition: %v, want not found", err)
	}
}

func TestTopicSizesOneRequestPerBroker(t *testing.T) {
	for _, nodes := range []int{1, 3} {
		t.Run(strconv.Itoa(nodes)+" nodes", func(t *testing.T) {
			b := startCluster(t, nodes)
			c := newClient(t, b.Addr())
			mustCreate(t, c, "big", 2)
			mustCreate(t, c, "empty", 1)
			for range 20 {
				mustProduce(t, c, kafkaops.ProduceRequest{Topic: "big", Partition: 1, Value: make([]byte, 1000)})
			}
			sizes, err := c.TopicSizes(testCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			big := sizes["big"]
			if big.Partitions[1] < 20000 || big.Partitions[0] != 0 || big.Bytes != big.Partitions[1] {
				t.Fatalf("big = %+v, want partition 1 over 20000 bytes and partition 0 empty", big)
			}
			if big.ReplicaBytes < big.Bytes {
				t.Fatalf("replica bytes %d below leader bytes %d", big.ReplicaBytes, big.Bytes)
			}
			if e, ok := sizes["empty"]; !ok || e.Bytes != 0 {
				t.Fatalf("empty = %+v (%v), want listed with 0 bytes", e, ok)
			}
			one, err := c.TopicSizes(testCtx(t), "big")
			if err != nil || len(one) != 1 || one["big"].Bytes != big.Bytes {
				t.Fatalf("TopicSizes(big) = %+v (%v), want only big, %d bytes", one, err, big.Bytes)
			}
			if _, err := c.TopicSizes(testCtx(t), "missing"); !kafkaops.IsNotFound(err) {
				t.Fatalf("TopicSizes(missing): %v, want not found", err)
			}
		})
	}
}
