package admin

import (
	"errors"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// partsFake is bankbranch with two partitions.
func partsFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1})
	f.Details = map[string]kafkaops.TopicDetail{"bankbranch": {
		Topic:         kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1},
		PartitionList: []kafkaops.Partition{{ID: 0, High: 20}, {ID: 1, High: 22}},
	}}
	return f
}

func startParts(t *testing.T, f kafkaops.Service, w, h int) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewAddPartitions(f, kittest.TestStyles(), "bankbranch"), w, h)
	return s
}

// TestAddPartitionsSaysWhatIsWrongAsYouType: fewer or as many partitions
// as now, more than the cap, or no number is said under the input, and
// enter sends nothing to the broker.
func TestAddPartitionsSaysWhatIsWrongAsYouType(t *testing.T) {
	for _, c := range []struct{ typed, want string }{
		{"2", "the topic has 2 partitions"},
		{"1", "Kafka can only add partitions"},
		{"20000", "more than kscope allows for one topic (10000)"},
		{"four", "must be a whole number"},
	} {
		f := partsFake()
		s := startParts(t, f, 100, 30)
		mustShow(t, s, "Partitions now: 2")
		s, _ = kittest.KeysAll(s, c.typed)
		mustShow(t, s, "! ", c.want)
		s, _ = kittest.KeysAll(s, "enter")
		mustShow(t, s, "✗ ")
		if f.DryRuns != 0 || len(f.Partitions) != 0 {
			t.Errorf("%q: %d dry runs, %v applied; want nothing sent", c.typed, f.DryRuns, f.Partitions)
		}
	}
}

// TestAddPartitionsDryRunWarningThenApply: enter dry-runs the count
// (validateOnly), the screen shows the change and warns about keyed
// records, esc goes back to the count, y adds them for real, closes and
// tells the detail to refresh.
func TestAddPartitionsDryRunWarningThenApply(t *testing.T) {
	f := partsFake()
	s := startParts(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "+2")
	mustShow(t, s, "= 4 partitions, 2 new")
	s, msgs := kittest.KeysAll(s, "enter")
	if f.DryRuns != 1 || len(f.Partitions) != 0 || kittest.HasPop(msgs) {
		t.Fatalf("after enter: %d dry runs, applied %v, pop %v; want one dry run only", f.DryRuns, f.Partitions, kittest.HasPop(msgs))
	}
	mustShow(t, s, "partitions: 2 → 4 (new: 2, 3)", "Keyed records will map to other partitions", "y add · esc edit again")
	if !s.(kit.EscHandler).HandlesEsc() {
		t.Error("esc on the confirmation would close the screen")
	}
	s, _ = kittest.KeysAll(s, "esc")
	if strings.Contains(kittest.Plain(s), "y add ") {
		t.Fatal("esc did not go back to the count")
	}
	s, _ = kittest.KeysAll(s, "enter")
	_, msgs = kittest.KeysAll(s, "y")
	if f.Partitions["bankbranch"] != 4 {
		t.Fatalf("applied %v, want bankbranch at 4", f.Partitions)
	}
	var changed bool
	for _, m := range msgs {
		if m, ok := m.(kit.TopicsChangedMsg); ok && m.Topic == "bankbranch" {
			changed = true
		}
	}
	st := kittest.Statuses(msgs)
	if !kittest.HasPop(msgs) || !changed || len(st) == 0 || !strings.Contains(st[0], "bankbranch now has 4 partitions (2 added)") {
		t.Errorf("after y: pop %v, changed %v, status %v", kittest.HasPop(msgs), changed, st)
	}
}

// TestAddPartitionsKafkaErrorInWords: a refusal of the dry run is shown
// in words and the count stays for another try.
func TestAddPartitionsKafkaErrorInWords(t *testing.T) {
	f := partsFake()
	s := startParts(t, f, 100, 30)
	f.Err = errors.New("INVALID_PARTITIONS: Number of partitions is over the cluster's limit")
	s, msgs := kittest.KeysAll(s, "50", "enter")
	mustShow(t, s, "Kafka refused: INVALID_PARTITIONS", "> 50")
	if kittest.HasPop(msgs) || len(kittest.Statuses(msgs)) == 0 {
		t.Errorf("a refusal closed the screen or said nothing: %v", msgs)
	}
}

// TestAddPartitionsRefusesInternalTopic: __consumer_offsets keeps its
// partitions.
func TestAddPartitionsRefusesInternalTopic(t *testing.T) {
	f := partsFake()
	f.Details["__consumer_offsets"] = kafkaops.TopicDetail{PartitionList: []kafkaops.Partition{{ID: 0}}}
	s, _ := kittest.Start(t, NewAddPartitions(f, kittest.TestStyles(), "__consumer_offsets"), 100, 30)
	s, _ = kittest.KeysAll(s, "3", "enter")
	mustShow(t, s, "internal Kafka topic")
	if f.DryRuns != 0 {
		t.Error("an internal topic's partitions were sent to the broker")
	}
}

// TestAddPartitionsGolden: the confirmation with its warning at 80x24.
func TestAddPartitionsGolden(t *testing.T) {
	s := startParts(t, partsFake(), 80, 24)
	s, _ = kittest.KeysAll(s, "4", "enter")
	kittest.Golden(t, "partitions_confirm_80x24.golden", kittest.Plain(s))
}
