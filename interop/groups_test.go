package interop

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// groupRead runs testdata/groups.py: a kafka-python KafkaConsumer in
// group id reads exactly n records of bankbranch, commits and leaves.
// It returns "partition/offset" of each record read.
func groupRead(t *testing.T, addr, id string, n int) []string {
	t.Helper()
	out := run(t, 60*time.Second, "", pythonKafka, "testdata/groups.py", addr, id, fmt.Sprint(n))
	var got []string
	read := -1
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var pl struct {
			Partition *int32 `json:"partition"`
			Offset    *int64 `json:"offset"`
			Read      *int   `json:"read"`
		}
		if err := json.Unmarshal([]byte(l), &pl); err != nil {
			t.Fatalf("groups.py line %q: %v\n%s", l, err, out)
		}
		switch {
		case pl.Read != nil:
			read = *pl.Read
		case pl.Partition != nil:
			got = append(got, fmt.Sprintf("%d/%d", *pl.Partition, *pl.Offset))
		}
	}
	if read != n {
		t.Fatalf("kafka-python read %d records, want %d:\n%s", read, n, out)
	}
	return got
}

// groupLag sums the group's committed offsets and the lag of the
// committed partitions, and counts the partitions with nothing committed.
func groupLag(g kafkaops.Group) (committed, lag int64, uncommitted int) {
	for _, l := range g.Lag {
		if !l.HasCommitted {
			uncommitted++
			continue
		}
		committed += l.Committed
		lag += l.Lag()
	}
	return
}

// TestKafkaPythonGroupLagAndReset: the lab's KafkaConsumer with a group
// id shows up in kscope with the right lag, and a reset to earliest made
// through kscope's service makes it read everything again.
func TestKafkaPythonGroupLagAndReset(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir())
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	const produced = 10
	for i := range produced {
		v := fmt.Sprintf(`{"atmid": %d, "transid": %d}`, i%2+1, 100+i)
		if _, err := c.Produce(ctx, kafkaops.ProduceRequest{Topic: "bankbranch", Value: []byte(v), Partition: i % 2}); err != nil {
			t.Fatal(err)
		}
	}

	const first = 4
	if got := groupRead(t, b.Addr, "atm-audit", first); len(got) != first {
		t.Fatalf("first read: %v", got)
	}
	g := awaitGroupEmpty(t, c, "atm-audit")
	committed, lag, uncommitted := groupLag(g)
	var ends int64
	for _, l := range g.Lag {
		ends += l.LogEnd
	}
	if committed != first || ends != produced {
		t.Errorf("committed %d of %d, want %d of %d: %+v", committed, ends, first, produced, g.Lag)
	}
	// Every record not read is lag, on committed partitions or, if
	// kafka-python committed only the partitions it read from, on the
	// others' "no committed offset".
	if uncommitted == 0 && lag != produced-first {
		t.Errorf("lag %d, want %d (produced minus consumed)", lag, produced-first)
	}
	ovs, err := c.GroupOverviews(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ovs) != 1 || ovs[0].ID != "atm-audit" || ovs[0].Lag != lag || ovs[0].State != "Empty" {
		t.Errorf("overviews = %+v, want atm-audit, Empty, lag %d", ovs, lag)
	}

	// The rest: lag 0 on both partitions.
	if got := groupRead(t, b.Addr, "atm-audit", produced-first); len(got) != produced-first {
		t.Fatalf("second read: %v", got)
	}
	g = awaitGroupEmpty(t, c, "atm-audit")
	if committed, lag, uncommitted := groupLag(g); committed != produced || lag != 0 || uncommitted != 0 {
		t.Fatalf("after reading everything: committed %d lag %d uncommitted %d: %+v", committed, lag, uncommitted, g.Lag)
	}

	// Reset to earliest, dry run first: nothing moves.
	req := kafkaops.ResetRequest{Group: "atm-audit", Topic: "bankbranch", Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetEarliest, DryRun: true}
	changes, err := c.ResetOffsets(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].New != 0 || changes[0].LagAfter() != produced/2 {
		t.Fatalf("dry run = %+v", changes)
	}
	req.DryRun = false
	if _, err := c.ResetOffsets(ctx, req); err != nil {
		t.Fatal(err)
	}
	g, err = c.DescribeGroup(ctx, "atm-audit")
	if err != nil {
		t.Fatal(err)
	}
	if committed, lag, _ := groupLag(g); committed != 0 || lag != produced {
		t.Errorf("after reset: committed %d lag %d, want 0 and %d", committed, lag, produced)
	}

	// kafka-python reads everything again, from offset 0 of each partition.
	got := groupRead(t, b.Addr, "atm-audit", produced)
	seen := map[string]bool{}
	for _, r := range got {
		seen[r] = true
	}
	for p := range 2 {
		for o := range produced / 2 {
			if !seen[fmt.Sprintf("%d/%d", p, o)] {
				t.Errorf("after the reset kafka-python did not re-read %d/%d (read %v)", p, o, got)
			}
		}
	}
}

// awaitGroupEmpty waits until the consumer that just closed has left the
// group, and returns the group.
func awaitGroupEmpty(t *testing.T, c *kafkaops.Client, id string) kafkaops.Group {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		g, err := c.DescribeGroup(ctx, id)
		cancel()
		if err == nil && len(g.Members) == 0 {
			return g
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s still has members (or failed: %v): %+v", id, err, g)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
