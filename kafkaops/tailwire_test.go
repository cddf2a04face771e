package kafkaops

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go/protocol"
)

// collectSink keeps what the decoder hands it, copied.
type collectSink struct{ recs []Record }

func (s *collectSink) record(offset int64, ts time.Time, key, value []byte, headers []Header) {
	r := Record{Offset: offset, Timestamp: ts, Key: clone(key), Value: clone(value)}
	for _, h := range headers {
		r.Headers = append(r.Headers, Header{Key: h.Key, Value: clone(h.Value)})
	}
	s.recs = append(s.recs, r)
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// encodeSet writes records as one record set with kafka-go's encoder,
// then gives them the offsets a broker would: kafka-go's producer side
// writes offsets from 0, and a broker rewrites them.
func encodeSet(t *testing.T, version int8, attrs protocol.Attributes, recs ...protocol.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	rs := protocol.RecordSet{Version: version, Attributes: attrs, Records: protocol.NewRecordReader(recs...)}
	if _, err := rs.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	set := buf.Bytes()[4:] // the int32 size is the fetch response's
	base := recs[0].Offset
	switch {
	case version == 2:
		binary.BigEndian.PutUint64(set, uint64(base))
	case attrs&7 != 0: // a v1 wrapper carries its last inner offset
		binary.BigEndian.PutUint64(set, uint64(base+int64(len(recs))-1))
	default:
		for s := set; len(s) >= 12; {
			off := binary.BigEndian.Uint64(s)
			binary.BigEndian.PutUint64(s, off+uint64(base))
			s = s[12+binary.BigEndian.Uint32(s[8:]):]
		}
	}
	return set
}

func testRecords(base int64, n int) []protocol.Record {
	at := time.UnixMilli(1_700_000_000_123)
	var recs []protocol.Record
	for i := range n {
		r := protocol.Record{
			Offset: base + int64(i),
			Time:   at.Add(time.Duration(i) * time.Millisecond),
			Value:  protocol.NewBytes([]byte(fmt.Sprintf("value-%d", i))),
		}
		if i%2 == 0 {
			r.Key = protocol.NewBytes([]byte(fmt.Sprintf("k%d", i)))
			r.Headers = []protocol.Header{{Key: "h", Value: []byte{byte(i)}}, {Key: "empty", Value: []byte{}}}
		}
		recs = append(recs, r)
	}
	return recs
}

func TestDecodeBatches(t *testing.T) {
	codecs := []struct {
		name  string
		attrs protocol.Attributes
	}{
		{"none", 0}, {"gzip", protocol.Gzip}, {"snappy", protocol.Snappy}, {"lz4", protocol.Lz4}, {"zstd", protocol.Zstd},
	}
	for _, version := range []int8{1, 2} {
		for _, c := range codecs {
			t.Run(fmt.Sprintf("v%d-%s", version, c.name), func(t *testing.T) {
				// Two batches back to back, as a fetch answers them.
				set := append(encodeSet(t, version, c.attrs, testRecords(10, 5)...), encodeSet(t, version, c.attrs, testRecords(15, 3)...)...)
				var bd batchDecoder
				var sink collectSink
				next, err := bd.decode(set, 12, &sink)
				if err != nil {
					t.Fatal(err)
				}
				if next != 18 {
					t.Errorf("next = %d, want 18", next)
				}
				if len(sink.recs) != 6 {
					t.Fatalf("decoded %d records, want 6 (offsets 12-17)", len(sink.recs))
				}
				for i, r := range sink.recs {
					off := int64(12 + i)
					src := i + 2 // index in its batch of the first set
					if off >= 15 {
						src = int(off - 15)
					}
					if r.Offset != off || string(r.Value) != fmt.Sprintf("value-%d", src) {
						t.Errorf("record %d = offset %d value %q", i, r.Offset, r.Value)
					}
					if src%2 == 1 && r.Key != nil {
						t.Errorf("offset %d: key %q, want nil", off, r.Key)
					}
					if src%2 == 0 && string(r.Key) != fmt.Sprintf("k%d", src) {
						t.Errorf("offset %d: key %q", off, r.Key)
					}
					if version == 2 && src%2 == 0 {
						if len(r.Headers) != 2 || r.Headers[0].Key != "h" || !bytes.Equal(r.Headers[0].Value, []byte{byte(src)}) ||
							r.Headers[1].Key != "empty" || r.Headers[1].Value == nil {
							t.Errorf("offset %d: headers %+v", off, r.Headers)
						}
					}
					want := time.UnixMilli(1_700_000_000_123).Add(time.Duration(src) * time.Millisecond)
					if !r.Timestamp.Equal(want) {
						t.Errorf("offset %d: timestamp %v, want %v", off, r.Timestamp, want)
					}
				}
			})
		}
	}
}

func TestDecodeSkipsControlAndPartialBatches(t *testing.T) {
	set := encodeSet(t, 2, protocol.Transactional|protocol.Control, protocol.Record{Offset: 0, Value: protocol.NewBytes([]byte{0, 0, 0, 0})})
	data := encodeSet(t, 2, 0, testRecords(1, 2)...)
	set = append(set, data...)
	set = append(set, data[:len(data)-3]...) // cut short by max bytes
	var bd batchDecoder
	var sink collectSink
	next, err := bd.decode(set, 0, &sink)
	if err != nil {
		t.Fatal(err)
	}
	if next != 3 || len(sink.recs) != 2 || sink.recs[0].Offset != 1 {
		t.Errorf("next %d, records %+v: want the two data records and next 3", next, sink.recs)
	}
}

func TestEmitterBatchesOwnTheirBytes(t *testing.T) {
	var batches []TailBatch
	e := tailEmitter{topic: "t", partition: 3, limit: 5, send: func(b TailBatch) bool { batches = append(batches, b); return true }}
	buf := []byte("keyvalue")
	hdr := []Header{{Key: "h", Value: buf[:1]}}
	for i := range 7 {
		e.record(int64(i), time.UnixMilli(0), buf[:3], buf[3:], hdr)
	}
	e.record(9, time.UnixMilli(0), nil, nil, nil)
	if !e.flush() {
		t.Fatal("flush reported a stopped tail")
	}
	copy(buf, "XXXXXXXX") // the response buffer is reused
	if len(batches) != 1 {
		t.Fatalf("%d batches", len(batches))
	}
	recs := batches[0].Records
	if len(recs) != 5 {
		t.Fatalf("%d records, want 5 (offsets past the limit dropped)", len(recs))
	}
	for _, r := range recs {
		if r.Topic != "t" || r.Partition != 3 || string(r.Key) != "key" || string(r.Value) != "value" || string(r.Headers[0].Value) != "k" {
			t.Errorf("record %+v", r)
		}
	}
}

func TestDecodeFetchTruncated(t *testing.T) {
	if _, err := decodeFetch([]byte{0, 0, 0}, 11, func(string, fetchPartition) error { return nil }); err == nil {
		t.Error("no error for a truncated response")
	}
}

// A full batch goes out while the response is still being decoded, not
// at the end: a fetcher holds at most one batch in the making.
func TestEmitterSendsFullBatchesAtOnce(t *testing.T) {
	var sizes []int
	stopAfter := 2
	e := tailEmitter{topic: "t", limit: -1, send: func(b TailBatch) bool {
		sizes = append(sizes, len(b.Records))
		return len(sizes) < stopAfter
	}}
	for i := range TailBatchMax + 1 {
		e.record(int64(i), time.Time{}, nil, []byte("v"), nil)
		if i == TailBatchMax-1 && len(sizes) != 1 {
			t.Fatalf("after %d records, %d batches sent, want 1", i+1, len(sizes))
		}
	}
	if len(e.pending) != 1 || len(sizes) != 1 || sizes[0] != TailBatchMax {
		t.Fatalf("sent %v, %d pending; want one full batch sent and 1 pending", sizes, len(e.pending))
	}
	// The tail ends while sending: the emitter stops, drops the rest.
	for i := range TailBatchMax {
		e.record(int64(TailBatchMax+1+i), time.Time{}, nil, []byte("v"), nil)
	}
	if !e.stopped || e.flush() || len(sizes) != 2 {
		t.Fatalf("stopped %v, sent %v: want stopped after the failed second send", e.stopped, sizes)
	}
	e.record(99999, time.Time{}, nil, nil, nil)
	if len(e.pending) != 0 {
		t.Errorf("a stopped emitter kept %d records", len(e.pending))
	}
}

// Timestamp -1 (Kafka's NO_TIMESTAMP: magic 0 messages, up-converted ones,
// a producer that set none) is the zero time, not 1969-12-31.
func TestDecodeNoTimestamp(t *testing.T) {
	for _, version := range []int8{1, 2} {
		for _, c := range []struct {
			name  string
			attrs protocol.Attributes
		}{{"none", 0}, {"gzip", protocol.Gzip}} {
			t.Run(fmt.Sprintf("v%d-%s", version, c.name), func(t *testing.T) {
				recs := testRecords(0, 3)
				for i := range recs {
					recs[i].Time = time.UnixMilli(-1)
				}
				var bd batchDecoder
				var sink collectSink
				if _, err := bd.decode(encodeSet(t, version, c.attrs, recs...), 0, &sink); err != nil {
					t.Fatal(err)
				}
				if len(sink.recs) != 3 {
					t.Fatalf("%d records", len(sink.recs))
				}
				for _, r := range sink.recs {
					if !r.Timestamp.IsZero() {
						t.Errorf("offset %d: timestamp %v, want the zero time", r.Offset, r.Timestamp)
					}
				}
			})
		}
	}
	if !recordTime(-1).IsZero() || !recordTime(-42).IsZero() || !recordTime(0).Equal(time.UnixMilli(0)) {
		t.Error("recordTime: negative is no timestamp, 0 is the epoch")
	}
}

// A v2 batch with LogAppendTime whose max timestamp is -1 is no timestamp too.
func TestDecodeLogAppendTimeNone(t *testing.T) {
	set := encodeSet(t, 2, 0, testRecords(0, 2)...)
	// attributes at 12 (base offset, length) + 4 (epoch) + 1 (magic) + 4 (crc);
	// max timestamp after attributes (2), last offset delta (4), first timestamp (8).
	binary.BigEndian.PutUint16(set[21:], attrLogAppendTime)
	binary.BigEndian.PutUint64(set[35:], ^uint64(0))
	var bd batchDecoder
	var sink collectSink
	if _, err := bd.decode(set, 0, &sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.recs) != 2 || !sink.recs[0].Timestamp.IsZero() || !sink.recs[1].Timestamp.IsZero() {
		t.Errorf("records %+v: want two with the zero time", sink.recs)
	}
}
