package kafkaops_test

import (
	"slices"
	"testing"

	"kscope/kafkaops"
)

// TestStoppedNodeMovesLeaders stops the node that leads a partition of a
// replicated topic and checks that kafkaops then reports another leader
// and one broker fewer, and that the partition still takes records.
func TestStoppedNodeMovesLeaders(t *testing.T) {
	b := startCluster(t, 3)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "ha", Partitions: 3, ReplicationFactor: 3}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeTopic(ctx, "ha")
	if err != nil || d.ReplicationFactor != 3 {
		t.Fatalf("DescribeTopic = %+v (%v), want replication factor 3", d, err)
	}
	victim := d.PartitionList[0].Leader
	if victim == 0 {
		victim = d.PartitionList[1].Leader // keep node 0, the bootstrap address, running
	}
	if victim == 0 {
		victim = 1
	}
	if err := b.StopNode(victim); err != nil {
		t.Fatal(err)
	}
	info, err := c.ClusterInfo(ctx)
	if err != nil || len(info.Brokers) != 2 {
		t.Fatalf("ClusterInfo after stopping node %d = %+v (%v), want 2 brokers", victim, info, err)
	}
	d, err = c.DescribeTopic(ctx, "ha")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.PartitionList {
		if p.Leader == victim {
			t.Fatalf("partition %d still led by stopped node %d", p.ID, victim)
		}
		if len(p.Replicas) != 3 || len(p.ISR) != 2 || slices.Contains(p.ISR, victim) {
			t.Fatalf("partition %d with node %d down: replicas %v ISR %v, want 3 replicas and 2 in sync (under-replicated)", p.ID, victim, p.Replicas, p.ISR)
		}
	}
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "ha", Partition: 0, Value: []byte("still here")})
	if err := b.StartNode(victim); err != nil {
		t.Fatal(err)
	}
	if info, err := c.ClusterInfo(ctx); err != nil || len(info.Brokers) != 3 {
		t.Fatalf("ClusterInfo after restart = %+v (%v), want 3 brokers", info, err)
	}
	d, err = c.DescribeTopic(ctx, "ha")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.PartitionList {
		if len(p.ISR) != 3 {
			t.Fatalf("partition %d after restart: ISR %v, want 3 in sync", p.ID, p.ISR)
		}
	}
}
