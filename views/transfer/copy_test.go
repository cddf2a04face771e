package transfer

import (
	"errors"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func copyFake() *kafkaopstest.CopyFake {
	return kafkaopstest.NewCopyFake(kafkaopstest.NewFormsFake(
		kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1},
		kafkaops.Topic{Name: "audit", Partitions: 1, ReplicationFactor: 1},
	))
}

func newCopy(t *testing.T, f *kafkaopstest.CopyFake, query string, w, h int) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewCopy(f, kittest.TestStyles(), "bankbranch", query), w, h)
	return s
}

func copies(f *kafkaopstest.CopyFake) []kafkaops.CopyRequest {
	f.Cmu.Lock()
	defer f.Cmu.Unlock()
	return append([]kafkaops.CopyRequest(nil), f.Requests...)
}

// TestCopyValidatesTheDestination: nothing is copied until the
// destination is a valid, existing topic with partitions enough for the
// options; each refusal says why.
func TestCopyValidatesTheDestination(t *testing.T) {
	f := copyFake()
	s := newCopy(t, f, "from:-1h atm", 80, 24)
	v := kittest.Plain(s)
	for _, want := range []string{"Copy matches of bankbranch", "query               atm", "window              since 1h ago to the end", "keep partitions     [ ] no"} {
		if !strings.Contains(v, want) {
			t.Errorf("the plan lacks %q:\n%s", want, v)
		}
	}
	s, out := kittest.Press(s, "enter")
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "name the topic to copy to") {
		t.Errorf("an empty destination: statuses %q", st)
	}
	s, out = kittest.Press(s, "bad name!", "enter")
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "copy:") || !strings.Contains(kittest.Plain(s), "bad name!") {
		t.Errorf("an invalid name: statuses %q", st)
	}
	for range len("bad name!") {
		s, _ = kittest.Press(s, "backspace")
	}
	s, _ = kittest.Press(s, "audit", "tab", "space", "enter")
	if v := kittest.Plain(s); !strings.Contains(v, "keep partitions needs 2 partitions in audit; it has 1") || !strings.Contains(v, "[x] yes") {
		t.Errorf("keep partitions into a smaller topic is not refused:\n%s", v)
	}
	if n := len(copies(f)); n != 0 {
		t.Fatalf("%d copies started from an invalid form", n)
	}
}

// TestCopyRunsWithProgress: enter starts Service.Copy with the query's
// window and filter and the options; progress shows copied, matched and
// scanned, and the end says how many were copied.
func TestCopyRunsWithProgress(t *testing.T) {
	f := copyFake()
	f.Events <- kafkaops.CopyEvent{Copied: 500, Scan: &kafkaops.ScanProgress{Matched: 700, Position: 4000, Total: 8000, ETA: 3e9}}
	s := newCopy(t, f, "from:@100 key:acct re:atm", 80, 24)
	s, _ = kittest.Press(s, "audit", "down", "down", "space", "enter")
	rs := copies(f)
	if len(rs) != 1 {
		t.Fatalf("%d copies started, want 1", len(rs))
	}
	r := rs[0]
	if r.To != "audit" || r.Scan.Topic != "bankbranch" || r.Scan.From.Kind != kafkaops.StartOffset || r.Scan.From.Offset != 100 ||
		r.Scan.Filter == nil || r.Scan.Filter.Text() != "key:acct re:atm" || r.KeepPartitions || !r.KeepTimestamps {
		t.Errorf("copy request %+v", r)
	}
	v := kittest.Plain(s)
	for _, want := range []string{"copying to audit", "500 records copied · 700 matched", "scanned 4,000/8,000 · ETA 3s", "50%"} {
		if !strings.Contains(v, want) {
			t.Errorf("the progress lacks %q:\n%s", want, v)
		}
	}
	if !s.(kit.EscHandler).HandlesEsc() || s.Capturing() {
		t.Error("a running copy must take esc and type nothing")
	}
	kittest.Golden(t, "copy-running-80x24.golden", blankRate(kittest.Plain(s)))
	s, out := kittest.Feed(s, kit.StreamMsg[kafkaops.CopyEvent]{ID: s.(*Copy).run.id,
		Events: []kafkaops.CopyEvent{{Copied: 1000, Done: true, Scan: &kafkaops.ScanProgress{Matched: 1000, Position: 8000, Total: 8000}}}})
	if st := kittest.Statuses(out); len(st) != 1 || st[0] != "copied 1,000 records to audit" {
		t.Errorf("the end's status %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "done: copied to audit") || !strings.Contains(v, "1,000 records copied") {
		t.Errorf("the end is not shown:\n%s", v)
	}
	if _, out := kittest.Press(s, "esc"); !kittest.HasPop(out) {
		t.Error("esc after the copy does not go back")
	}
}

// blankRate hides the measured pace, which depends on the clock.
func blankRate(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if j := strings.LastIndex(l, " · "); j >= 0 && strings.HasSuffix(l, " rec/s") {
			lines[i] = l[:j] + " · N rec/s"
		}
	}
	return strings.Join(lines, "\n")
}

// TestCopyEscStops: esc cancels the copy's context and keeps the count;
// a second esc goes back.
func TestCopyEscStops(t *testing.T) {
	f := copyFake()
	f.Events <- kafkaops.CopyEvent{Copied: 20}
	s := newCopy(t, f, "atm", 80, 24)
	s, _ = kittest.Press(s, "audit", "enter")
	s, out := kittest.Press(s, "esc")
	if kittest.HasPop(out) || !f.CopyCancelled() {
		t.Fatalf("esc did not stop the copy (pop %v, cancelled %v)", kittest.HasPop(out), f.CopyCancelled())
	}
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "copy stopped after 20 records") {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "stopped: what was copied to audit stays") {
		t.Errorf("the stop is not shown:\n%s", v)
	}
	if _, out = kittest.Press(s, "esc"); !kittest.HasPop(out) {
		t.Error("the second esc does not go back")
	}
}

// TestCopyOffersToCreateAMissingTopic: a destination that does not exist
// is created with the source's partitions when the user says y, then
// copied to; n goes back to the form.
func TestCopyOffersToCreateAMissingTopic(t *testing.T) {
	f := copyFake()
	f.Events <- kafkaops.CopyEvent{Copied: 1}
	s := newCopy(t, f, "atm", 80, 24)
	s, _ = kittest.Press(s, "atm-copy", "enter")
	if v := kittest.Plain(s); !strings.Contains(v, "no topic named atm-copy: create it with 2 partitions (as bankbranch)?") {
		t.Fatalf("no offer to create:\n%s", v)
	}
	s, _ = kittest.Press(s, "n")
	if s.(*Copy).phase != phasePlan || len(f.Created) != 0 {
		t.Fatal("n did not go back to the form")
	}
	_, _ = kittest.Press(s, "enter", "y")
	if len(f.Created) != 1 || f.Created[0].Name != "atm-copy" || f.Created[0].Partitions != 2 || f.Created[0].ReplicationFactor != 1 {
		t.Fatalf("created %+v", f.Created)
	}
	if rs := copies(f); len(rs) != 1 || rs[0].To != "atm-copy" {
		t.Fatalf("the copy did not start into the new topic: %+v", rs)
	}
}

// TestCopyFailureSaysWhy: an error from the service is shown in words.
func TestCopyFailureSaysWhy(t *testing.T) {
	f := copyFake()
	f.CopyErr = errors.New("copy to \"audit\": broker gone")
	s := newCopy(t, f, "atm", 80, 24)
	s, out := kittest.Press(s, "audit", "enter")
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "broker gone") {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "failed: copy to \"audit\": broker gone") {
		t.Errorf("the failure is not shown:\n%s", v)
	}
}

// TestCopyPlanFits: the plan at 80x24 (golden) and every size.
func TestCopyPlanFits(t *testing.T) {
	s := newCopy(t, copyFake(), "from:-1h atm", 80, 24)
	s, _ = kittest.Press(s, "atm-copy")
	kittest.Golden(t, "copy-plan-80x24.golden", kittest.Plain(s))
	kittest.FitsEverySize(t, "copy", func() kit.Screen { return NewCopy(copyFake(), kittest.TestStyles(), "bankbranch", "atm") })
}

// TestCopyCreateFailureSaysWhy: a refused create of the destination is
// said with the copy's prefix, like every other refusal, and nothing is
// copied.
func TestCopyCreateFailureSaysWhy(t *testing.T) {
	f := copyFake()
	f.CreateErr = errors.New("not authorized to create topics")
	s := newCopy(t, f, "atm", 80, 24)
	s, out := kittest.Press(s, "atm-copy", "enter", "y")
	if st := kittest.Statuses(out); len(st) != 1 || st[0] != "copy: could not create atm-copy: not authorized to create topics" {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "could not create atm-copy") || len(copies(f)) != 0 || s.(*Copy).phase != phasePlan {
		t.Errorf("the failure is not shown, or a copy started (%d):\n%s", len(copies(f)), v)
	}
}

// TestCopyFailureIsSanitized: a failure's text from the cluster reaches
// the screen with its control bytes made harmless.
func TestCopyFailureIsSanitized(t *testing.T) {
	f := copyFake()
	f.CopyErr = errors.New("broker \x1b[2J gone")
	s := newCopy(t, f, "atm", 80, 24)
	s, _ = kittest.Press(s, "audit", "enter")
	if v := s.View(); strings.Contains(v, "\x1b[2J") || !strings.Contains(kittest.Plain(s), "failed: broker") {
		t.Errorf("the failure reached the terminal raw: %q", v)
	}
}
