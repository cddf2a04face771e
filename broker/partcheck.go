package broker

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// partFolder is one partitions/<escaped topic>-<partition> folder of the
// data dir, as kfake names them.
type partFolder struct {
	name  string // the folder's name
	topic string
	part  int32
}

// label names the partition for the operator, with the topic name made
// safe for a terminal.
func (pf partFolder) label() string {
	return fmt.Sprintf("topic %s partition %d", quoteName(pf.topic), pf.part)
}

// parsePartFolder reads a folder name the way kfake writes it: the topic
// path-escaped, a dash, the partition number.
func parsePartFolder(name string) (partFolder, bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return partFolder{}, false
	}
	p, err := strconv.ParseInt(name[i+1:], 10, 32)
	if err != nil || p < 0 || strconv.FormatInt(p, 10) != name[i+1:] {
		return partFolder{}, false
	}
	topic, err := url.PathUnescape(name[:i])
	if err != nil || url.PathEscape(topic) != name[:i] {
		return partFolder{}, false
	}
	return partFolder{name: name, topic: topic, part: int32(p)}, true
}

// segmentBases returns the base offsets of a partition folder's segment
// files (<base>.dat), sorted, as kfake finds them.
func segmentBases(pdir string) ([]int64, error) {
	entries, err := os.ReadDir(pdir)
	if err != nil {
		return nil, err
	}
	var bases []int64
	for _, e := range entries {
		name := e.Name()
		if len(name) > 4 && strings.HasSuffix(name, ".dat") && !e.IsDir() {
			if base, err := strconv.ParseInt(name[:len(name)-4], 10, 64); err == nil {
				bases = append(bases, base)
			}
		}
	}
	slices.Sort(bases)
	return bases, nil
}

// partSnapshot is the part of kfake's snapshot.json (written at each clean
// shutdown) the check reads.
type partSnapshot struct {
	HighWatermark int64 `json:"high_watermark"`
	Segments      []struct {
		BaseOffset int64 `json:"base_offset"`
		Size       int64 `json:"size"`
	} `json:"segments"`
}

// readSnapshot returns the partition's snapshot, or nil when it has none
// or cannot be read (kfake then rebuilds everything from the segments).
func readSnapshot(pdir string) (*partSnapshot, []byte) {
	raw, err := os.ReadFile(filepath.Join(pdir, "snapshot.json"))
	if err != nil {
		return nil, nil
	}
	var s partSnapshot
	if json.Unmarshal(raw, &s) != nil {
		return nil, nil
	}
	return &s, raw
}

// matches reports whether kfake would load the partition from this
// snapshot: same segment files with the same sizes.
func (s *partSnapshot) matches(bases []int64, sizes []int) bool {
	if s == nil || len(s.Segments) != len(bases) {
		return false
	}
	for i, seg := range s.Segments {
		if seg.BaseOffset != bases[i] || seg.Size != int64(sizes[i]) {
			return false
		}
	}
	return true
}

// partitionCheck checks and repairs one partition folder.
type partitionCheck struct {
	c     *checker
	pf    partFolder
	pdir  string
	bases []int64
	sizes []int // of the segment files as scanned
	scans []segmentScan
	snap  *partSnapshot
	// damaged is set when a segment holds more or less than intact
	// batches.
	damaged bool
}

// scanPartition reads every segment of a partition folder. It only
// reads, so partitions can be scanned in parallel; buf is a buffer to
// reuse across calls.
func (c *checker) scanPartition(pf partFolder, buf *[]byte) (*partitionCheck, error) {
	pc := &partitionCheck{c: c, pf: pf, pdir: filepath.Join(c.dir, "partitions", pf.name)}
	var err error
	if pc.bases, err = segmentBases(pc.pdir); err != nil {
		return nil, fmt.Errorf("cannot read partition folder %s: %v", pc.pdir, rootCause(err))
	}
	pc.snap, _ = readSnapshot(pc.pdir)
	pc.sizes = make([]int, len(pc.bases))
	for i, base := range pc.bases {
		raw, err := readInto(pc.segPath(base), buf)
		if err != nil {
			return nil, fmt.Errorf("cannot read segment %s: %v", pc.segPath(base), rootCause(err))
		}
		s := scanSegment(raw, base)
		pc.sizes[i] = len(raw)
		pc.damaged = pc.damaged || !s.ok()
		pc.scans = append(pc.scans, s)
	}
	return pc, nil
}

// fix reports what a damaged partition lost, keeps its damaged segments
// in the quarantine and rewrites them with their intact batches.
func (pc *partitionCheck) fix() error {
	if !pc.damaged {
		return nil
	}
	snapMatched := pc.snap.matches(pc.bases, pc.sizes)
	pc.report()
	newSizes := make([]int, len(pc.bases))
	for i := range pc.scans {
		var err error
		if newSizes[i], err = pc.repair(i); err != nil {
			return err
		}
	}
	if snapMatched {
		return pc.updateSnapshot(newSizes)
	}
	return nil
}

// readInto reads a whole file into *buf, growing it when needed, and
// returns the bytes read. Reusing the buffer saves clearing a new one per
// segment, a third of the check's time.
func readInto(path string, buf *[]byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := int(info.Size())
	if cap(*buf) < size {
		*buf = make([]byte, size)
	}
	raw := (*buf)[:size]
	if _, err := io.ReadFull(f, raw); err != nil {
		return nil, err
	}
	return raw, nil
}

func (pc *partitionCheck) segPath(base int64) string {
	return filepath.Join(pc.pdir, strconv.FormatInt(base, 10)+".dat")
}

func (pc *partitionCheck) idxPath(base int64) string {
	return filepath.Join(pc.pdir, strconv.FormatInt(base, 10)+".idx")
}

func (pc *partitionCheck) rel(path string) string {
	return filepath.Join("partitions", pc.pf.name, filepath.Base(path))
}

// keptAfter reports whether any intact batch follows damaged run d of
// segment i, in that segment or a later one, and the first offset of the
// next one in the same segment (-1 when none).
func (pc *partitionCheck) keptAfter(i int, d damagedSpan) (any bool, nextInSeg int64) {
	for _, b := range pc.scans[i].batches {
		if b.pos >= d.endPos {
			return true, b.base
		}
	}
	for _, s := range pc.scans[i+1:] {
		if s.kept > 0 {
			return true, -1
		}
	}
	return false, -1
}

// partitionEnd returns one past the last offset kfake will find once the
// damaged runs are gone, or -1 when no batch is left.
func (pc *partitionCheck) partitionEnd() int64 {
	for i := len(pc.scans) - 1; i >= 0; i-- {
		if pc.scans[i].kept > 0 {
			return pc.scans[i].lastEnd
		}
	}
	return -1
}

// say writes one line of the report about this partition.
func (pc *partitionCheck) say(format string, args ...any) {
	pc.c.say("%s: "+format, append([]any{pc.pf.label()}, args...)...)
}

// report says what was repaired and, per damaged run, which offsets are
// lost and what that means for the offsets that come next.
func (pc *partitionCheck) report() {
	for i, s := range pc.scans {
		for _, b := range s.batches {
			if b.lengthFixed {
				pc.say("segment %d.dat: the batch at offsets %d-%d had a damaged length field; its CRC checks out with the right length, so it is kept", s.base, b.base, b.end-1)
			}
			if b.baseFixed {
				pc.say("segment %d.dat: the batch at byte %d had a damaged offset field (the CRC does not cover it); its records check out and it fits only at offsets %d-%d, where it is kept", s.base, b.pos, b.base, b.end-1)
			}
		}
		for _, d := range s.damaged {
			why := d.reason
			if d.batches > 1 {
				why += fmt.Sprintf(", and %d more damaged batches right after it", d.batches-1)
			}
			pc.say("segment %d.dat: %d bytes at byte %d of %d cannot be read (%s)", s.base, d.endPos-d.pos, d.pos, s.size, why)
			pc.sayLoss(i, d)
		}
	}
}

// lossEnd returns one past the last offset damaged run d of segment i may
// have held: exact when a later batch or segment says where the offsets
// go on, else the best lower bound (the damaged header's claim, the last
// clean shutdown's high watermark), or -1 when nothing tells.
func (pc *partitionCheck) lossEnd(i int, d damagedSpan, nextInSeg int64) (hi int64, exact bool) {
	if nextInSeg >= 0 {
		return nextInSeg, true
	}
	if i+1 < len(pc.bases) {
		return pc.bases[i+1], true
	}
	hi = d.headerEnd
	if pc.snap != nil && pc.snap.HighWatermark > hi {
		hi = pc.snap.HighWatermark
	}
	return hi, false
}

// sayLoss says which offsets damaged run d of segment i lost, and whether
// they are a gap or the end of the partition, whose offsets will be
// reused.
func (pc *partitionCheck) sayLoss(i int, d damagedSpan) {
	after, nextInSeg := pc.keptAfter(i, d)
	hi, exact := pc.lossEnd(i, d, nextInSeg)
	switch {
	case after && exact && hi <= d.lo:
		pc.say("no offset is missing there; the records after it keep their offsets")
	case after:
		pc.say("lost the records at offsets %d-%d; the records after them are intact and keep their offsets", d.lo, hi-1)
	default:
		end := pc.partitionEnd()
		if end < 0 {
			end = d.lo
		}
		lost := fmt.Sprintf("offsets from %d on (how many is unknown)", d.lo)
		switch {
		case hi > d.lo && exact:
			lost = fmt.Sprintf("offsets %d-%d", d.lo, hi-1)
		case hi > d.lo:
			lost = fmt.Sprintf("offsets from %d on (at least up to %d)", d.lo, hi-1)
		}
		pc.say("lost the records at %s, at the end of the partition: it now ends at offset %d, and the next records produced to it will REUSE offsets from %d (consumers that already read or committed those offsets will skip the new records)", lost, end, end)
	}
}

// repair copies segment i whole to the quarantine and rewrites it with
// only its intact batches (or removes it when none is left). It returns
// the segment's new size.
func (pc *partitionCheck) repair(i int) (int, error) {
	s := &pc.scans[i]
	if s.ok() {
		return s.size, nil
	}
	segPath, idxPath := pc.segPath(s.base), pc.idxPath(s.base)
	raw, err := os.ReadFile(segPath)
	if err != nil || len(raw) != s.size {
		return 0, fmt.Errorf("segment %s changed during the start-up check", segPath)
	}
	oldIdx, idxErr := os.ReadFile(idxPath)
	kept, err := pc.c.quarantine.keep(pc.rel(segPath))
	if err != nil {
		return 0, err
	}
	if idxErr == nil {
		if _, err := pc.c.quarantine.keep(pc.rel(idxPath)); err != nil {
			return 0, err
		}
	}
	if err := pc.keepSnapshotOnce(); err != nil {
		return 0, err
	}
	pc.c.say("%s: segment %d.dat copied whole to %s before the repair", pc.pf.label(), s.base, escapeForTerminal(kept))
	if s.kept == 0 {
		if err := errors.Join(removeSynced(segPath), removeSynced(idxPath)); err != nil {
			return 0, fmt.Errorf("cannot remove unreadable segment %s: %v", segPath, rootCause(err))
		}
		return 0, nil
	}
	seg := repairedSegment(raw, s)
	if err := writeFileAtomic(idxPath, repairedIndex(oldIdx, raw, s)); err != nil {
		return 0, fmt.Errorf("cannot rewrite index %s: %v", idxPath, rootCause(err))
	}
	if err := writeFileAtomic(segPath, seg); err != nil {
		return 0, fmt.Errorf("cannot rewrite segment %s: %v", segPath, rootCause(err))
	}
	return len(seg), nil
}

func (pc *partitionCheck) keepSnapshotOnce() error {
	path := filepath.Join(pc.pdir, "snapshot.json")
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(pc.c.quarantine.root, pc.rel(path))); err == nil {
		return nil
	}
	_, err := pc.c.quarantine.keep(pc.rel(path))
	return err
}

// updateSnapshot writes the repaired segments' sizes into snapshot.json,
// so that kfake still loads the partition from it and keeps what only
// the snapshot knows (the log start offset after deletions and
// retention, aborted transactions). Fields the check does not know are
// kept as they are.
func (pc *partitionCheck) updateSnapshot(newSizes []int) error {
	path := filepath.Join(pc.pdir, "snapshot.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var doc map[string]json.RawMessage
	var segs []map[string]json.RawMessage
	if json.Unmarshal(raw, &doc) != nil || json.Unmarshal(doc["segments"], &segs) != nil || len(segs) != len(newSizes) {
		return nil
	}
	var kept []map[string]json.RawMessage
	for i, seg := range segs {
		if newSizes[i] == 0 {
			continue // removed: kfake will not find it
		}
		seg["size"] = json.RawMessage(strconv.Itoa(newSizes[i]))
		kept = append(kept, seg)
	}
	if doc["segments"], err = json.Marshal(kept); err != nil {
		return err
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, out); err != nil {
		return fmt.Errorf("cannot update %s: %v", path, rootCause(err))
	}
	return nil
}

// repairedIndex returns the index file (15 bytes per batch: version,
// checksum, epoch, max earlier timestamp, flags) for the repaired
// segment. An intact batch keeps its old entry while the count of
// batches before it is certain (each damaged run so far was exactly one
// batch by its length field); after that, and where the old entry is bad,
// the entry is rebuilt from the batch header.
func repairedIndex(oldIdx, raw []byte, s *segmentScan) []byte {
	type event struct {
		pos   int
		batch *batchSpan
		run   *damagedSpan
	}
	var events []event
	for i := range s.batches {
		events = append(events, event{pos: s.batches[i].pos, batch: &s.batches[i]})
	}
	for i := range s.damaged {
		events = append(events, event{pos: s.damaged[i].pos, run: &s.damaged[i]})
	}
	slices.SortFunc(events, func(a, b event) int { return a.pos - b.pos })

	var out []byte
	ordinal, certain := 0, true
	var lastEpoch int32
	for _, e := range events {
		if e.run != nil {
			if !oneBatchRun(raw, e.run) {
				certain = false
			}
			ordinal++
			continue
		}
		if certain {
			if entry := oldIdx[min(ordinal*indexEntrySize, len(oldIdx)):min((ordinal+1)*indexEntrySize, len(oldIdx))]; validIndexEntry(entry) {
				out = append(out, entry...)
				lastEpoch = int32(binary.LittleEndian.Uint32(entry[2:6]))
				ordinal++
				continue
			}
		}
		out = append(out, indexEntryFor(raw[e.batch.pos:e.batch.pos+e.batch.size], lastEpoch)...)
		ordinal++
	}
	return out
}

const indexEntrySize = 15 // kfake's .idx entry

// oneBatchRun reports whether a damaged run is exactly one batch by its
// own length field.
func oneBatchRun(raw []byte, d *damagedSpan) bool {
	size := d.endPos - d.pos
	if d.batches != 1 || size < batchHeaderSize {
		return false
	}
	return size == 12+int(int32(binary.BigEndian.Uint32(raw[d.pos+batchLenOffset:])))
}

func validIndexEntry(e []byte) bool {
	return len(e) == indexEntrySize && e[0] == 1 && e[1] == byte(crc32.Checksum(e[2:], castagnoli))
}

// indexEntryFor builds an index entry from a batch header: kfake writes
// the partition epoch and whether the batch is part of an open
// transaction (a transactional data batch, not a marker); it recomputes
// the timestamp field at load.
func indexEntryFor(batch []byte, epoch int32) []byte {
	e := make([]byte, indexEntrySize)
	e[0] = 1
	if ple := int32(binary.BigEndian.Uint32(batch[12:])); ple >= 0 {
		epoch = ple
	}
	binary.LittleEndian.PutUint32(e[2:6], uint32(epoch))
	attrs := binary.BigEndian.Uint16(batch[batchCRCFrom:])
	if attrs&0x10 != 0 && attrs&0x20 == 0 {
		e[14] = 1
	}
	e[1] = byte(crc32.Checksum(e[2:], castagnoli))
	return e
}
