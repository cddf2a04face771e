package kafkaops_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"kscope/kafkaops"
)

// kcatPartition is one partition of `kcat -L -J`'s answer.
type kcatPartition struct {
	Partition int32 `json:"partition"`
	Leader    int32 `json:"leader"`
	Replicas  []struct {
		ID int32 `json:"id"`
	} `json:"replicas"`
	ISRs []struct {
		ID int32 `json:"id"`
	} `json:"isrs"`
}

// kcatView is a partition's leader, replicas and ISR as kcat sees them.
type kcatView struct {
	leader        int32
	replicas, isr []int32
}

// requireKcat skips without kcat, and fails under CI=true, where it must
// be installed (.ci/run).
func requireKcat(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("kcat")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("kcat is not on PATH and CI=true requires it (Debian's kcat)")
	}
	t.Skip("kcat is not on PATH (install Debian's kcat); skipping")
	return ""
}

// kcatMetadata asks kcat (librdkafka, an outside client) for one
// partition's metadata.
func kcatMetadata(t *testing.T, kcat, addr, topic string, partition int32) kcatView {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kcat, "-L", "-J", "-b", addr, "-t", topic, "-m", "5").Output()
	if err != nil {
		t.Fatalf("kcat -L: %v", err)
	}
	var md struct {
		Topics []struct {
			Topic      string          `json:"topic"`
			Partitions []kcatPartition `json:"partitions"`
		} `json:"topics"`
	}
	if err := json.Unmarshal(out, &md); err != nil {
		t.Fatalf("kcat -L -J: %v\n%s", err, out)
	}
	for _, tp := range md.Topics {
		for _, p := range tp.Partitions {
			if tp.Topic != topic || p.Partition != partition {
				continue
			}
			v := kcatView{leader: p.Leader}
			for _, r := range p.Replicas {
				v.replicas = append(v.replicas, r.ID)
			}
			for _, r := range p.ISRs {
				v.isr = append(v.isr, r.ID)
			}
			return v
		}
	}
	t.Fatalf("kcat does not list %s[%d]:\n%s", topic, partition, out)
	return kcatView{}
}

// TestReassignSeenByKcat reassigns a partition on the three-node bundled
// cluster through kafkaops and checks with kcat that the partition's
// leader moved to the first broker of the new replica list; then stops
// that node and checks that kcat sees another leader and the stopped node
// out of the ISR, as the topic detail shows it.
func TestReassignSeenByKcat(t *testing.T) {
	kcat := requireKcat(t)
	b := startCluster(t, 3)
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.Brokers = b.Addrs() })
	ctx := testCtx(t)
	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "moved", Partitions: 1, ReplicationFactor: 3}); err != nil {
		t.Fatal(err)
	}
	var before kcatView
	eventually(t, "kcat to see moved[0] with a leader", func() bool {
		before = kcatMetadata(t, kcat, b.Addr(), "moved", 0)
		return before.leader >= 0
	})
	target := (before.leader + 1) % 3
	want := []int32{target, (target + 1) % 3, (target + 2) % 3}
	if err := c.ReassignPartitions(ctx, []kafkaops.Reassignment{{Topic: "moved", Partition: 0, Replicas: want}}); err != nil {
		t.Fatal(err)
	}
	var after kcatView
	eventually(t, "kcat to see moved[0] led by the first new replica", func() bool {
		after = kcatMetadata(t, kcat, b.Addr(), "moved", 0)
		return after.leader == target
	})
	if len(after.replicas) != 3 || after.replicas[0] != target {
		t.Errorf("kcat sees replicas %v, want 3 led by %d", after.replicas, target)
	}

	if err := b.StopNode(target); err != nil {
		t.Fatal(err)
	}
	other := b.Addrs()[0]
	down := kcatMetadata(t, kcat, other, "moved", 0)
	if down.leader == target || slices.Contains(down.isr, target) || !slices.Contains(down.replicas, target) || len(down.isr) != 2 {
		t.Errorf("with node %d stopped kcat sees leader %d, replicas %v, ISR %v; want another leader, %d still a replica but out of the ISR",
			target, down.leader, down.replicas, down.isr, target)
	}
	d, err := c.DescribeTopic(ctx, "moved")
	if err != nil {
		t.Fatal(err)
	}
	if p := d.PartitionList[0]; !p.UnderReplicated() || p.Leader == target {
		t.Errorf("kafkaops with node %d stopped: %+v, want under-replicated with another leader", target, p)
	}
}
