package tail

import (
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// Issue 14: rows whose schema was pending when they arrived show decoded
// once the schema is there, on a later tick, without being opened; the
// filter then finds them by a decoded field.
func TestTailRedecodesPendingRowsOnTick(t *testing.T) {
	dec := &fakeDecoder{}
	tl, _ := newTestTail(100, 12, TailOptions{Decoder: dec})
	deliverDecoded(t, tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 0, "k0", wire(3, "p")),
		kafkaopstest.TestRecord(0, 1, "k1", wire(3, "q")),
		kafkaopstest.TestRecord(0, 2, "k2", wire(1, "5")),
	}})
	if v := kittest.Plain(tl); !strings.Contains(v, "2 awaiting schema") {
		t.Errorf("the status line does not say 2 rows await their schema:\n%s", v)
	}
	tl.list.setFilter(mustFilter(t, "late=true"))
	if n := tl.list.shownLen(); n != 0 {
		t.Fatalf("%d rows match before the schema came", n)
	}
	// Still pending: a tick tries again and keeps them for the next.
	kittest.Feed(tl, tailTickMsg{id: tl.rate.tickID})
	if tl.redec.Queued() != 2 || tl.redec.Busy() {
		t.Fatalf("pending %v busy %v after a tick while the registry is slow", tl.redec.Queued(), tl.redec.Busy())
	}
	dec.mu.Lock()
	dec.ready = true
	dec.mu.Unlock()
	kittest.Feed(tl, tailTickMsg{id: tl.rate.tickID})
	if tl.redec.Queued() != 0 {
		t.Errorf("still pending: %v", tl.redec.Queued())
	}
	if n := tl.list.shownLen(); n != 2 {
		t.Fatalf("%d rows match late=true after decoding, want 2", n)
	}
	tl.list.setFilter(nil)
	tl.Update(nil)
	v := kittest.Plain(tl)
	if strings.Count(v, `{"late":true}`) != 2 || !strings.Contains(v, `"ATM-5"`) || strings.Contains(v, "awaiting schema") {
		t.Errorf("rows after the schema came:\n%s", v)
	}
	if b := tl.list.buf.Bytes(); b != sumBytes(tl.list.buf) {
		t.Errorf("byte count %d, records hold %d", b, sumBytes(tl.list.buf))
	}
}

// A batch decoded again is bounded, and a record dropped meanwhile is
// not put back.
func TestRedecodeBoundedAndDropsGoneRecords(t *testing.T) {
	dec := &fakeDecoder{ready: true}
	tl, _ := newTestTail(100, 12, TailOptions{Decoder: dec, Buffer: 1000})
	recs := make([]kafkaops.Record, kit.RedecodeMax+10)
	for i := range recs {
		recs[i] = kafkaopstest.TestRecord(0, int64(i), "k", wire(3, "p"))
		recs[i].DecodePending = true
	}
	tl.push(recs)
	cmd := tl.redecode()
	if tl.redec.Queued() != 10 {
		t.Fatalf("%d left for later, want 10", tl.redec.Queued())
	}
	if tl.redecode() != nil {
		t.Error("a second batch started while one runs")
	}
	msgs := kittest.RunCmd(cmd)
	tl.list.clear()
	tl.Update(msgs[0])
	if tl.list.buf.Len() != 0 || tl.redec.Busy() {
		t.Errorf("held %d busy %v after a clear", tl.list.buf.Len(), tl.redec.Busy())
	}
}

// Issue 14: a schema-encoded key shows decoded in its row and in the
// detail, which gives both schema lines.
func TestTailDecodesKeys(t *testing.T) {
	dec := &fakeDecoder{}
	tl, _ := newTestTail(120, 12, TailOptions{Decoder: dec})
	r := kafkaopstest.TestRecord(0, 0, wire(1, "9"), wire(1, "7"))
	bad := kafkaopstest.TestRecord(0, 1, wire(2, "x"), `{"v":1}`)
	deliverDecoded(t, tl, kafkaops.TailBatch{Records: []kafkaops.Record{r, bad}})
	v := kittest.Plain(tl)
	if !strings.Contains(v, `{"atm":"ATM-9"`) {
		t.Errorf("decoded key not in the rows:\n%s", v)
	}
	rec, _ := tl.list.shownAt(0)
	dv := kittest.Plain(NewTailRecord(kittest.TestStyles(), *rec, time.UTC))
	for _, want := range []string{"key schema bankbranch-avro-value v1 id 1 (AVRO)", "schema     bankbranch-avro-value v1 id 1 (AVRO)", `key        {"atm":"ATM-9"`} {
		if !strings.Contains(dv, want) {
			t.Errorf("detail lacks %q:\n%s", want, dv)
		}
	}
	rec, _ = tl.list.shownAt(1)
	dv = kittest.Plain(NewTailRecord(kittest.TestStyles(), *rec, time.UTC))
	if !strings.Contains(dv, "key schema not decoded: schema id 2 is not in the registry") {
		t.Errorf("detail lacks the key's reason:\n%s", dv)
	}
}

func mustFilter(t *testing.T, q string) *kafkaops.Filter {
	t.Helper()
	f, err := kafkaops.ParseFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func sumBytes(b *TailBuffer) int64 {
	var n int64
	for i := 0; i < b.Len(); i++ {
		n += RecordBytes(b.At(i))
	}
	return n
}

// A record whose schema could not be fetched because the registry was
// down shows raw with the reason, counts as awaiting its schema, and
// decodes on a tick once the registry is back; one whose schema id the
// registry does not know is not tried again.
func TestTailRetriesRowsWhileTheRegistryIsDown(t *testing.T) {
	dec := &fakeDecoder{}
	tl, _ := newTestTail(120, 12, TailOptions{Decoder: dec})
	deliverDecoded(t, tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 0, "k0", wire(4, "x")),
		kafkaopstest.TestRecord(0, 1, "k1", wire(2, "y")),
	}})
	if v := kittest.Plain(tl); !strings.Contains(v, "1 awaiting schema") {
		t.Errorf("the status line does not count the row waiting for the registry:\n%s", v)
	}
	rec, _ := tl.list.shownAt(0)
	if dv := kittest.Plain(NewTailRecord(kittest.TestStyles(), *rec, time.UTC)); !strings.Contains(dv,
		"not decoded: retrying: schema id 4: registry unavailable: 503") {
		t.Errorf("the detail does not say why and that it retries:\n%s", dv)
	}
	kittest.Feed(tl, tailTickMsg{id: tl.rate.tickID})
	if tl.redec.Queued() != 1 {
		t.Fatalf("pending %v after a tick while the registry is down, want the one row", tl.redec.Queued())
	}
	dec.mu.Lock()
	dec.ready = true
	dec.mu.Unlock()
	kittest.Feed(tl, tailTickMsg{id: tl.rate.tickID})
	tl.Update(nil)
	v := kittest.Plain(tl)
	if tl.redec.Queued() != 0 || !strings.Contains(v, `{"back":true}`) || strings.Contains(v, "awaiting schema") {
		t.Errorf("the row did not decode once the registry was back (pending %v):\n%s", tl.redec.Queued(), v)
	}
	rec, _ = tl.list.shownAt(0)
	if rec.DecodeErr != "" || rec.Schema != "back-value v1 id 4 (AVRO)" {
		t.Errorf("decoded record keeps %q / schema %q", rec.DecodeErr, rec.Schema)
	}
	if rec, _ = tl.list.shownAt(1); rec.DecodePending || !strings.Contains(rec.DecodeErr, "is not in the registry") {
		t.Errorf("the unknown id is retried or lost its reason: %+v", rec)
	}
}
