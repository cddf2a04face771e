package broker

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// diskBatch is one batch of a segment file as the test reads it, from
// the pristine file before damaging it.
type diskBatch struct {
	pos, size int
	base, end int64 // offsets [base, end)
}

// segFile is one segment file of a partition.
type segFile struct {
	path    string
	base    int64
	batches []diskBatch
}

// recordValue is what seedTopic writes at each offset.
func recordValue(p int32, offset int64) string { return fmt.Sprintf("p%d-offset-%05d", p, offset) }

// seedTopic creates topic with small segments in a broker on dir,
// produces batches of 5 records to every partition, closes the broker
// cleanly and returns each partition's segment files. Values are
// recordValue(partition, offset).
func seedTopic(t *testing.T, dir, topic string, partitions int32, batches int) map[int32][]segFile {
	t.Helper()
	// Small segments need a release before 4.0, which raised
	// segment.bytes' minimum to 1 MiB.
	b := startTestBroker(t, Options{DataDir: dir, CheckReport: &bytes.Buffer{}, KafkaVersion: "3.9"})
	cl := manualProducer(t, b.Addr())
	createTopic(t, cl, topic, partitions, map[string]string{"segment.bytes": "2048"})
	for p := range partitions {
		next := int64(0)
		for range batches {
			var vals []string
			for range 5 {
				vals = append(vals, recordValue(p, next))
				next++
			}
			produceOneBatch(t, cl, topic, p, vals)
		}
	}
	b.Close()
	out := map[int32][]segFile{}
	for p := range partitions {
		out[p] = readSegments(t, dir, topic, p)
		if len(out[p]) < 4 {
			t.Fatalf("partition %d has %d segments, the test needs at least 4", p, len(out[p]))
		}
	}
	return out
}

// produceOneBatch produces values to one partition as one request and
// checks each landed where expected (one after the other).
func produceOneBatch(t *testing.T, cl *kgo.Client, topic string, p int32, vals []string) {
	t.Helper()
	recs := make([]*kgo.Record, len(vals))
	for i, v := range vals {
		recs[i] = &kgo.Record{Topic: topic, Partition: p, Value: []byte(v)}
	}
	res := cl.ProduceSync(testContext(t, 10*time.Second), recs...)
	if err := res.FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
	for _, r := range res {
		if want := recordValue(p, r.Record.Offset); string(r.Record.Value) != want {
			t.Fatalf("record %q landed at offset %d (partition %d), want it to hold %q", r.Record.Value, r.Record.Offset, p, want)
		}
	}
}

// readSegments parses a partition's segment files by their length fields.
func readSegments(t *testing.T, dir, topic string, p int32) []segFile {
	t.Helper()
	pdir := filepath.Join(dir, "partitions", fmt.Sprintf("%s-%d", topic, p))
	entries, err := os.ReadDir(pdir)
	if err != nil {
		t.Fatal(err)
	}
	var segs []segFile
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".dat")
		if !ok {
			continue
		}
		base, err := strconv.ParseInt(name, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(pdir, e.Name())
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := segFile{path: path, base: base}
		for pos := 0; pos < len(raw); {
			size := 12 + int(binary.BigEndian.Uint32(raw[pos+8:]))
			first := int64(binary.BigEndian.Uint64(raw[pos:]))
			delta := int64(binary.BigEndian.Uint32(raw[pos+23:]))
			s.batches = append(s.batches, diskBatch{pos: pos, size: size, base: first, end: first + delta + 1})
			pos += size
		}
		segs = append(segs, s)
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].base < segs[j].base })
	return segs
}

// flipBytes inverts the bytes of path at the given positions and returns
// the damaged file's content.
func flipBytes(t *testing.T, path string, at ...int) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range at {
		raw[i] ^= 0xff
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return raw
}

// truncateFile cuts path to size and returns what is left.
func truncateFile(t *testing.T, path string, size int) []byte {
	t.Helper()
	if err := os.Truncate(path, int64(size)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// startChecked starts a broker on dir and returns it with the start-up
// check's report.
func startChecked(t *testing.T, dir string, recoverMeta bool) (*Broker, string) {
	t.Helper()
	var report bytes.Buffer
	b := startTestBroker(t, Options{DataDir: dir, Recover: recoverMeta, CheckReport: &report})
	return b, report.String()
}

// assertQuarantined checks that the quarantine folder holds a copy of
// the file rel (relative to the data dir) equal to want.
func assertQuarantined(t *testing.T, dir, rel string, want []byte) {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, QuarantineDir, "*", rel))
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) != 1 {
		t.Fatalf("quarantine holds %d copies of %s, want 1: %v", len(matches), rel, matches)
	}
	got, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("quarantined %s (%d bytes) differs from the damaged file (%d bytes)", rel, len(got), len(want))
	}
}

// assertReportSays checks the report has a line matching each pattern.
func assertReportSays(t *testing.T, report string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(report) {
			t.Errorf("report does not match %q; report:\n%s", p, report)
		}
	}
}

// readFrom reads partition p of topic from offset from until the high
// watermark hw and returns value per offset. It fails on any error.
func readFrom(t *testing.T, addr, topic string, p int32, from, hw int64) map[int64]string {
	t.Helper()
	cl := newClient(t, addr,
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {p: kgo.NewOffset().At(from)}}),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	got := map[int64]string{}
	last := from - 1
	for last < hw-1 {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %s[%d] from %d: reached offset %d of %d before the deadline", topic, p, from, last, hw)
		}
		for _, fe := range fs.Errors() {
			t.Fatalf("read %s[%d] from %d: %v", topic, p, from, fe.Err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			got[r.Offset] = string(r.Value)
			last = max(last, r.Offset)
		})
	}
	return got
}

// assertRecords checks that got holds exactly the seeded records of
// offsets [from, hw) except those in lost ([lo, hi) ranges), each at its
// own offset.
func assertRecords(t *testing.T, got map[int64]string, p int32, from, hw int64, lost ...[2]int64) {
	t.Helper()
	isLost := func(o int64) bool {
		for _, l := range lost {
			if o >= l[0] && o < l[1] {
				return true
			}
		}
		return false
	}
	for o := from; o < hw; o++ {
		v, ok := got[o]
		switch {
		case isLost(o) && ok:
			t.Errorf("offset %d was reported lost but reads %q", o, v)
		case !isLost(o) && !ok:
			t.Errorf("offset %d is missing: an intact record was lost", o)
		case ok && v != recordValue(p, o):
			t.Errorf("offset %d holds %q, want %q", o, v, recordValue(p, o))
		}
	}
	for o := range got {
		if o < from || o >= hw {
			t.Errorf("read an unexpected offset %d", o)
		}
	}
}

// topicID asks the broker for topic's id.
func topicID(t *testing.T, cl *kgo.Client, topic string) [16]byte {
	t.Helper()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil || len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != 0 {
		t.Fatalf("metadata %s: %v %+v", topic, err, resp)
	}
	return resp.Topics[0].TopicID
}

// commitAt commits offset for group on one partition, outside any group
// generation, as admin tools do.
func commitAt(t *testing.T, cl *kgo.Client, group, topic string, p int32, offset int64) {
	t.Helper()
	req := kmsg.NewPtrOffsetCommitRequest()
	req.Group = group
	req.Generation = -1
	rt := kmsg.NewOffsetCommitRequestTopic()
	rt.Topic = topic
	rt.TopicID = topicID(t, cl, topic)
	rp := kmsg.NewOffsetCommitRequestTopicPartition()
	rp.Partition = p
	rp.Offset = offset
	rt.Partitions = append(rt.Partitions, rp)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("commit %s: %v", group, err)
	}
	for _, rt := range resp.Topics {
		for _, rp := range rt.Partitions {
			if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
				t.Fatalf("commit %s: %v", group, err)
			}
		}
	}
}

// fileBytes returns path's content, or nil when it does not exist.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return raw
}

// snapshotFiles returns the content of every file of the data dir by
// relative path, to show that a refused start changed nothing.
func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = string(fileBytes(t, path))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// startRefused starts a broker on dir, expects a refusal and returns its
// message after checking that it is one line and that no file of the
// dir changed.
func startRefused(t *testing.T, dir string) string {
	t.Helper()
	before := snapshotFiles(t, dir)
	var report bytes.Buffer
	b, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir, CheckReport: &report})
	if err == nil {
		b.Close()
		t.Fatalf("Start succeeded on a data dir with missing or damaged metadata; report:\n%s", report.String())
	}
	assertOneLine(t, err.Error())
	after := snapshotFiles(t, dir)
	delete(after, ".kscope.lock")
	delete(before, ".kscope.lock")
	if !mapsEqual(before, after) {
		t.Errorf("a refused start changed the data dir: before %d files, after %d files", len(before), len(after))
	}
	return err.Error()
}

// crashCopy copies a running broker's data dir (but its lock) to a new
// dir: what a kill -9 at this moment would leave on disk.
func crashCopy(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	for rel, content := range snapshotFiles(t, src) {
		if rel == ".kscope.lock" {
			continue
		}
		path := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
