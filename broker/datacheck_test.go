package broker

import (
	"fmt"
	"path/filepath"
	"testing"
)

// relSeg is a segment file's path relative to the data dir.
func relSeg(t *testing.T, dir string, s segFile) string {
	t.Helper()
	rel, err := filepath.Rel(dir, s.path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// TestFlippedBytesInMiddleSegment damages three bytes inside one batch of
// a middle segment: kfake alone truncated the segment there, losing every
// intact batch after it. Only the damaged batch may be lost, every other
// record keeps its offset, the high watermark stays, and the damaged file
// is kept whole in the quarantine.
func TestFlippedBytesInMiddleSegment(t *testing.T) {
	dir := t.TempDir()
	segs := seedTopic(t, dir, "mid", 1, 60)[0]
	hw := segs[len(segs)-1].batches[len(segs[len(segs)-1].batches)-1].end
	seg := segs[len(segs)/2]
	if len(seg.batches) < 3 {
		t.Fatalf("middle segment has %d batches, want at least 3", len(seg.batches))
	}
	bad := seg.batches[1]
	damaged := flipBytes(t, seg.path, bad.pos+bad.size-20, bad.pos+bad.size-10, bad.pos+bad.size-5)

	b, report := startChecked(t, dir, false)
	assertQuarantined(t, dir, relSeg(t, dir, seg), damaged)
	assertReportSays(t, report,
		fmt.Sprintf(`topic "mid" partition 0: segment %d\.dat: \d+ bytes at byte %d of %d cannot be read \(CRC mismatch\)`, seg.base, bad.pos, len(damaged)),
		fmt.Sprintf(`topic "mid" partition 0: lost the records at offsets %d-%d; the records after them are intact and keep their offsets`, bad.base, bad.end-1),
		`copied whole to .*quarantine`)
	cl := newClient(t, b.Addr())
	if got := listOffsets(t, cl, "mid", 1, latest)[0]; got != hw {
		t.Fatalf("high watermark after the repair = %d, want %d (unchanged)", got, hw)
	}
	assertRecords(t, readFrom(t, b.Addr(), "mid", 0, 0, hw), 0, 0, hw, [2]int64{bad.base, bad.end})
	// A reader that starts right after the damage, or inside the lost
	// offsets, reads on from the next intact record.
	assertRecords(t, readFrom(t, b.Addr(), "mid", 0, bad.end, hw), 0, bad.end, hw)
	assertRecords(t, readFrom(t, b.Addr(), "mid", 0, bad.base+1, hw), 0, bad.base+1, hw, [2]int64{bad.base, bad.end})

	// New records go after the old high watermark: no offset is reused.
	produceOneBatch(t, manualProducer(t, b.Addr()), "mid", 0, []string{recordValue(0, hw)})

	// The next start finds nothing left to repair.
	b.Close()
	_, report = startChecked(t, dir, false)
	if report != "" {
		t.Errorf("second start reported:\n%s", report)
	}
}
