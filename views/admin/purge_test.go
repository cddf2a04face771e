package admin

import (
	"errors"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func purgeFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1})
	f.Plan = kafkaops.PurgePlan{Partitions: []kafkaops.PurgePartition{
		{Partition: 0, Low: 0, High: 1000, Before: 1000},
		{Partition: 1, Low: 10, High: 244, Before: 244},
	}}
	return f
}

func startPurge(t *testing.T, f kafkaops.Service) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewPurge(f, kittest.TestStyles(), "bankbranch"), 100, 30)
	return s
}

func TestPurgeShowsCountsThenNeedsTypedName(t *testing.T) {
	f := purgeFake()
	s := startPurge(t, f)
	s, _ = kittest.KeysAll(s, "enter")
	mustShow(t, s, "PARTITION", "1,234 records in all", "Type the topic's name to confirm")
	v := kittest.Plain(s)
	for _, row := range []string{"0          0          1000       1000       1000", "1          10         244        244        234"} {
		if !strings.Contains(v, row) {
			t.Errorf("no per-partition row %q:\n%s", row, v)
		}
	}
	if len(f.Purged) != 0 {
		t.Fatal("purged before the name was typed")
	}
	s, _ = kittest.KeysAll(s, "enter")
	s, _ = kittest.KeysAll(s, "bankbranc", "enter")
	if len(f.Purged) != 0 {
		t.Fatal("purged with a wrong name")
	}
	mustShow(t, s, "that is not the topic's name")
	s, msgs := kittest.KeysAll(s, "h", "enter")
	if len(f.Purged) != 1 || f.Purged[0].Topic != "bankbranch" {
		t.Fatalf("purged %+v, want the plan of bankbranch once", f.Purged)
	}
	mustShow(t, s, "partition 0 now starts at offset 1000", "partition 1 now starts at offset 244")
	if st := kittest.Statuses(msgs); len(st) == 0 || !strings.Contains(st[0], "purged 1,234 records from bankbranch") {
		t.Errorf("status %v", st)
	}
}

func TestPurgeScopeOnePartitionBeforeOffsetOrTime(t *testing.T) {
	for _, tc := range []struct {
		part, before string
		check        func(r kafkaops.PurgeRequest) bool
	}{
		{"1", "200", func(r kafkaops.PurgeRequest) bool {
			return len(r.Partitions) == 1 && r.Partitions[0] == 1 && r.BeforeOffset == 200 && r.Before.IsZero()
		}},
		{"", "2026-11-30 14:00", func(r kafkaops.PurgeRequest) bool {
			return len(r.Partitions) == 0 && r.Before.Equal(time.Date(2026, 11, 30, 14, 0, 0, 0, time.Local))
		}},
		{"all", "", func(r kafkaops.PurgeRequest) bool {
			return len(r.Partitions) == 0 && r.BeforeOffset == kafkaops.PurgeAll
		}},
	} {
		p := NewPurge(purgeFake(), kittest.TestStyles(), "bankbranch").(*Purge)
		p.partIn.SetValue(tc.part)
		p.beforeIn.SetValue(tc.before)
		r, err := p.request()
		if err != nil || !tc.check(r) {
			t.Errorf("partition %q before %q: %+v, %v", tc.part, tc.before, r, err)
		}
	}
	s := startPurge(t, purgeFake())
	s, _ = kittest.KeysAll(s, "x", "tab", "soon", "enter")
	mustShow(t, s, "partition must be a partition number")
}

func TestPurgeKafkaErrorInWords(t *testing.T) {
	f := purgeFake()
	s := startPurge(t, f)
	s, _ = kittest.KeysAll(s, "enter", "bankbranch")
	f.Err = errors.New("POLICY_VIOLATION: deleting records is disabled")
	s, msgs := kittest.KeysAll(s, "enter")
	mustShow(t, s, "Kafka refused the purge: POLICY_VIOLATION")
	if kittest.HasPop(msgs) || len(f.Purged) != 0 {
		t.Error("a failed purge closed the screen or was recorded")
	}
}

func TestPurgeRefusesInternalTopic(t *testing.T) {
	f := purgeFake()
	s, _ := kittest.Start(t, NewPurge(f, kittest.TestStyles(), "__consumer_offsets"), 100, 30)
	s, _ = kittest.KeysAll(s, "enter")
	mustShow(t, s, "internal Kafka topic")
	if strings.Contains(kittest.Plain(s), "PARTITION") {
		t.Error("an internal topic's purge was planned")
	}
}
