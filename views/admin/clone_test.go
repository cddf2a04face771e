package admin

import (
	"errors"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/theme"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// cloneFake is bankbranch (2 partitions, 42 records, a retention.ms
// override) on a one-broker cluster that also has payments.
func cloneFake() *kafkaopstest.CloneFake {
	f := kafkaopstest.NewCloneFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1}, kafkaops.Topic{Name: "payments", Partitions: 1, ReplicationFactor: 1})
	f.Cluster = kafkaops.ClusterInfo{Brokers: []kafkaops.Broker{{ID: 0}}}
	f.Details = map[string]kafkaops.TopicDetail{"bankbranch": {
		Topic:         kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1},
		PartitionList: []kafkaops.Partition{{ID: 0, High: 20}, {ID: 1, High: 22}},
	}}
	f.Configs = map[string][]kafkaops.ConfigEntry{"bankbranch": {
		{Name: "retention.ms", Value: "86400000", Source: kafkaops.SourceTopic},
		{Name: "cleanup.policy", Value: "delete", Source: kafkaops.SourceDefault, Default: true},
	}}
	return f
}

func startClone(t *testing.T, f kafkaops.Service, w, h int) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewClone(f, kittest.TestStyles(), "bankbranch"), w, h)
	return s
}

// progress is a copy event with two partitions' figures.
func progress(read0, read1, copied int64, done bool) kafkaops.CopyEvent {
	return kafkaops.CopyEvent{Copied: copied, Done: done, Scan: &kafkaops.ScanProgress{
		Partitions: []kafkaops.PartitionProgress{
			{Partition: 0, Start: 0, End: 20, Next: read0, Scanned: read0, Bytes: read0 * 100, ETA: 2 * time.Second},
			{Partition: 1, Start: 0, End: 22, Next: read1, Scanned: read1, Bytes: read1 * 100},
		},
		Scanned: read0 + read1, Bytes: (read0 + read1) * 100, Total: 42, RecordsPerSec: 1500, ETA: 3 * time.Second,
	}}
}

// At 60 columns the name field still shows the whole proposed name: its
// width was measured in bytes of the styled label, not in cells.
func TestCloneNameWholeAt60(t *testing.T) {
	s, _ := kittest.Start(t, NewClone(cloneFake(), theme.New(true, false), "bankbranch"), 60, 15)
	mustShow(t, s, "Name:       bankbranch-clone")
}

// TestCloneFormPrefilledAndChecked: the form starts from the plan (name,
// partitions, RF, overrides) and says what is wrong with each field as
// it is typed; enter refuses a wrong form and sends nothing.
func TestCloneFormPrefilledAndChecked(t *testing.T) {
	f := cloneFake()
	s := startClone(t, f, 100, 30)
	mustShow(t, s, "▸ Name:       bankbranch-clone", "  Partitions: 2", "  RF:         1", "Overrides: retention.ms=86400000 (1d)", "[ ] no")
	for _, c := range []struct {
		field int
		typed string
		want  string
	}{
		{fieldName, "bad name!", "topic name contains ' ' at position 4"},
		{fieldName, "bankbranch", "a clone needs another name"},
		{fieldName, "payments", "a topic named payments already exists"},
		{fieldParts, "0", "a topic needs at least 1 partition"},
		{fieldRF, "3", "replication factor 3 is more than the 1 broker(s)"},
	} {
		s := startClone(t, f, 100, 30)
		for range c.field {
			s, _ = kittest.KeysAll(s, "tab")
		}
		s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), c.typed)
		mustShow(t, s, "! "+c.want)
		s, _ = kittest.KeysAll(s, "enter")
		mustShow(t, s, "✗ "+c.want)
		if strings.Contains(kittest.Plain(s), "y creates") {
			t.Errorf("%q: a wrong form went on to the confirmation", c.typed)
		}
	}
	if len(f.Created) != 0 {
		t.Errorf("created %v from wrong forms", f.Created)
	}
}

// TestCloneCopyNeedsThePartitions: copying keeps partitions, so a clone
// with fewer partitions than the topic is refused once copy is on.
func TestCloneCopyNeedsThePartitions(t *testing.T) {
	s := startClone(t, cloneFake(), 100, 30)
	s, _ = kittest.KeysAll(s, "tab", kittest.Ctrl('u'), "1", "tab", "tab", "space")
	mustShow(t, s, "[x] yes, 42 records")
	s, _ = kittest.KeysAll(s, "enter")
	mustShow(t, s, "copying keeps each record's partition: the clone needs at least the 2")
}

// TestCloneWithoutData: y creates the topic with the plan's partitions,
// RF and overrides, copies nothing and says so.
func TestCloneWithoutData(t *testing.T) {
	f := cloneFake()
	s := startClone(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "tab", kittest.Ctrl('u'), "3", "enter")
	mustShow(t, s, "Create bankbranch-clone with 3 partitions and replication factor 1.", "No records are copied.")
	s, msgs := kittest.KeysAll(s, "y")
	if len(f.Created) != 1 {
		t.Fatalf("created %v", f.Created)
	}
	got := f.Created[0]
	if got.Name != "bankbranch-clone" || got.Partitions != 3 || got.ReplicationFactor != 1 || got.Configs["retention.ms"] != "86400000" {
		t.Errorf("created %+v", got)
	}
	if len(f.Copies) != 0 {
		t.Errorf("copied %v without being asked", f.Copies)
	}
	mustShow(t, s, "✓ cloned bankbranch as bankbranch-clone: 3 partitions, replication factor", "1, 1 config override; no records copied")
	if st := kittest.Statuses(msgs); len(st) == 0 || !strings.Contains(st[0], "cloned bankbranch as bankbranch-clone") {
		t.Errorf("status %v", st)
	}
}

// TestCloneCopiesWithProgress: with copy on, the clone's records come
// from kafkaops.CloneCopy (partitions and timestamps kept), progress
// shows per partition with the ETA, and the end is said in words.
func TestCloneCopiesWithProgress(t *testing.T) {
	f := cloneFake()
	s := startClone(t, f, 140, 30)
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "space", "enter")
	mustShow(t, s, "Then copy 42 records from bankbranch, each to its own partition, with its", "key, headers and timestamp.")
	f.Events <- progress(10, 5, 15, false)
	f.Events <- progress(20, 22, 42, true)
	close(f.Events)
	s, msgs := kittest.KeysAll(s, "y")
	if len(f.Copies) != 1 {
		t.Fatalf("copies %v", f.Copies)
	}
	if want := kafkaops.CloneCopy("bankbranch", "bankbranch-clone"); f.Copies[0].To != want.To || !f.Copies[0].KeepPartitions || !f.Copies[0].KeepTimestamps || f.Copies[0].Scan.Topic != "bankbranch" {
		t.Errorf("copy request %+v, want %+v", f.Copies[0], want)
	}
	mustShow(t, s, "20/20", "22/22", "ETA done", "copied 42 records (4.1KiB)", "timestamps and partitions kept")
	if st := kittest.Statuses(msgs); len(st) == 0 || !strings.Contains(st[0], "copied 42 records") {
		t.Errorf("status %v", st)
	}
}

// TestCloneCopyCancelledWithEsc: esc during the copy cancels its
// context, stays on the screen and says how many records were copied.
func TestCloneCopyCancelledWithEsc(t *testing.T) {
	f := cloneFake()
	s := startClone(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "space", "enter")
	f.Events <- progress(10, 5, 15, false)
	s, _ = kittest.KeysAll(s, "y")
	mustShow(t, s, "PARTITION", "10/20", "5/22", "1000B", "2s", "written 15 of 42", "1,500 records/s", "ETA 3s", "esc cancel copy (what was copied stays)")
	if !s.(kit.EscHandler).HandlesEsc() {
		t.Fatal("esc during the copy would close the screen")
	}
	s.(*Clone).settle = 0
	f.Mu.Lock()
	f.Details["bankbranch-clone"] = kafkaops.TopicDetail{PartitionList: []kafkaops.Partition{{ID: 0, High: 12}, {ID: 1, High: 9}}}
	f.Mu.Unlock()
	s, msgs := kittest.KeysAll(s, "esc")
	if st := kittest.Statuses(msgs); len(st) == 0 || !strings.Contains(st[len(st)-1], "copy cancelled, it holds 21 records") {
		t.Errorf("statuses %v, want the count last", st)
	}
	if !f.CopyCancelled() {
		t.Error("esc did not cancel the copy")
	}
	if kittest.HasPop(msgs) {
		t.Error("esc closed the screen instead of cancelling")
	}
	// The figures lag the batches produced: once the copy has settled
	// the clone is counted.
	mustShow(t, s, "copy cancelled: bankbranch-clone holds 21 records")
}

// TestCloneErrorsInWords: a refused create keeps the plan to try again;
// a failed copy says after how many records.
func TestCloneErrorsInWords(t *testing.T) {
	f := cloneFake()
	f.CreateErr = errors.New("TOPIC_ALREADY_EXISTS: Topic 'bankbranch-clone' already exists")
	s := startClone(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "enter", "y")
	mustShow(t, s, "Kafka refused to create the clone: TOPIC_ALREADY_EXISTS", "y clone · esc edit again")

	f = cloneFake()
	s = startClone(t, f, 100, 30)
	f.Events <- kafkaops.CopyEvent{Copied: 7, Err: errors.New("NOT_LEADER_OR_FOLLOWER")}
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "space", "enter", "y")
	mustShow(t, s, "the copy failed after 7 records:", "NOT_LEADER_OR_FOLLOWER")
}

// TestCloneGoldens: the form and the copy in progress at 80x24.
func TestCloneGoldens(t *testing.T) {
	f := cloneFake()
	s := startClone(t, f, 80, 24)
	kittest.Golden(t, "clone_form_80x24.golden", kittest.Plain(s))
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "space", "enter")
	f.Events <- progress(10, 5, 15, false)
	s, _ = kittest.KeysAll(s, "y")
	kittest.Golden(t, "clone_copy_80x24.golden", kittest.Plain(s))
}

// TestNewScreensFitEverySize: the reset, add-partitions and clone boxes
// never draw wider or taller than the body.
func TestNewScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "reset", func() kit.Screen {
		return NewResetConfig(resetFake(), kittest.TestStyles(), "bankbranch", "retention.ms")
	})
	kittest.FitsEverySize(t, "partitions", func() kit.Screen { return NewAddPartitions(partsFake(), kittest.TestStyles(), "bankbranch") })
	kittest.FitsEverySize(t, "clone", func() kit.Screen { return NewClone(cloneFake(), kittest.TestStyles(), "bankbranch") })
}

// The box's key line and the help line say the same in each step: esc
// cancels the form and goes back to it from the review.
func TestCloneBoxSaysWhatTheHelpLineSays(t *testing.T) {
	s := startClone(t, cloneFake(), 100, 30)
	for _, step := range []struct {
		keys []any
		want string
	}{
		{want: "tab next field · enter review · esc cancel"},
		{keys: []any{"enter"}, want: "y clone · esc edit again"},
		{keys: []any{"esc"}, want: "tab next field · enter review · esc cancel"},
	} {
		s, _ = kittest.KeysAll(s, step.keys...)
		mustShow(t, s, step.want)
		if got := kit.KeyHints(s.ShortHelp()); got != step.want {
			t.Errorf("after %v the help line says %q, the box %q", step.keys, got, step.want)
		}
	}
}
