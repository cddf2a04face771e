package transfer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// exportLines are three records in the export's shape, from partitions
// 0 and 2 of src: a binary key in base64, a header, a null value.
const exportLines = `{"topic":"src","partition":0,"offset":4,"tstype":"create","ts":1700000000000,"broker":-1,"key":"k1","payload":"{\"a\":1}"}
{"topic":"src","partition":2,"offset":9,"tstype":"create","ts":1700000001000,"broker":-1,"headers":["trace","t-1"],"key":"/wA=","key_encoding":"base64","payload":"text"}

{"topic":"src","partition":2,"offset":10,"tstype":"create","ts":1700000002000,"broker":-1,"key":"gone","payload":null}
`

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "found.jsonl")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func importFake(partitions int) *kafkaopstest.FormsFake {
	return kafkaopstest.NewFormsFake(kafkaops.Topic{Name: "dest", Partitions: partitions, ReplicationFactor: 1})
}

func newImport(t *testing.T, f kafkaops.Service, topic, path string) kit.Screen {
	t.Helper()
	// Init reads the file through (no timer): on a loaded machine that
	// took longer than kittest.Start's wait, and the plan was not there.
	s, _ := kittest.StartWithin(t, NewImport(f, kittest.TestStyles(), topic, path), 80, 24, 10*time.Second)
	return s
}

// TestImportShowsThePlanThenImports: the file is read through first
// (records, partitions, source topic); enter produces every record with
// its key, value and headers byte for byte, and the options keep the
// timestamps or partitions.
func TestImportShowsThePlanThenImports(t *testing.T) {
	f := importFake(3)
	path := writeFile(t, exportLines)
	s := newImport(t, f, "dest", path)
	v := kittest.Plain(s)
	for _, want := range []string{"Import into dest", "holds               3 records", "from                partitions 0, 2 of src",
		"into                dest · 3 partitions", "enter imports 3 records"} {
		if !strings.Contains(v, want) {
			t.Errorf("the plan lacks %q:\n%s", want, v)
		}
	}
	if len(f.Produced) != 0 {
		t.Fatal("records were produced before enter")
	}
	s, _ = kittest.Press(s, "space", "tab", "space", "enter")
	deadline := time.Now().Add(5 * time.Second)
	for m := s.(*Import); m.phase == phaseRunning && time.Now().Before(deadline); m = s.(*Import) {
		// kittest gives up on a wait after 100 ms; wait here instead (a
		// wait kittest gave up on may have taken an event, but the
		// channel's close still ends the import).
		s, _ = kittest.Feed(s, kit.WaitStream(m.run.ctx, m.run.id, m.ch, streamMaxEvents)())
	}
	if v := kittest.Plain(s); !strings.Contains(v, "done: imported into dest") || !strings.Contains(v, "3 of 3 records sent") {
		t.Fatalf("the import did not end as done:\n%s", v)
	}
	if len(f.Produced) != 3 {
		t.Fatalf("produced %d records, want 3", len(f.Produced))
	}
	p := f.Produced
	if p[0].Topic != "dest" || string(p[0].Key) != "k1" || string(p[0].Value) != `{"a":1}` || p[0].Partition != 0 ||
		p[0].Timestamp.UnixMilli() != 1700000000000 {
		t.Errorf("first record %+v", p[0])
	}
	if string(p[1].Key) != "\xff\x00" || len(p[1].Headers) != 1 || p[1].Headers[0].Key != "trace" || string(p[1].Headers[0].Value) != "t-1" || p[1].Partition != 2 {
		t.Errorf("second record %+v", p[1])
	}
	if p[2].Value != nil || string(p[2].Key) != "gone" {
		t.Errorf("the null value was not kept null: %+v", p[2])
	}
}

// TestImportRefusals: a bad line is named by its number, too few
// partitions for keep partitions are said, and nothing is
// produced.
func TestImportRefusals(t *testing.T) {
	bad := writeFile(t, strings.Replace(exportLines, `"key_encoding":"base64"`, `"key_encoding":"rot13"`, 1))
	for _, tc := range []struct {
		name, topic, path string
		partitions        int
		keys              []string
		want              string
	}{
		{"bad line", "dest", bad, 3, nil, "line 2: key: unknown encoding"},
		{"partitions", "dest", writeFile(t, exportLines), 2, []string{"space"}, "keep partitions needs partition 2 in dest; it has 2 partitions"},
		{"no file", "dest", filepath.Join(t.TempDir(), "none.jsonl"), 3, nil, "no such file"},
		{"no file named", "dest", "", 3, nil, "no file named: write :import TOPIC FILE"},
	} {
		f := importFake(tc.partitions)
		s := newImport(t, f, tc.topic, tc.path)
		s, _ = kittest.Press(s, tc.keys...)
		if v := kittest.Plain(s); !strings.Contains(strings.Join(strings.Fields(v), " "), tc.want) {
			t.Errorf("%s: the plan does not say %q:\n%s", tc.name, tc.want, v)
		}
		s, out := kittest.Press(s, "enter")
		if st := kittest.Statuses(out); len(st) != 1 || !strings.HasPrefix(st[0], "import: ") || s.(*Import).phase != phasePlan || len(f.Produced) != 0 {
			t.Errorf("%s: enter was not refused: statuses %q, produced %d", tc.name, st, len(f.Produced))
		}
	}
}

// TestImportEscStops: esc stops a running import between batches; what
// was sent is said to stay, and a second esc goes back.
func TestImportEscStops(t *testing.T) {
	f := importFake(3)
	release := make(chan struct{})
	f.ProduceErrFn = func(kafkaops.ProduceRequest) error { <-release; return nil }
	s := newImport(t, f, "dest", writeFile(t, exportLines))
	s, _ = kittest.Press(s, "enter")
	if !s.(kit.EscHandler).HandlesEsc() {
		t.Fatal("a running import does not take esc")
	}
	s, out := kittest.Press(s, "esc")
	close(release)
	if kittest.HasPop(out) || s.(*Import).run.cancel != nil {
		t.Fatal("esc did not stop the import")
	}
	if v := kittest.Plain(s); !strings.Contains(v, "stopped: what was sent to dest stays") {
		t.Errorf("the stop is not shown:\n%s", v)
	}
	if _, out = kittest.Press(s, "esc"); !kittest.HasPop(out) {
		t.Error("the second esc does not go back")
	}
}

// TestImportPlanGolden: the plan at 80x24, and every size fits.
func TestImportPlanGolden(t *testing.T) {
	path := writeFile(t, exportLines)
	s := newImport(t, importFake(3), "dest", path)
	v := strings.Replace(kittest.Plain(s), pathTail(path, 80-kit.LabelWidth), "found.jsonl", 1)
	kittest.Golden(t, "import-plan-80x24.golden", v)
	kittest.FitsEverySize(t, "import", func() kit.Screen { return NewImport(importFake(3), kittest.TestStyles(), "dest", path) })
}

// waitImport feeds the running import's events until it ends.
func waitImport(t *testing.T, s kit.Screen) kit.Screen {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for m := s.(*Import); m.phase == phaseRunning && time.Now().Before(deadline); m = s.(*Import) {
		s, _ = kittest.Feed(s, kit.WaitStream(m.run.ctx, m.run.id, m.ch, streamMaxEvents)())
	}
	return s
}

// TestImportOffersToCreateAMissingTopic: a topic that does not exist is
// offered for creation with the partitions the file's records need
// (partition 2 present: 3 partitions) and the cluster's default
// replication factor; n goes back and creates nothing; y creates it and
// imports.
func TestImportOffersToCreateAMissingTopic(t *testing.T) {
	f := importFake(3)
	s := newImport(t, f, "nope", writeFile(t, exportLines))
	flat := func() string { return strings.Join(strings.Fields(kittest.Plain(s)), " ") }
	for _, want := range []string{"into nope · does not exist", "no topic named nope: enter offers to create it with 3 partitions, then imports"} {
		if !strings.Contains(flat(), want) {
			t.Errorf("the plan lacks %q:\n%s", want, kittest.Plain(s))
		}
	}
	s, _ = kittest.Press(s, "enter")
	if !strings.Contains(flat(), "no topic named nope: create it with 3 partitions (what the file's records need)? y creates it") {
		t.Fatalf("no offer to create:\n%s", kittest.Plain(s))
	}
	if !s.(kit.EscHandler).HandlesEsc() || len(s.ShortHelp()) != 2 || s.ShortHelp()[0].Help().Key != "y" {
		t.Errorf("the question's keys are not the help: %v", s.ShortHelp())
	}
	s, out := kittest.Press(s, "esc")
	if kittest.HasPop(out) || len(f.Created) != 0 || !strings.Contains(flat(), "enter offers to create") {
		t.Fatalf("esc did not close the offer alone (pop %v, created %v)", kittest.HasPop(out), f.Created)
	}
	s, _ = kittest.Press(s, "enter", "y")
	if len(f.Created) != 1 || f.Created[0].Name != "nope" || f.Created[0].Partitions != 3 || f.Created[0].ReplicationFactor != 1 {
		t.Fatalf("created %+v", f.Created)
	}
	s = waitImport(t, s)
	if v := kittest.Plain(s); !strings.Contains(v, "done: imported into nope") || len(f.Produced) != 3 || f.Produced[0].Topic != "nope" {
		t.Fatalf("the import did not follow the create (%d produced):\n%s", len(f.Produced), v)
	}
}

// TestImportCreateFailureSaysWhy: a refused create is said in words and
// nothing is produced.
func TestImportCreateFailureSaysWhy(t *testing.T) {
	f := importFake(3)
	f.CreateErr = errors.New("not authorized to create topics")
	s := newImport(t, f, "nope", writeFile(t, exportLines))
	s, out := kittest.Press(s, "enter", "y")
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "could not create nope: not authorized") {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "could not create nope") || len(f.Produced) != 0 || s.(*Import).phase != phasePlan {
		t.Errorf("the failure is not shown, or records were produced (%d):\n%s", len(f.Produced), v)
	}
}

// At 60 columns an option's note goes under it rather than being cut.
func TestImportOptionsFit60(t *testing.T) {
	s := newImport(t, importFake(3), "dest", writeFile(t, exportLines))
	v := kittest.PlainAt(s, 60, 15)
	for _, want := range []string{"keep partitions     [ ] no", "the exported partition, else by key", "the exported time, else now"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60 columns the options lack %q:\n%s", want, v)
		}
	}
	kittest.CheckFrame(t, v, 60, 15)
}
