package broker

import (
	"encoding/binary"
	"hash/crc32"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// A kfake segment file (partitions/<topic>-<p>/<base>.dat) is Kafka
// RecordBatch v2 wire bytes, one batch after the other:
//
//	0  baseOffset           int64 BE
//	8  batchLength          int32 BE (bytes after this field)
//	12 partitionLeaderEpoch int32 BE
//	16 magic                int8 (2)
//	17 crc                  uint32 BE, CRC-32C of bytes 21..end
//	21 attributes, lastOffsetDelta (23), timestamps, producer,
//	   record count (57), records...
//
// kfake's loader reads batches until the first one whose length or CRC is
// wrong and truncates the file there, losing every batch after it. The
// scan below finds every intact batch instead, also past damage.
const (
	batchHeaderSize = 61 // smallest RecordBatch: header with no records
	batchLenOffset  = 8
	batchMagicAt    = 16
	batchCRCAt      = 17
	batchCRCFrom    = 21
	lastDeltaAt     = 23
	numRecordsAt    = 57
	maxBatchLength  = 1 << 30 // kfake refuses longer batches
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// batchSpan is one intact batch of a segment file.
type batchSpan struct {
	pos, size int   // where it is in the file, in bytes
	base, end int64 // the offsets it holds: [base, end)
	// lengthFixed is set when the batch's length field was damaged and
	// the CRC confirmed the content once the length was set from where
	// the next batch starts; the repaired segment carries the right one.
	lengthFixed bool
	// baseFixed is set when the batch's base offset (not covered by the
	// CRC) was damaged and the batches around it leave it one place.
	baseFixed bool
}

// damagedSpan is a run of bytes of a segment file where no intact batch
// could be read.
type damagedSpan struct {
	pos, endPos int   // bytes [pos, endPos) of the file
	lo          int64 // first offset the run may have held
	// headerEnd is one past the last offset the damaged run's first batch
	// header claims, or -1 when that header is unreadable. It is a hint,
	// not checked by any CRC.
	headerEnd int64
	reason    string // of its first batch
	// batches counts the damaged batches merged into the run; each may
	// be more than one batch when its length field was damaged too.
	batches int
}

// segmentScan is what a segment file holds.
type segmentScan struct {
	base    int64 // from the file name
	size    int
	batches []batchSpan // kept only for damaged segments
	damaged []damagedSpan
	// kept counts the intact batches; lastEnd is one past the last
	// offset of the last of them.
	kept    int
	lastEnd int64
}

// ok reports whether kfake will load the whole file as it is.
func (s *segmentScan) ok() bool {
	if len(s.damaged) > 0 {
		return false
	}
	for _, b := range s.batches {
		if b.lengthFixed || b.baseFixed {
			return false
		}
	}
	return true
}

// scanSegment reads every batch of a segment file whose first offset, by
// its name, is base.
func scanSegment(raw []byte, base int64) segmentScan {
	s := segmentScan{base: base, size: len(raw)}
	s.placeOffsets(raw, frameSegment(raw))
	if s.kept = len(s.batches); s.kept > 0 {
		s.lastEnd = s.batches[s.kept-1].end
	}
	if s.ok() {
		s.batches = nil // an intact segment is left as it is
	}
	return s
}

// segItem is an intact batch or a damaged run of a segment, in file order.
type segItem struct {
	batch *batchSpan
	run   *damagedSpan
}

// frameSegment finds the intact batches of a segment by their framing and
// CRC alone, resyncing after damage. Their base offsets, which the CRC
// does not cover, are judged by placeOffsets.
func frameSegment(raw []byte) []segItem {
	var items []segItem
	for pos := 0; pos < len(raw); {
		if b, ok := batchAt(raw, pos); ok {
			items = append(items, segItem{batch: &b})
			pos += b.size
			continue
		}
		reason := whyDamaged(raw, pos)
		// Resume at the first intact batch after pos, not at pos plus
		// the damaged length: a wrong length can skip intact batches.
		q := nextBatchStart(raw, pos+1)
		if b, ok := batchWithLength(raw, pos, q); ok {
			items = append(items, segItem{batch: &b})
			pos = q
			continue
		}
		items = append(items, segItem{run: &damagedSpan{pos: pos, endPos: q, reason: reason}})
		pos = q
	}
	return items
}

// placeOffsets checks the base offsets of the framed batches, which the
// CRC does not cover: offsets must go up (kfake's index is sorted by
// them). A batch that only fits exactly between the batch before it and
// the next one, but does not say so, has a damaged base offset and is put
// back there; any other batch out of order is dropped alone.
func (s *segmentScan) placeOffsets(raw []byte, items []segItem) {
	prevEnd, afterRun := s.base, false
	for i, it := range items {
		if it.run != nil {
			s.addDamage(raw, *it.run, prevEnd, afterRun)
			afterRun = true
			continue
		}
		b := *it.batch
		n := b.end - b.base
		nextBase, hasNext := int64(0), false
		if i+1 < len(items) && items[i+1].batch != nil {
			nextBase, hasNext = items[i+1].batch.base, true
		}
		switch {
		case b.base == prevEnd:
		case hasNext && nextBase == prevEnd+n:
			b.base, b.end, b.baseFixed = prevEnd, prevEnd+n, true
		case b.base < prevEnd || (hasNext && nextBase >= prevEnd && nextBase < b.end):
			// Out of order, or the next batch fits between the one
			// before and this one: this one's offset is wrong.
			s.addDamage(raw, damagedSpan{pos: b.pos, endPos: b.pos + b.size, reason: "batch offset out of order"}, prevEnd, afterRun)
			afterRun = true
			continue
		}
		s.batches = append(s.batches, b)
		prevEnd, afterRun = b.end, false
	}
}

// addDamage records a damaged run whose offsets start at lo. A run right
// after another one, with no intact batch between them, extends it: the
// offsets they lost are one range.
func (s *segmentScan) addDamage(raw []byte, d damagedSpan, lo int64, afterRun bool) {
	if n := len(s.damaged); afterRun && n > 0 && s.damaged[n-1].endPos == d.pos {
		last := &s.damaged[n-1]
		last.endPos = d.endPos
		last.headerEnd = max(last.headerEnd, claimedEnd(raw[d.pos:d.endPos], lo))
		last.batches++
		return
	}
	d.lo = lo
	d.headerEnd = claimedEnd(raw[d.pos:d.endPos], lo)
	d.batches = 1
	s.damaged = append(s.damaged, d)
}

// batchAt reads the batch at pos as kfake's loader would (length, CRC,
// decoding), and checks its magic byte too.
func batchAt(raw []byte, pos int) (batchSpan, bool) {
	if len(raw)-pos < batchHeaderSize {
		return batchSpan{}, false
	}
	length := int(int32(binary.BigEndian.Uint32(raw[pos+batchLenOffset:])))
	if length < batchHeaderSize-12 || length > maxBatchLength || pos+12+length > len(raw) {
		return batchSpan{}, false
	}
	return checkBatch(raw[pos:pos+12+length], pos)
}

// batchWithLength reads raw[pos:end] as one batch whose length field may
// be wrong: the CRC, which does not cover the length, says whether the
// content is intact.
func batchWithLength(raw []byte, pos, end int) (batchSpan, bool) {
	if end-pos < batchHeaderSize || end-pos-12 > maxBatchLength {
		return batchSpan{}, false
	}
	fixed := append([]byte(nil), raw[pos:end]...)
	binary.BigEndian.PutUint32(fixed[batchLenOffset:], uint32(end-pos-12))
	b, ok := checkBatch(fixed, pos)
	b.lengthFixed = ok && binary.BigEndian.Uint32(raw[pos+batchLenOffset:]) != uint32(end-pos-12)
	return b, ok
}

// checkBatch checks one whole batch's magic, CRC and encoding.
func checkBatch(batch []byte, pos int) (batchSpan, bool) {
	if batch[batchMagicAt] != 2 {
		return batchSpan{}, false
	}
	if binary.BigEndian.Uint32(batch[batchCRCAt:]) != crc32.Checksum(batch[batchCRCFrom:], castagnoli) {
		return batchSpan{}, false
	}
	var rb kmsg.RecordBatch
	if err := rb.ReadFrom(batch); err != nil {
		return batchSpan{}, false
	}
	if rb.LastOffsetDelta < 0 {
		return batchSpan{}, false
	}
	return batchSpan{pos: pos, size: len(batch), base: rb.FirstOffset, end: rb.FirstOffset + int64(rb.LastOffsetDelta) + 1}, true
}

// nextBatchStart returns the first position from start on where an intact
// batch begins, or len(raw) when there is none.
func nextBatchStart(raw []byte, start int) int {
	for q := start; q+batchHeaderSize <= len(raw); q++ {
		// Cheap filters first, so that a long run of garbage does not
		// cost a CRC over the rest of the file at many positions: magic
		// byte, a length that fits, plausible attributes and counts.
		// The CRC decides.
		if raw[q+batchMagicAt] != 2 || !plausibleHeader(raw[q:]) {
			continue
		}
		length := int(int32(binary.BigEndian.Uint32(raw[q+batchLenOffset:])))
		if length < batchHeaderSize-12 || q+12+length > len(raw) {
			continue
		}
		if _, ok := batchAt(raw, q); ok {
			return q
		}
	}
	return len(raw)
}

// plausibleHeader reports whether a batch header's attributes (only bits
// 0-6 are used, compression codecs 0-4) and its record count and last
// offset delta (never negative) can be real.
func plausibleHeader(h []byte) bool {
	attrs := binary.BigEndian.Uint16(h[batchCRCFrom:])
	return attrs&^0x7f == 0 && attrs&7 <= 4 &&
		int32(binary.BigEndian.Uint32(h[lastDeltaAt:])) >= 0 &&
		int32(binary.BigEndian.Uint32(h[numRecordsAt:])) >= 0
}

// whyDamaged names what is wrong with the batch at pos, for the report.
func whyDamaged(raw []byte, pos int) string {
	rest := len(raw) - pos
	if rest < batchHeaderSize {
		return "cut short: a partial batch header"
	}
	length := int(int32(binary.BigEndian.Uint32(raw[pos+batchLenOffset:])))
	switch {
	case length < batchHeaderSize-12 || length > maxBatchLength:
		return "bad batch length"
	case pos+12+length > len(raw):
		return "batch length past the end of the file: cut short, or a damaged length"
	case raw[pos+batchMagicAt] != 2:
		return "bad batch header"
	case binary.BigEndian.Uint32(raw[pos+batchCRCAt:]) != crc32.Checksum(raw[pos+batchCRCFrom:pos+12+length], castagnoli):
		return "CRC mismatch"
	}
	return "undecodable batch"
}

// claimedEnd returns one past the last offset that the header at the
// start of a damaged run claims, when it is plausible, else -1.
func claimedEnd(run []byte, lo int64) int64 {
	if len(run) < lastDeltaAt+4 {
		return -1
	}
	base := int64(binary.BigEndian.Uint64(run))
	delta := int64(int32(binary.BigEndian.Uint32(run[lastDeltaAt:])))
	if base < lo || base-lo > 1<<31 || delta < 0 {
		return -1
	}
	return base + delta + 1
}

// repairedSegment returns the segment's intact batches, with repaired
// length fields, as the bytes of a new segment file.
func repairedSegment(raw []byte, s *segmentScan) []byte {
	var out []byte
	for _, b := range s.batches {
		start := len(out)
		out = append(out, raw[b.pos:b.pos+b.size]...)
		binary.BigEndian.PutUint64(out[start:], uint64(b.base))
		binary.BigEndian.PutUint32(out[start+batchLenOffset:], uint32(b.size-12))
	}
	return out
}
