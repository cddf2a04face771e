package broker

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
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
	// The report is also kept next to the files it is about.
	assertQuarantined(t, dir, "report.txt", []byte(report))
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

// lastBatch returns the last batch of a partition's last segment.
func lastBatch(segs []segFile) diskBatch {
	last := segs[len(segs)-1]
	return last.batches[len(last.batches)-1]
}

// TestFlippedBytesInLastSegment damages a batch in the middle of the last
// segment and its last batch. The first loss leaves the offsets after it
// alone; the second lowers the high watermark, which must be said, with
// the offsets that the next records will reuse, and the next record must
// land where the report said.
func TestFlippedBytesInLastSegment(t *testing.T) {
	dir := t.TempDir()
	segs := seedTopic(t, dir, "last", 1, 60)[0]
	seg := segs[len(segs)-1]
	if len(seg.batches) < 4 {
		t.Fatalf("last segment has %d batches, want at least 4", len(seg.batches))
	}
	mid, tail := seg.batches[1], lastBatch(segs)
	damaged := flipBytes(t, seg.path, mid.pos+mid.size-3, tail.pos+tail.size-7, tail.pos+tail.size-2)

	b, report := startChecked(t, dir, false)
	assertQuarantined(t, dir, relSeg(t, dir, seg), damaged)
	assertReportSays(t, report,
		fmt.Sprintf(`lost the records at offsets %d-%d; the records after them are intact`, mid.base, mid.end-1),
		fmt.Sprintf(`lost the records at offsets from %d on \(at least up to %d\), at the end of the partition: it now ends at offset %d, and the next records produced to it will REUSE offsets from %d`,
			tail.base, tail.end-1, tail.base, tail.base))
	cl := newClient(t, b.Addr())
	if got := listOffsets(t, cl, "last", 1, latest)[0]; got != tail.base {
		t.Fatalf("high watermark = %d, want %d as reported", got, tail.base)
	}
	assertRecords(t, readFrom(t, b.Addr(), "last", 0, 0, tail.base), 0, 0, tail.base, [2]int64{mid.base, mid.end})
	// The report said offsets are reused from tail.base: check it is true.
	produceOneBatch(t, manualProducer(t, b.Addr()), "last", 0, []string{recordValue(0, tail.base)})
}

// TestTruncatedSegment cuts a middle segment of partition 0 and the last
// segment of partition 1 short, in the middle of a batch (a partial write
// or a lost tail). Everything before the cut and every later segment must
// stay; the lost offsets are reported, exactly where the next segment
// tells, as the start of reused offsets where nothing follows.
func TestTruncatedSegment(t *testing.T) {
	dir := t.TempDir()
	parts := seedTopic(t, dir, "cut", 2, 60)
	segs0, segs1 := parts[0], parts[1]
	midIdx := len(segs0) / 2
	mid := segs0[midIdx]
	cutAt := mid.batches[1].pos + mid.batches[1].size/2
	cut0 := truncateFile(t, mid.path, cutAt)
	tail := lastBatch(segs1)
	cut1 := truncateFile(t, segs1[len(segs1)-1].path, tail.pos+30)
	hw0 := lastBatch(segs0).end

	b, report := startChecked(t, dir, false)
	assertQuarantined(t, dir, relSeg(t, dir, mid), cut0)
	assertQuarantined(t, dir, relSeg(t, dir, segs1[len(segs1)-1]), cut1)
	nextBase := segs0[midIdx+1].base
	assertReportSays(t, report,
		fmt.Sprintf(`topic "cut" partition 0: segment %d\.dat: \d+ bytes at byte %d of %d cannot be read \(batch length past the end of the file`, mid.base, mid.batches[1].pos, cutAt),
		fmt.Sprintf(`topic "cut" partition 0: lost the records at offsets %d-%d; the records after them are intact`, mid.batches[1].base, nextBase-1),
		fmt.Sprintf(`topic "cut" partition 1: lost the records at offsets from %d on \(at least up to %d\), at the end of the partition: it now ends at offset %d, and the next records produced to it will REUSE offsets from %d`,
			tail.base, tail.end-1, tail.base, tail.base))
	cl := newClient(t, b.Addr())
	if got := listOffsets(t, cl, "cut", 2, latest); got[0] != hw0 || got[1] != tail.base {
		t.Fatalf("high watermarks = %v, want [%d %d]", got, hw0, tail.base)
	}
	assertRecords(t, readFrom(t, b.Addr(), "cut", 0, 0, hw0), 0, 0, hw0, [2]int64{mid.batches[1].base, nextBase})
	assertRecords(t, readFrom(t, b.Addr(), "cut", 1, 0, tail.base), 1, 0, tail.base)
}

// TestFlippedLengthByte damages the length field of a batch in a middle
// segment of partition 0 and of the last batch of partition 1: kfake
// alone emptied the rest of the segment. The CRC does not cover the
// length, so the check finds the next batch, confirms the content with
// the right length and loses nothing.
func TestFlippedLengthByte(t *testing.T) {
	dir := t.TempDir()
	parts := seedTopic(t, dir, "len", 2, 60)
	mid := parts[0][len(parts[0])/2]
	bad := mid.batches[1]
	damaged0 := flipBytes(t, mid.path, bad.pos+10)
	last1 := parts[1][len(parts[1])-1]
	tail := lastBatch(parts[1])
	damaged1 := flipBytes(t, last1.path, tail.pos+11)

	b, report := startChecked(t, dir, false)
	assertQuarantined(t, dir, relSeg(t, dir, mid), damaged0)
	assertQuarantined(t, dir, relSeg(t, dir, last1), damaged1)
	assertReportSays(t, report,
		fmt.Sprintf(`topic "len" partition 0: segment %d\.dat: the batch at offsets %d-%d had a damaged length field; its CRC checks out with the right length, so it is kept`, mid.base, bad.base, bad.end-1),
		fmt.Sprintf(`topic "len" partition 1: segment %d\.dat: the batch at offsets %d-%d had a damaged length field`, last1.base, tail.base, tail.end-1))
	if regexp.MustCompile(`lost`).MatchString(report) {
		t.Errorf("report says something was lost:\n%s", report)
	}
	for p, segs := range parts {
		hw := lastBatch(segs).end
		if got := listOffsets(t, newClient(t, b.Addr()), "len", 2, latest)[p]; got != hw {
			t.Errorf("partition %d: high watermark = %d, want %d", p, got, hw)
		}
		assertRecords(t, readFrom(t, b.Addr(), "len", p, 0, hw), p, 0, hw)
	}
}

// TestMissingMetaJSON deletes meta.json: kfake alone started an empty
// cluster and overwrote topics.json and groups.log. The start must be
// refused, saying what is missing and how to recover, with nothing
// changed; --recover rebuilds it and loses nothing.
func TestMissingMetaJSON(t *testing.T) {
	dir := t.TempDir()
	segs := seedTopic(t, dir, "meta", 1, 60)[0]
	hw := lastBatch(segs).end
	b := startTestBroker(t, Options{DataDir: dir})
	commitAt(t, newClient(t, b.Addr()), "g", "meta", 0, 17)
	b.Close()
	if err := os.Remove(filepath.Join(dir, "meta.json")); err != nil {
		t.Fatal(err)
	}

	msg := startRefused(t, dir)
	for _, want := range []string{"cannot load data dir " + dir, "meta.json is missing", "--recover"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not say %q", msg, want)
		}
	}

	b, report := startChecked(t, dir, true)
	assertReportSays(t, report, `--recover: meta.json rebuilt`)
	cl := newClient(t, b.Addr())
	assertRecords(t, readFrom(t, b.Addr(), "meta", 0, 0, hw), 0, 0, hw)
	if got := committedOffsets(t, cl, "g"); got["meta/0"] != 17 {
		t.Errorf("committed offsets after --recover = %v, want meta/0: 17", got)
	}
}

// TestMissingTopicsJSON deletes topics.json: kfake alone started with no
// topics. Refused; --recover rebuilds the topics and their partition
// counts from the partition folders and says that their configs are lost.
func TestMissingTopicsJSON(t *testing.T) {
	dir := t.TempDir()
	parts := seedTopic(t, dir, "gone", 2, 60)
	if err := os.Remove(filepath.Join(dir, "topics.json")); err != nil {
		t.Fatal(err)
	}

	msg := startRefused(t, dir)
	for _, want := range []string{"topics.json is missing", `"gone"`, "--recover"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not say %q", msg, want)
		}
	}

	b, report := startChecked(t, dir, true)
	assertReportSays(t, report,
		`--recover: topics\.json rebuilt: 0 topics kept as they were, 1 added from their partition folders: "gone" \(2 partitions\)`,
		`could not recover, for the topics added: their configs`)
	cl := newClient(t, b.Addr())
	if n := topicPartitions(t, cl, "gone"); n != 2 {
		t.Fatalf("after --recover: %d partitions, want 2", n)
	}
	for p, segs := range parts {
		hw := lastBatch(segs).end
		assertRecords(t, readFrom(t, b.Addr(), "gone", p, 0, hw), p, 0, hw)
	}
	// The lost config: segment.bytes is back at the broker default.
	if got := describeConfigs(t, cl, kmsg.ConfigResourceTypeTopic, "gone")["segment.bytes"]; got == "2048" {
		t.Errorf("segment.bytes = %s: a lost config is back, so the report is wrong", got)
	}
}

// groupsLogEntries returns the [start, end) byte ranges and JSON bodies
// of groups.log's entries.
func groupsLogEntries(t *testing.T, raw []byte) (spans [][2]int, bodies []string) {
	t.Helper()
	for pos := 0; pos < len(raw); {
		n := 8 + int(binary.LittleEndian.Uint32(raw[pos:]))
		spans = append(spans, [2]int{pos, pos + n})
		bodies = append(bodies, string(raw[pos+10:pos+n]))
		pos += n
	}
	return spans, bodies
}

// TestDamagedGroupsLog damages one commit in the middle of groups.log:
// kfake alone ignored every commit after it, silently. Refused; --recover
// keeps every intact entry, also those after the damage, and the group
// whose latest commit was damaged is back at its commit before.
func TestDamagedGroupsLog(t *testing.T) {
	dir := t.TempDir()
	b := startTestBroker(t, Options{DataDir: dir})
	cl := manualProducer(t, b.Addr())
	createTopic(t, cl, "offs", 1, nil)
	produce(t, cl, "offs", 0, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
	commitAt(t, cl, "A", "offs", 0, 2)
	commitAt(t, cl, "B", "offs", 0, 3)
	commitAt(t, cl, "B", "offs", 0, 6)
	commitAt(t, cl, "C", "offs", 0, 9)
	// A clean close compacts groups.log to the latest commit per group;
	// a copy of the running broker's dir is what a kill -9 leaves.
	dir = crashCopy(t, dir)

	path := filepath.Join(dir, "groups.log")
	raw := fileBytes(t, path)
	spans, bodies := groupsLogEntries(t, raw)
	victim := -1
	for i, body := range bodies {
		if strings.Contains(body, `"g":"B"`) && strings.Contains(body, `"o":6`) {
			victim = i
		}
	}
	if victim < 0 || victim == len(spans)-1 {
		t.Fatalf("groups.log has no commit of B at 6 followed by more entries: %q", bodies)
	}
	damaged := flipBytes(t, path, spans[victim][1]-2)

	msg := startRefused(t, dir)
	for _, want := range []string{"groups.log is damaged", fmt.Sprintf("at byte %d of %d", spans[victim][0], len(raw)), "committed offsets", "--recover"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not say %q", msg, want)
		}
	}

	b, report := startChecked(t, dir, true)
	assertQuarantined(t, dir, "groups.log", damaged)
	assertReportSays(t, report, fmt.Sprintf(`--recover: groups\.log copied whole to .* and rewritten with its %d intact entries \(%d of them after the damage\); lost: %d unreadable bytes`,
		len(spans)-1, len(spans)-1-victim, spans[victim][1]-spans[victim][0]))
	cl = newClient(t, b.Addr())
	for group, want := range map[string]int64{"A": 2, "B": 3, "C": 9} {
		if got := committedOffsets(t, cl, group)["offs/0"]; got != want {
			t.Errorf("group %s: committed %d after --recover, want %d", group, got, want)
		}
	}
}

// TestRecoverOnHealthyDir checks that --recover on a dir with nothing
// wrong changes nothing and says so.
func TestRecoverOnHealthyDir(t *testing.T) {
	dir := t.TempDir()
	segs := seedTopic(t, dir, "fine", 1, 60)[0]
	before := snapshotFiles(t, dir)
	b, report := startChecked(t, dir, true)
	if want := "kscope broker: data dir check: --recover: the metadata files match the partition folders; nothing to rebuild\n"; report != want {
		t.Errorf("report = %q, want %q", report, want)
	}
	hw := lastBatch(segs).end
	assertRecords(t, readFrom(t, b.Addr(), "fine", 0, 0, hw), 0, 0, hw)
	b.Close()
	after := snapshotFiles(t, dir)
	for rel, content := range before {
		if strings.HasSuffix(rel, ".dat") && after[rel] != content {
			t.Errorf("%s changed", rel)
		}
	}
}

// TestTopicsJSONBehindFolders drops one of two topics from topics.json, as
// an old or half-written copy would: kfake alone never loaded that
// topic's records. Refused; --recover adds it back from its folders and
// keeps the other topic's entry (and its configs) as it was.
func TestTopicsJSONBehindFolders(t *testing.T) {
	dir := t.TempDir()
	segsA := seedTopic(t, dir, "a", 1, 60)[0]
	partsB := seedTopic(t, dir, "b", 2, 60)
	path := filepath.Join(dir, "topics.json")
	var doc struct {
		Version int              `json:"version"`
		Topics  []map[string]any `json:"topics"`
	}
	if err := json.Unmarshal(fileBytes(t, path), &doc); err != nil {
		t.Fatal(err)
	}
	doc.Topics = slices.DeleteFunc(doc.Topics, func(m map[string]any) bool { return m["name"] == "b" })
	if len(doc.Topics) != 1 {
		t.Fatalf("topics.json after dropping b: %v", doc.Topics)
	}
	raw, _ := json.Marshal(doc)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	msg := startRefused(t, dir)
	if !strings.Contains(msg, `topics.json does not list (all the partitions of) "b"`) {
		t.Errorf("refusal %q does not name topic b", msg)
	}

	b, report := startChecked(t, dir, true)
	assertReportSays(t, report, `topics\.json rebuilt: 1 topics kept as they were, 1 added from their partition folders: "b" \(2 partitions\)`)
	cl := newClient(t, b.Addr())
	if got := describeConfigs(t, cl, kmsg.ConfigResourceTypeTopic, "a")["segment.bytes"]; got != "2048" {
		t.Errorf("topic a's segment.bytes = %q after --recover, want its own 2048 kept", got)
	}
	hw := lastBatch(segsA).end
	assertRecords(t, readFrom(t, b.Addr(), "a", 0, 0, hw), 0, 0, hw)
	for p, segs := range partsB {
		hw := lastBatch(segs).end
		assertRecords(t, readFrom(t, b.Addr(), "b", p, 0, hw), p, 0, hw)
	}
}

// TestDamagedConfigFile damages acls.json, which kfake cannot start on:
// refused with what is wrong; --recover sets it aside and says what is
// lost.
func TestDamagedConfigFile(t *testing.T) {
	dir := t.TempDir()
	seedTopic(t, dir, "acl", 1, 60)
	path := filepath.Join(dir, "acls.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"acls":[`), 0o600); err != nil {
		t.Fatal(err)
	}
	if msg := startRefused(t, dir); !strings.Contains(msg, "acls.json is damaged") {
		t.Errorf("refusal %q does not say acls.json is damaged", msg)
	}
	_, report := startChecked(t, dir, true)
	assertQuarantined(t, dir, "acls.json", []byte(`{"version":1,"acls":[`))
	assertReportSays(t, report, `--recover: acls\.json was unreadable: moved to .*; lost: the ACLs in it`)
}

// TestFlippedOffsetByte damages the base offset of a batch in a middle
// segment and of a batch in the last segment, upwards and downwards. The
// CRC does not cover it, so kfake alone loaded the batch at a wrong offset
// (and its index out of order). The check puts each batch back where the
// batches around it say it belongs: nothing lost, every record at its own
// offset.
func TestFlippedOffsetByte(t *testing.T) {
	dir := t.TempDir()
	parts := seedTopic(t, dir, "off", 2, 60)
	mid := parts[0][len(parts[0])/2]
	bad := mid.batches[2]
	damaged0 := flipBytes(t, mid.path, bad.pos+7)
	last1 := parts[1][len(parts[1])-1]
	tail := last1.batches[len(last1.batches)-2]
	damaged1 := flipBytes(t, last1.path, tail.pos+6)

	b, report := startChecked(t, dir, false)
	assertQuarantined(t, dir, relSeg(t, dir, mid), damaged0)
	assertQuarantined(t, dir, relSeg(t, dir, last1), damaged1)
	assertReportSays(t, report,
		fmt.Sprintf(`topic "off" partition 0: segment %d\.dat: the batch at byte %d had a damaged offset field .* fits only at offsets %d-%d, where it is kept`, mid.base, bad.pos, bad.base, bad.end-1),
		fmt.Sprintf(`topic "off" partition 1: segment %d\.dat: the batch at byte %d had a damaged offset field .* fits only at offsets %d-%d, where it is kept`, last1.base, tail.pos, tail.base, tail.end-1))
	if strings.Contains(report, "lost") {
		t.Errorf("report says something was lost:\n%s", report)
	}
	for p, segs := range parts {
		hw := lastBatch(segs).end
		if got := listOffsets(t, newClient(t, b.Addr()), "off", 2, latest)[p]; got != hw {
			t.Errorf("partition %d: high watermark = %d, want %d", p, got, hw)
		}
		assertRecords(t, readFrom(t, b.Addr(), "off", p, 0, hw), p, 0, hw)
	}
}

// TestWholeSegmentUnreadable damages every batch of a middle segment: the
// file goes (kept in the quarantine), its offsets are reported lost and
// every later segment stays readable at its offsets.
func TestWholeSegmentUnreadable(t *testing.T) {
	dir := t.TempDir()
	segs := seedTopic(t, dir, "whole", 1, 60)[0]
	i := len(segs) / 2
	seg := segs[i]
	var at []int
	for _, bt := range seg.batches {
		at = append(at, bt.pos+bt.size-1)
	}
	damaged := flipBytes(t, seg.path, at...)
	hw := lastBatch(segs).end

	b, report := startChecked(t, dir, false)
	assertQuarantined(t, dir, relSeg(t, dir, seg), damaged)
	if _, err := os.Stat(seg.path); !os.IsNotExist(err) {
		t.Errorf("the unreadable segment is still there (%v)", err)
	}
	assertReportSays(t, report,
		fmt.Sprintf(`segment %d\.dat: %d bytes at byte 0 of %d cannot be read \(CRC mismatch`, seg.base, len(damaged), len(damaged)),
		fmt.Sprintf(`lost the records at offsets %d-%d; the records after them are intact`, seg.base, segs[i+1].base-1))
	if n := strings.Count(report, "lost the records"); n != 1 {
		t.Errorf("report has %d losses, want the one range:\n%s", n, report)
	}
	if got := listOffsets(t, newClient(t, b.Addr()), "whole", 1, latest)[0]; got != hw {
		t.Errorf("high watermark = %d, want %d", got, hw)
	}
	assertRecords(t, readFrom(t, b.Addr(), "whole", 0, 0, hw), 0, 0, hw, [2]int64{seg.base, segs[i+1].base})
}

// TestTopicNameEscapedInReport gives a partition folder the name of a
// topic full of terminal escapes, as a data dir from before the broker
// refused such names can hold: the refusal names it, escaped.
func TestTopicNameEscapedInReport(t *testing.T) {
	dir := t.TempDir()
	seedTopic(t, dir, "plain", 1, 60)
	evil := "evil\x1b]0;pwned\x07\x1b[2J"
	src := filepath.Join(dir, "partitions", "plain-0")
	dst := filepath.Join(dir, "partitions", url.PathEscape(evil)+"-0")
	if err := os.Rename(src, dst); err != nil {
		t.Fatal(err)
	}
	msg := startRefused(t, dir)
	if strings.ContainsAny(msg, "\x1b\x07") {
		t.Errorf("refusal holds raw escapes: %q", msg)
	}
	if want := `"evil\x1b]0;pwned\x07\x1b[2J"`; !strings.Contains(msg, want) {
		t.Errorf("refusal %q does not name the topic as %s", msg, want)
	}
}

// TestDamagedPIDsLog damages pids.log (producer ids): refused, and
// --recover keeps its intact entries, and producing works again.
func TestDamagedPIDsLog(t *testing.T) {
	dir := t.TempDir()
	segs := seedTopic(t, dir, "pids", 1, 60)[0]
	path := filepath.Join(dir, "pids.log")
	raw := fileBytes(t, path)
	if len(raw) < 12 {
		t.Fatalf("pids.log has %d bytes; the test needs an entry in it", len(raw))
	}
	damaged := flipBytes(t, path, len(raw)-1)
	if msg := startRefused(t, dir); !strings.Contains(msg, "pids.log is damaged") {
		t.Errorf("refusal %q does not say pids.log is damaged", msg)
	}
	b, report := startChecked(t, dir, true)
	assertQuarantined(t, dir, "pids.log", damaged)
	assertReportSays(t, report, `--recover: pids\.log copied whole to .* and rewritten with its \d+ intact entries`)
	hw := lastBatch(segs).end
	produceOneBatch(t, manualProducer(t, b.Addr()), "pids", 0, []string{recordValue(0, hw)})
	assertRecords(t, readFrom(t, b.Addr(), "pids", 0, 0, hw+1), 0, 0, hw+1)
}
