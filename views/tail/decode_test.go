package tail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// fakeDecoder decodes wire-format values by schema id (the 5th byte): id
// 1 decodes, id 2 fails, id 3 is pending until ready is set.
type fakeDecoder struct {
	mu    sync.Mutex
	ready bool
	calls int
}

func (f *fakeDecoder) Decode(ctx context.Context, data []byte) ([]byte, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if len(data) < 5 || data[0] != 0 {
		return nil, "", kafkaops.ErrNotEncoded
	}
	switch data[4] {
	case 1:
		return []byte(`{"atm":"ATM-` + string(data[5:]) + `","amount":12.5}`), "bankbranch-avro-value v1 id 1 (AVRO)", nil
	case 3:
		if f.ready {
			return []byte(`{"late":true}`), "late-value v2 id 3 (AVRO)", nil
		}
		return nil, "", fmt.Errorf("schema id 3: %w", kafkaops.ErrDecodePending)
	case 4: // a registry that answers 503 until ready
		if f.ready {
			return []byte(`{"back":true}`), "back-value v1 id 4 (AVRO)", nil
		}
		return nil, "", kafkaops.DecodeUnavailable(errors.New("schema id 4: registry unavailable: 503 Service Unavailable"))
	}
	return nil, "", fmt.Errorf("schema id %d is not in the registry", data[4])
}

func wire(id byte, payload string) string { return string([]byte{0, 0, 0, 0, id}) + payload }

// deliverDecoded delivers batch through the stream's real delivery
// command, which decodes off the UI goroutine.
func deliverDecoded(t *testing.T, tl *Tail, batch kafkaops.TailBatch) {
	t.Helper()
	ch := make(chan kafkaops.TailBatch, 1)
	ch <- batch
	tl.stream.ch = ch
	tl.Update(tl.stream.next()())
}

// Issue 14: schema-encoded values show decoded in the rows and the
// detail; one that cannot be decoded shows raw, the reason in its detail;
// one whose schema is pending shows raw and is decoded when opened.
func TestTailDecodesSchemaValues(t *testing.T) {
	dec := &fakeDecoder{}
	tl, _ := newTestTail(120, 12, TailOptions{Decoder: dec})
	deliverDecoded(t, tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 0, "k0", wire(1, "7")),
		kafkaopstest.TestRecord(0, 1, "k1", wire(2, "zz")),
		kafkaopstest.TestRecord(0, 2, "k2", `{"plain":1}`),
		kafkaopstest.TestRecord(0, 3, "k3", wire(3, "p")),
		kafkaopstest.TestRecord(0, 4, "k4", wire(3, "q")),
	}})
	if dec.calls != 3 {
		t.Errorf("%d decoder calls, want 3: ids 1 and 2, and id 3 once while pending", dec.calls)
	}
	v := kittest.Plain(tl)
	row := func(key string) string {
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, key+" ") {
				return l
			}
		}
		t.Fatalf("no row for %s:\n%s", key, v)
		return ""
	}
	if r := row("k0"); !strings.Contains(r, `{"atm":"ATM-7","amount":12.5}`) {
		t.Errorf("decoded row: %q", r)
	}
	if r := row("k1"); strings.Contains(r, "{") || !strings.Contains(r, "7a 7a") && !strings.Contains(r, "zz") {
		t.Errorf("undecodable row should show the raw value: %q", r)
	}
	if r := row("k2"); !strings.Contains(r, `{"plain":1}`) {
		t.Errorf("plain row: %q", r)
	}
	if r := row("k3"); strings.Contains(r, "late") {
		t.Errorf("pending row should show raw: %q", r)
	}

	// The detail of the decoded record: pretty JSON and the schema; h
	// shows the raw bytes.
	rec, _ := tl.list.shownAt(0)
	d := NewTailRecord(kittest.TestStyles(), *rec, time.UTC)
	dv := kittest.Plain(d)
	for _, want := range []string{"bankbranch-avro-value v1 id 1 (AVRO)", `"amount": 12.5`, `"atm": "ATM-7"`, "value 6 bytes (schema-encoded)"} {
		if !strings.Contains(dv, want) {
			t.Errorf("detail lacks %q:\n%s", want, dv)
		}
	}
	s, _ := kittest.Press(d, "h")
	if hv := kittest.Plain(s); !strings.Contains(hv, "00 00 00 00 01 37") || strings.Contains(hv, "amount") {
		t.Errorf("h should show the raw bytes:\n%s", hv)
	}

	// The undecodable record's detail gives the reason.
	rec, _ = tl.list.shownAt(1)
	dv = kittest.Plain(NewTailRecord(kittest.TestStyles(), *rec, time.UTC))
	if !strings.Contains(dv, "not decoded: schema id 2 is not in the registry") {
		t.Errorf("detail lacks the reason:\n%s", dv)
	}

	// The pending one is decoded when opened, off the UI goroutine.
	dec.mu.Lock()
	dec.ready = true
	dec.mu.Unlock()
	tl.view.unfollow()
	tl.view.scroll.MoveTo(3)
	_, out := kittest.Feed(tl, kittest.KeyMsgs("enter")[0])
	nav := kittest.Navigations(out)
	if len(nav) != 1 || string(nav[0].Record.Decoded) != `{"late":true}` || nav[0].Record.Schema != "late-value v2 id 3 (AVRO)" {
		t.Fatalf("opening a pending record: %v", out)
	}
}

// A schema that stays pending gives up at the detail's bound, with the
// reason, and does not spin.
func TestDetailDecodeGivesUpOnPending(t *testing.T) {
	dec := &fakeDecoder{}
	r := kafkaopstest.TestRecord(0, 0, "k", wire(3, "p"))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	decodeForDetail(ctx, dec, &r)
	if r.Decoded != nil || !strings.Contains(r.DecodeErr, "not answered yet") {
		t.Errorf("decoded %q, reason %q", r.Decoded, r.DecodeErr)
	}
	if dec.calls < 2 || dec.calls > 10 {
		t.Errorf("%d tries in 300 ms: want a few, spaced", dec.calls)
	}
}
