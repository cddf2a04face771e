package tail

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestTailFollowsThenHoldsStill(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{}) // 9 rows
	deliver(tl, kafkaopstest.Records(0, 0, 20))
	if !tl.view.follow || tl.view.scroll.Cursor != 19 {
		t.Fatalf("following: cursor %d follow %v", tl.view.scroll.Cursor, tl.view.follow)
	}
	v := kittest.Plain(tl)
	if !strings.Contains(v, `{"n":19}`) || strings.Contains(v, `{"n":10}`) {
		t.Fatalf("the newest rows should show at the bottom:\n%s", v)
	}
	if !strings.Contains(v, "following") {
		t.Errorf("status should say following:\n%s", v)
	}

	// Up stops following: new records leave the view where it is.
	tl, _ = asTail(kittest.Press(tl, "up"))
	if tl.view.follow {
		t.Fatal("up should stop following")
	}
	before := kittest.Plain(tl)
	deliver(tl, kafkaopstest.Records(0, 20, 5))
	r, _ := tl.selected()
	if r.Offset != 18 {
		t.Errorf("cursor moved to offset %d, want it to stay on 18", r.Offset)
	}
	if got := rowsOf(kittest.Plain(tl)); got != rowsOf(before) {
		t.Errorf("the rows moved while scrolled up:\n%s\n---\n%s", got, rowsOf(before))
	}
	if !strings.Contains(kittest.Plain(tl), "scrolled (G follows)") {
		t.Errorf("status should say scrolled:\n%s", kittest.Plain(tl))
	}

	// G resumes following.
	tl, _ = asTail(kittest.Press(tl, "G"))
	deliver(tl, kafkaopstest.Records(0, 25, 1))
	if r, _ := tl.selected(); !tl.view.follow || r.Offset != 25 {
		t.Errorf("G should follow again: follow %v, offset %d", tl.view.follow, r.Offset)
	}
}

func TestTailScrolledViewSurvivesDrops(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{Buffer: 30})
	deliver(tl, kafkaopstest.Records(0, 0, 30))
	tl, _ = asTail(kittest.Press(tl, "up", "up"))
	r, _ := tl.selected()
	if r.Offset != 27 {
		t.Fatalf("offset %d", r.Offset)
	}
	deliver(tl, kafkaopstest.Records(0, 30, 10)) // drops 10 from the front
	if r, _ := tl.selected(); r.Offset != 27 {
		t.Errorf("after drops the cursor is on %d, want 27", r.Offset)
	}
	deliver(tl, kafkaopstest.Records(0, 40, 40)) // 27 itself is dropped
	if r, _ := tl.selected(); r.Offset != 50 {
		t.Errorf("once its record is gone the cursor goes to the oldest held (50), got %d", r.Offset)
	}
}

// rowsOf drops the status bar, whose counters change.
func rowsOf(v string) string {
	lines := strings.Split(v, "\n")
	return strings.Join(lines[:len(lines)-1], "\n")
}

func asTail(s kit.Screen, _ []tea.Msg) (*Tail, []tea.Msg) { return s.(*Tail), nil }

func TestTailPauseHoldsViewWhileCountersCount(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{Buffer: 50})
	deliver(tl, kafkaopstest.Records(0, 0, 10))
	tl, _ = asTail(kittest.Press(tl, "space"))
	if !tl.list.paused || !strings.Contains(kittest.Plain(tl), "PAUSED") {
		t.Fatalf("space should pause:\n%s", kittest.Plain(tl))
	}
	before := rowsOf(kittest.Plain(tl))
	deliver(tl, kafkaopstest.Records(0, 10, 100))
	if got := rowsOf(kittest.Plain(tl)); got != before {
		t.Errorf("the paused view changed:\n%s\n---\n%s", got, before)
	}
	v := kittest.Plain(tl)
	for _, want := range []string{"received 110", "dropped 60", "shown 10/50"} {
		if !strings.Contains(v, want) {
			t.Errorf("paused status should say %q:\n%s", want, v)
		}
	}
	tl.opts.Now = func() time.Time { return kafkaopstest.TailEpoch.Add(time.Hour + time.Second) }
	tl.updateRate()
	tl.opts.Now = func() time.Time { return kafkaopstest.TailEpoch.Add(time.Hour + 2*time.Second) }
	deliver(tl, kafkaopstest.Records(0, 110, 20))
	tl.updateRate()
	if !strings.Contains(kittest.Plain(tl), "20/s") {
		t.Errorf("the rate should count while paused:\n%s", kittest.Plain(tl))
	}
	tl, _ = asTail(kittest.Press(tl, "space"))
	if tl.list.paused || !strings.Contains(kittest.Plain(tl), `{"n":129}`) {
		t.Errorf("space should resume on the newest:\n%s", kittest.Plain(tl))
	}
}

func TestTailFilterKeys(t *testing.T) {
	tl, _ := newTestTail(100, 14, TailOptions{})
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 0, "a", `{"type":"withdrawal","amount":20}`),
		kafkaopstest.TestRecord(0, 1, "b", `{"type":"deposit","amount":30}`),
		kafkaopstest.TestRecord(1, 0, "c", `{"type":"withdrawal","amount":40}`),
	}})
	tl, _ = asTail(kittest.Press(tl, "/", "type=withdrawal"))
	if !tl.Capturing() {
		t.Fatal("the filter input should capture keys")
	}
	tl, _ = asTail(kittest.Press(tl, "enter"))
	v := kittest.Plain(tl)
	if strings.Contains(v, "deposit") || !strings.Contains(v, `"amount":40`) || !strings.Contains(v, "shown 2/") {
		t.Errorf("filter type=withdrawal:\n%s", v)
	}
	if !strings.Contains(v, "filter field type = withdrawal") {
		t.Errorf("status should name the filter:\n%s", v)
	}
	// New records are filtered as they arrive.
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 2, "d", `{"type":"deposit","amount":50}`),
		kafkaopstest.TestRecord(0, 3, "e", `{"type":"withdrawal","amount":60}`),
	}})
	if v := kittest.Plain(tl); strings.Contains(v, `"amount":50`) || !strings.Contains(v, `"amount":60`) {
		t.Errorf("new records should be filtered:\n%s", v)
	}
	if !tl.HandlesEsc() {
		t.Error("esc should clear the filter first")
	}
	tl, _ = asTail(kittest.Press(tl, "esc"))
	if tl.list.filter != nil || !strings.Contains(kittest.Plain(tl), `"amount":50`) {
		t.Errorf("esc should clear the filter:\n%s", kittest.Plain(tl))
	}
	// A regexp that does not compile yet is said, and enter keeps the input open.
	tl, out := asTail(kittest.Press(tl, "/", "re:(", "enter"))
	if !tl.mode.filtering() || !strings.Contains(kittest.Plain(tl), "missing closing )") {
		t.Errorf("a bad regexp should be said:\n%s %v", kittest.Plain(tl), out)
	}
}

func TestTailClear(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	deliver(tl, kafkaopstest.Records(0, 0, 10))
	tl, out := asTail(kittest.Press(tl, "x"))
	_ = out
	v := kittest.Plain(tl)
	if tl.list.buf.Len() != 0 || !strings.Contains(v, "received 10") || !strings.Contains(v, "shown 0/") {
		t.Errorf("x should empty the buffer and keep the counters:\n%s", v)
	}
	deliver(tl, kafkaopstest.Records(0, 10, 2))
	if tl.list.buf.Len() != 2 || !strings.Contains(kittest.Plain(tl), "received 12") {
		t.Errorf("after a clear new records show:\n%s", kittest.Plain(tl))
	}
}

func TestTailExport(t *testing.T) {
	dir := t.TempDir()
	// Wide enough for the whole message with a temporary directory's
	// path; TestTailExportStatusNeverCutsTheName covers narrow screens.
	tl, _ := newTestTail(160, 12, TailOptions{ExportDir: dir})
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 7, "k1", `{"type":"withdrawal"}`, kafkaops.Header{Key: "h", Value: []byte("v")}),
		kafkaopstest.TestRecord(1, 8, "", "\xff\x00bin"),
		kafkaopstest.TestRecord(1, 9, "k3", `{"type":"deposit"}`),
	}})
	tl, _ = asTail(kittest.Press(tl, "/", "re:withdrawal|bin", "enter"))
	_, out := kittest.Feed(tl, kittest.KeyMsgs("e")[0])
	st := kittest.Statuses(out)
	if len(st) != 1 || !strings.HasPrefix(st[0], "exported 2 records to "+dir) {
		t.Fatalf("status %q", st)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "kscope-tail-bankbranch-*.jsonl"))
	if len(matches) != 1 {
		t.Fatalf("export files: %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	first := lines[0]
	want := map[string]any{
		"topic": "bankbranch", "partition": 0.0, "offset": 7.0, "tstype": "create",
		"ts":  float64(kafkaopstest.TailEpoch.Add(7 * 250 * time.Millisecond).UnixMilli()),
		"key": "k1", "payload": `{"type":"withdrawal"}`,
	}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %v, want %v", k, first[k], v)
		}
	}
	if h, _ := first["headers"].([]any); len(h) != 2 || h[0] != "h" || h[1] != "v" {
		t.Errorf("headers %v, want [h v] as kcat -J writes them", first["headers"])
	}
	second := lines[1]
	if second["key"] != nil || second["payload"] != "/wBiaW4=" || second["payload_encoding"] != "base64" {
		t.Errorf("binary record: %v", second)
	}
}

func TestTailExportNameAndFallback(t *testing.T) {
	got := exportName("a/b\x1b..c", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	if got != "kscope-tail-a_b_..c-20240102-030405.jsonl" {
		t.Errorf("name %q", got)
	}
	dir := t.TempDir()
	p1, err1 := writeExport(dir, "x.jsonl", nil)
	p2, err2 := writeExport(dir, "x.jsonl", nil)
	if err1 != nil || err2 != nil || p1 == p2 || !strings.HasSuffix(p2, "x-2.jsonl") {
		t.Errorf("second export in the same second: %q %v, %q %v", p1, err1, p2, err2)
	}
}

func TestTailOpenRecordAndCopy(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(1, 42, "atm-1", `{"atmid":1,"type":"withdrawal","nested":{"a":[1,true,null]}}`,
			kafkaops.Header{Key: "source", Value: []byte("atm\x1b[31m")}),
	}})
	_, out := kittest.Feed(tl, kittest.KeyMsgs("enter")[0])
	if len(out) != 1 {
		t.Fatalf("enter: %v", out)
	}
	nav, ok := out[0].(kit.NavigateMsg)
	if !ok || nav.Route.Kind != kit.RouteRecord || nav.Route.Record == nil {
		t.Fatalf("enter: %#v", out[0])
	}
	d := NewTailRecord(kittest.TestStyles(), *nav.Route.Record, time.UTC)
	d.SetSize(80, 20)
	v := kittest.Plain(d)
	for _, want := range []string{
		"bankbranch · partition 1 · offset 42", "key        atm-1", "source = atm\\x1b[31m",
		"value 60 bytes (JSON)", `  "atmid": 1,`, `  "nested": {`, `      true,`,
	} {
		if !strings.Contains(v, want) {
			t.Errorf("detail should show %q:\n%s", want, v)
		}
	}
	// c copies the value: an OSC 52 command and a status.
	_, out = kittest.Feed(d, kittest.KeyMsgs("c")[0])
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "copied the value (60 bytes)") {
		t.Errorf("copy status %q", st)
	}
	_, out = kittest.Press(d, "esc")
	if len(out) != 1 {
		t.Errorf("esc should pop: %v", out)
	}
}

func TestTailRecordBinaryHex(t *testing.T) {
	d := NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(0, 1, "", "\x00\x01\xffABC"), time.UTC)
	d.SetSize(80, 20)
	v := kittest.Plain(d)
	if !strings.Contains(v, "value (hex)") || !strings.Contains(v, "00000000  00 01 ff 41 42 43") || !strings.Contains(v, "|...ABC|") {
		t.Errorf("binary value as hex:\n%s", v)
	}
	if !strings.Contains(v, "(null)") {
		t.Errorf("a null key says so:\n%s", v)
	}
}

func TestTailStartsAndRestartsFrom(t *testing.T) {
	f := kafkaopstest.NewTailFake()
	tl := NewTail(f, kittest.TestStyles(), TailOptions{Topic: "bankbranch", Args: "beginning partition 1"})
	s, _ := kittest.Start(t, tl, 100, 12)
	tl = s.(*Tail)
	if len(f.Requests) != 1 || f.Requests[0].Start != kafkaops.StartBeginning || len(f.Requests[0].Partitions) != 1 {
		t.Fatalf("requests %+v", f.Requests)
	}
	if !strings.Contains(kittest.Plain(tl), "from the beginning · partition 1") {
		t.Errorf("title should say where it started:\n%s", kittest.Plain(tl))
	}
	tl.Close()
	tl, _ = asTail(kittest.Press(tl, "f"))
	if !tl.Capturing() || tl.mode.input.Value() != "beginning partition 1" {
		t.Fatalf("f opens the prompt with the current start: %q", tl.mode.input.Value())
	}
	tl, out := asTail(kittest.Press(tl, "ctrl+u"))
	_ = out
	tl.mode.input.SetValue("")
	tl, _ = asTail(kittest.Press(tl, "nonsense", "enter"))
	if !tl.mode.prompting() || !strings.Contains(kittest.Plain(tl), "cannot read start") {
		t.Errorf("a bad start keeps the prompt and says why:\n%s", kittest.Plain(tl))
	}
	tl.mode.input.SetValue("")
	tl, _ = asTail(kittest.Press(tl, "-3", "enter"))
	f.Tmu.Lock()
	n := len(f.Requests)
	last := f.Requests[n-1]
	f.Tmu.Unlock()
	if tl.mode.prompting() || n != 2 || last.Start != kafkaops.StartLastN || last.Offset != 3 || len(last.Partitions) != 0 {
		t.Errorf("restart: prompting %v, requests %+v", tl.mode.prompting(), f.Requests)
	}
	tl.Close()
}

func TestTailBadArgsAndFailedStart(t *testing.T) {
	f := kafkaopstest.NewTailFake()
	tl := NewTail(f, kittest.TestStyles(), TailOptions{Topic: "bankbranch", Args: "yesterday"})
	s, out := kittest.Start(t, tl, 100, 12)
	if len(f.Requests) != 0 {
		t.Error("a bad start must not start a tail")
	}
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "cannot read start") {
		t.Errorf("status %q", st)
	}
	if !strings.Contains(kittest.Plain(s), "Press f to choose a start") || !strings.Contains(kittest.Plain(s), "yesterday") {
		t.Errorf("view:\n%s", kittest.Plain(s))
	}

	f = kafkaopstest.NewTailFake()
	f.TailErr = errors.New("no such topic")
	s, out = kittest.Start(t, NewTail(f, kittest.TestStyles(), TailOptions{Topic: "nope"}), 100, 12)
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "no such topic") {
		t.Errorf("status %q", st)
	}
	if !strings.Contains(kittest.Plain(s), "The tail stopped") {
		t.Errorf("view:\n%s", kittest.Plain(s))
	}
}

func TestTailReconnectingStatus(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	deliver(tl, kafkaopstest.Records(0, 0, 3), kafkaops.TailBatch{Reconnecting: true, ConnErr: errors.New("connection refused")})
	if !strings.Contains(kittest.Plain(tl), "reconnecting…") {
		t.Errorf("status should say reconnecting:\n%s", kittest.Plain(tl))
	}
	deliver(tl, kafkaops.TailBatch{Reconnected: true}, kafkaopstest.Records(0, 3, 1))
	if strings.Contains(kittest.Plain(tl), "reconnecting") || tl.list.buf.Len() != 4 {
		t.Errorf("reconnected:\n%s", kittest.Plain(tl))
	}
	// The end of the stream stops re-arming.
	tl.Update(tailBatchMsg{id: tl.stream.id, closed: true})
	if !strings.Contains(kittest.Plain(tl), "ended") {
		t.Errorf("closed stream:\n%s", kittest.Plain(tl))
	}
	// A stale stream's batches are dropped.
	tl.Update(tailBatchMsg{id: tl.stream.id + 1000, batches: []kafkaops.TailBatch{kafkaopstest.Records(0, 9, 5)}})
	if tl.list.buf.Len() != 4 {
		t.Error("a stale delivery was taken in")
	}
}

func TestWaitForBatchCoalesces(t *testing.T) {
	ch := make(chan kafkaops.TailBatch, 100)
	for i := 0; i < 50; i++ {
		ch <- kafkaopstest.Records(0, int64(i*10), 10)
	}
	// Already queued: all of it in one delivery, at once.
	start := time.Now()
	msg := waitForBatch(1, ch, time.Time{})().(tailBatchMsg)
	if len(msg.batches) != 50 || msg.closed {
		t.Errorf("one delivery should carry the 50 queued batches, got %d", len(msg.batches))
	}
	// The next delivery waits out the frame, gathering what comes.
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := 0; i < 5; i++ {
			ch <- kafkaopstest.Records(0, 0, 1)
			time.Sleep(time.Millisecond)
		}
	}()
	msg2 := waitForBatch(1, ch, msg.at)().(tailBatchMsg)
	if gap := msg2.at.Sub(msg.at); gap < TailFrameInterval {
		t.Errorf("deliveries %v apart, want at least %v", gap, TailFrameInterval)
	}
	if len(msg2.batches) < 2 {
		t.Errorf("the second delivery should gather the trickle, got %d batches", len(msg2.batches))
	}
	_ = start
	// The trickle may outlast the delivery on a busy machine: close the
	// channel only once it is all sent, or the sender panics.
	<-sent
	close(ch)
	if m := waitForBatch(1, ch, time.Time{})().(tailBatchMsg); !m.closed {
		t.Error("a closed channel should say so")
	}
}

// hostileValues are keys, values and headers meant to break a terminal.
var hostileValues = []string{
	"\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x9b31m", "a\u202ereversed", "tab\there", "nl\nnl\r\n",
	"\u200bzero", "wide 日本語 🎉", "e\u0301 combining", "\xff\xfe\x00", "\x1b]52;c;aGk=\x07", "\u0085nel",
}

func TestTailHostileRows(t *testing.T) {
	tl, _ := newTestTail(100, 20, TailOptions{})
	var b kafkaops.TailBatch
	for i, h := range hostileValues {
		b.Records = append(b.Records, kafkaopstest.TestRecord(0, int64(i), h, h, kafkaops.Header{Key: h, Value: []byte(h)}))
	}
	deliver(tl, b)
	checkRows(t, tl.View(), 100)
}

// checkRows asserts no control character reaches the output other than
// SGR styles and line breaks, and every line is w cells wide at most.
func checkRows(t *testing.T, out string, w int) {
	t.Helper()
	stripped := ansi.Strip(out)
	for _, r := range stripped {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)) {
			t.Fatalf("control %U in the output:\n%q", r, stripped)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if lw := lipgloss.Width(l); lw > w {
			t.Fatalf("line is %d cells, more than %d: %q", lw, w, l)
		}
	}
}

// FuzzTailRow: arbitrary bytes as key, value and header never put ESC or
// another C0/C1 control into a rendered row, and never change its width.
func FuzzTailRow(f *testing.F) {
	for _, h := range hostileValues {
		f.Add([]byte(h), []byte(h), []byte(h))
	}
	f.Add([]byte(`{"a":"\u001b[31m"}`), []byte(`{"a":"\u009b"}`), []byte{0xc2, 0x9b})
	f.Fuzz(func(t *testing.T, key, value, header []byte) {
		tl, _ := newTestTail(90, 6, TailOptions{})
		r := kafkaops.Record{Topic: "t", Partition: 3, Offset: 12345, Timestamp: kafkaopstest.TailEpoch, Key: key, Value: value,
			Headers: []kafkaops.Header{{Key: string(header), Value: header}}}
		deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{r, r}})
		out := tl.View()
		lines := strings.Split(out, "\n")
		// Rows 2 and 3: the unselected and the selected record.
		for _, l := range lines[2:4] {
			if w := lipgloss.Width(l); w != 90 {
				t.Fatalf("row is %d cells, want 90: %q", w, l)
			}
			plainRow := ansi.Strip(l)
			if !utf8.ValidString(plainRow) {
				t.Fatalf("row is not UTF-8: %q", plainRow)
			}
			for _, c := range plainRow {
				if c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) {
					t.Fatalf("control %U in row %q", c, plainRow)
				}
			}
			if strings.Count(l, "\x1b") != strings.Count(l, "\x1b[") {
				t.Fatalf("an escape other than CSI in %q", l)
			}
		}
		// The detail screen holds no raw control either.
		d := NewTailRecord(kittest.TestStyles(), r, time.UTC)
		d.SetSize(60, 40)
		checkRows(t, d.View(), 60)
	})
}

func TestTailGolden(t *testing.T) {
	tl, _ := newTestTail(100, 30, TailOptions{})
	recs := []kafkaops.Record{
		kafkaopstest.TestRecord(0, 100, "atm-1", `{"atmid": 1, "transid": 101, "amount": 20, "type": "withdrawal"}`),
		kafkaopstest.TestRecord(1, 7, "atm-2", `{"atmid":2,"transid":102,"amount":50.05,"type":"transfer","note":"a\"quoted\" \\ path"}`,
			kafkaops.Header{Key: "source", Value: []byte("atm")}),
		kafkaopstest.TestRecord(0, 101, "", "plain text value"),
		kafkaopstest.TestRecord(1, 8, "bin", "\x00\x01\x02\xff\xfebinary"),
		kafkaopstest.TestRecord(0, 102, "\x1b[2Jclear", "\x1b]0;pwned\x07 title \x1b[31mred\x9b tab\tnl\n"),
		kafkaopstest.TestRecord(1, 9, "bidi", "user \u202eexe.txt wide 日本語 🎉"),
		kafkaopstest.TestRecord(1, 11, "esc", "\x1b[31mred\x1b[0m \u009b2J \x1b]52;c;aGk=\x07 tab\tnl\n"),
		kafkaopstest.TestRecord(0, 103, "", ""),
		kafkaopstest.TestRecord(1, 10, "long-key-that-does-not-fit-the-column", strings.Repeat("long value ", 30)),
		noTimestamp(kafkaopstest.TestRecord(0, 104, "v0", "a message without a timestamp")),
	}
	deliver(tl, kafkaops.TailBatch{Records: recs})
	tl.rate.perSecond = 2.5
	kittest.Golden(t, "tail_100x30.golden", kittest.Plain(tl))
	checkRows(t, tl.View(), 100)

	tl.SetSize(80, 24)
	tl, _ = asTail(kittest.Press(tl, "up", "up", "up", "/", "atm", "enter"))
	kittest.Golden(t, "tail_filtered_80x24.golden", kittest.Plain(tl))

	d := NewTailRecord(kittest.TestStyles(), recs[1], time.UTC)
	d.SetSize(80, 20)
	kittest.Golden(t, "tailrecord_80x20.golden", kittest.Plain(d))
}

// noTimestamp takes r's timestamp away, as kafkaops decodes Kafka's -1.
func noTimestamp(r kafkaops.Record) kafkaops.Record {
	r.Timestamp = time.Time{}
	return r
}

// A record without a timestamp (Kafka's -1, decoded as the zero time)
// shows "—" in its row and "— (no timestamp)" in the detail, never an
// instant of 1969; the export says tstype none, ts -1, as kcat -J does.
func TestTailNoTimestamp(t *testing.T) {
	for _, wide := range []bool{false, true} {
		for _, ts := range []time.Time{{}, time.UnixMilli(-1)} {
			if got := formatStamp(ts, time.UTC, wide); got != "—" {
				t.Errorf("formatStamp(%v, wide %v) = %q, want —", ts, wide, got)
			}
		}
	}
	if got := formatStamp(time.UnixMilli(0), time.UTC, false); got != "00:00:00.000" {
		t.Errorf("the epoch is a timestamp: %q", got)
	}
	tl, _ := newTestTail(130, 10, TailOptions{})
	r := noTimestamp(kafkaopstest.TestRecord(0, 5, "v0", "legacy"))
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{r}})
	row := lineWith(kittest.Plain(tl), "legacy")
	if !strings.HasPrefix(strings.TrimLeft(row, "▸ "), "—") || strings.Contains(kittest.Plain(tl), "1969") || strings.Contains(kittest.Plain(tl), "1970") {
		t.Errorf("row should start with —:\n%s", kittest.Plain(tl))
	}
	d := NewTailRecord(kittest.TestStyles(), r, time.UTC)
	d.SetSize(80, 20)
	if line := lineWith(kittest.Plain(d), "timestamp"); !strings.Contains(line, "— (no timestamp)") {
		t.Errorf("detail timestamp line %q, want — (no timestamp)", line)
	}
	k := toKcat(&r)
	if k.TSType != "none" || k.TS != -1 {
		t.Errorf("export tstype %q ts %d, want none -1", k.TSType, k.TS)
	}
}

// lineWith returns the first line of s that contains text.
func lineWith(s, text string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// View only reads: Update and SetSize make the frame ready. A frame
// drawn twice is the same, and the tail's state is as it was before.
func TestTailViewChangesNothing(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{Buffer: 40})
	snapshot := func() string {
		return fmt.Sprintf("%+v %+v %d %d %d %d %v %d", tl.view, tl.stream, tl.rows.keyW, tl.rows.offsetW, tl.rows.maxPart,
			len(tl.rows.cells), tl.list.paused, tl.list.shownLen())
	}
	check := func(what string) {
		t.Helper()
		before := snapshot()
		first := tl.View()
		if after := snapshot(); after != before {
			t.Errorf("%s: View changed the state:\n%s\n---\n%s", what, before, after)
		}
		if second := tl.View(); second != first {
			t.Errorf("%s: a second frame differs", what)
		}
	}
	check("empty")
	deliver(tl, kafkaopstest.Records(0, 0, 30), kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(3, 123456, "a-rather-long-key", "v")}})
	check("following")
	tl, _ = asTail(kittest.Press(tl, "up", "up", "space"))
	deliver(tl, kafkaopstest.Records(1, 0, 30))
	check("paused")
	tl, _ = asTail(kittest.Press(tl, "space", "/", "n", "enter"))
	check("filtered")
	tl.SetSize(60, 8)
	check("resized")
}

// The stream's messages go to the tail that started it, and to no other
// screen: its start and every re-armed wait for a batch are addressed.
func TestTailStreamIsAddressed(t *testing.T) {
	tl := NewTail(kafkaopstest.NewTailFake(), kittest.TestStyles(), TailOptions{Topic: "bankbranch"})
	started, ok := tl.start()().(kit.AddressedMsg)
	if !ok || started.To != tl.Address() {
		t.Fatalf("start answered %#v, want it addressed to the tail %d", started, tl.Address())
	}
	if _, ok := started.Msg.(tailStartedMsg); !ok {
		t.Fatalf("start answered %#v", started.Msg)
	}
	ch := make(chan kafkaops.TailBatch, 2)
	_, wait := tl.Update(tailStartedMsg{id: tl.stream.id, ch: ch})
	for range 2 {
		ch <- kafkaopstest.Records(0, 0, 1)
		got, ok := wait().(kit.AddressedMsg)
		if !ok || got.To != tl.Address() {
			t.Fatalf("a batch arrived as %#v, want it addressed to the tail %d", got, tl.Address())
		}
		batch, ok := got.Msg.(tailBatchMsg)
		if !ok || len(batch.batches) != 1 {
			t.Fatalf("a batch arrived as %#v", got.Msg)
		}
		// The delivery re-arms the wait, addressed again.
		_, wait = tl.Update(batch)
	}
	tl.Close()
}

// TestTailSearchesTheWholeTopic: S opens the search of the whole topic
// with the filter in use, since the ring holds only the newest records.
func TestTailSearchesTheWholeTopic(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	deliver(tl, kafkaopstest.Records(0, 0, 3))
	tl, _ = asTail(kittest.Press(tl, "/", "re:atm", "enter"))
	_, out := kittest.Feed(tl, kittest.KeyMsgs("S")[0])
	var nav []kit.Route
	for _, m := range out {
		if n, ok := m.(kit.NavigateMsg); ok {
			nav = append(nav, n.Route)
		}
	}
	if len(nav) != 1 || nav[0].Kind != kit.RouteSearch || nav[0].Topic != "bankbranch" || nav[0].Args != "re:atm" {
		t.Fatalf("S navigated to %+v, want the search of bankbranch with re:atm", nav)
	}
}

// On a body narrower than a 16-byte hex line (78 cells) the hex view
// shows 8 bytes a line, each line whole, rather than wrapping the ASCII
// column onto a line of its own; at 80 it shows 16.
func TestTailRecordHexFitsNarrowBodies(t *testing.T) {
	d := NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(0, 1, "", "\x00\x01\xffABCDEFGHIJKLMNOP"), time.UTC)
	d.SetSize(60, 20)
	v := kittest.Plain(d)
	for _, want := range []string{"00000000  00 01 ff 41 42 43 44 45  |...ABCDE|", "00000008  46 47 48 49 4a 4b 4c 4d  |FGHIJKLM|"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60 columns the hex view lacks %q:\n%s", want, v)
		}
	}
	d.SetSize(80, 20)
	if v := kittest.Plain(d); !strings.Contains(v, "00000000  00 01 ff 41 42 43 44 45  46 47 48 49 4a 4b 4c 4d  |...ABCDEFGHIJKLM|") {
		t.Errorf("at 80 columns:\n%s", v)
	}
}

// The record's full help names ctrl+n and ctrl+p once each.
func TestTailRecordFullHelpNamesEachKeyOnce(t *testing.T) {
	d := NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(0, 1, "k", "v"), time.UTC)
	got := kit.KeyHints(d.FullHelp()[1])
	if !strings.Contains(got, "ctrl+n next record") || !strings.Contains(got, "ctrl+p previous record") || strings.Contains(got, "ctrl+n/p") {
		t.Errorf("full help: %q", got)
	}
}
