package broker

import (
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// testBatch encodes a RecordBatch of n records at base, as kfake writes
// them.
func testBatch(base int64, n int) []byte {
	var records []byte
	for i := range n {
		r := kmsg.Record{OffsetDelta: int32(i), Value: []byte{'v', byte(i)}}
		r.Length = int32(len(r.AppendTo(nil)) - 1)
		records = r.AppendTo(records)
	}
	b := kmsg.RecordBatch{
		FirstOffset: base, Magic: 2, LastOffsetDelta: int32(n - 1),
		ProducerID: -1, ProducerEpoch: -1, FirstSequence: -1,
		NumRecords: int32(n), Records: records,
	}
	raw := b.AppendTo(nil)
	binary.BigEndian.PutUint32(raw[8:], uint32(len(raw)-12))
	binary.BigEndian.PutUint32(raw[17:], crc32.Checksum(raw[21:], castagnoli))
	return raw
}

// FuzzScanSegment checks, for any bytes, that the scan does not panic and
// that the repaired segment is one kfake loads whole: every batch intact,
// offsets going up, nothing left to repair, the same batches kept.
func FuzzScanSegment(f *testing.F) {
	var seg []byte
	for i := range 6 {
		seg = append(seg, testBatch(100+int64(i)*3, 3)...)
	}
	f.Add(seg, 100)
	f.Add(seg[:len(seg)-7], 100)
	flipped := append([]byte(nil), seg...)
	flipped[70] ^= 0xff
	f.Add(flipped, 100)
	f.Fuzz(func(t *testing.T, raw []byte, base int) {
		s := scanSegment(raw, int64(base))
		idx := repairedIndex(nil, raw, &s)
		if s.ok() {
			return
		}
		fixed := repairedSegment(raw, &s)
		if len(idx) != len(s.batches)*indexEntrySize {
			t.Fatalf("index has %d bytes for %d batches", len(idx), len(s.batches))
		}
		again := scanSegment(fixed, int64(base))
		if !again.ok() || again.kept != s.kept {
			t.Fatalf("repaired segment: ok %v, %d batches kept of %d; damage %+v; batches %+v, first scan %+v", again.ok(), again.kept, s.kept, again.damaged, again.batches, s.batches)
		}
		prev := int64(base)
		for _, b := range s.batches {
			if b.base < prev {
				t.Fatalf("batch at %d starts at offset %d, before %d", b.pos, b.base, prev)
			}
			prev = b.end
		}
	})
}

// BenchmarkScanGarbage measures the scan of a segment that is all random
// bytes (a file system that handed back garbage blocks): the resync must
// not try a CRC at every position.
func BenchmarkScanGarbage(b *testing.B) {
	raw := make([]byte, 8<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(raw); i += 8 {
		binary.LittleEndian.PutUint64(raw[i:], rng.Uint64())
	}
	b.SetBytes(int64(len(raw)))
	for range b.N {
		if s := scanSegment(raw, 0); s.kept != 0 {
			b.Fatalf("found %d batches in random bytes", s.kept)
		}
	}
}

// BenchmarkScanLogGarbage is BenchmarkScanGarbage for groups.log.
func BenchmarkScanLogGarbage(b *testing.B) {
	raw := make([]byte, 8<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < len(raw); i += 8 {
		binary.LittleEndian.PutUint64(raw[i:], rng.Uint64())
	}
	b.SetBytes(int64(len(raw)))
	for range b.N {
		if s := scanLog(raw); len(s.entries) != 0 {
			b.Fatalf("found %d entries in random bytes", len(s.entries))
		}
	}
}
