package kafkaops_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// TestExportThenImportIsByteIdentical exports a topic whose keys, values
// and headers hold text, binary bytes, empty and null values to JSON
// lines (the export's shape), imports the file into another topic and
// reads it back: every key, value and header is the same byte for byte,
// and with the options the partitions and timestamps too.
func TestExportThenImportIsByteIdentical(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "src", 3)
	mustCreate(t, c, "dst", 3)
	base := time.UnixMilli(1_700_000_000_000)
	var rs []kafkaops.ProduceRequest
	for i := range 1200 {
		r := kafkaops.ProduceRequest{Topic: "src", Partition: i % 3, Timestamp: base.Add(time.Duration(i) * time.Millisecond)}
		switch i % 6 {
		case 0:
			r.Key, r.Value = []byte(fmt.Sprintf("k-%d", i)), []byte(fmt.Sprintf(`{"n":%d,"s":"<a&b>"}`, i))
		case 1:
			r.Key, r.Value = []byte{0xff, 0x00, byte(i)}, []byte{0x00, 0x01, 0xfe, byte(i)}
		case 2:
			r.Value = []byte("no key")
		case 3:
			r.Key = []byte("tombstone") // null value
		case 4:
			r.Key, r.Value = []byte(""), []byte("")
		case 5:
			r.Key, r.Value = []byte("héllo\n\ttab"), []byte("line1\nline2 \x1b[31m")
		}
		if i%4 == 0 {
			r.Headers = []kafkaops.Header{{Key: "trace", Value: []byte(fmt.Sprintf("t-%d", i))}, {Key: "bin", Value: []byte{0x80, byte(i)}}, {Key: "nil"}}
		}
		rs = append(rs, r)
	}
	if _, err := c.ProduceBatch(testCtx(t), rs); err != nil {
		t.Fatal(err)
	}
	src, _ := scan(t, c, kafkaops.ScanRequest{Topic: "src", From: kafkaops.ScanFromBeginning})
	var file bytes.Buffer
	for i := range src {
		line, err := kafkaops.MarshalKcat(&src[i])
		if err != nil {
			t.Fatal(err)
		}
		file.Write(append(line, '\n'))
	}
	sum, err := kafkaops.SummarizeJSONL(bytes.NewReader(file.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 1200 || !slices.Equal(sum.Partitions, []int{0, 1, 2}) || !slices.Equal(sum.Topics, []string{"src"}) {
		t.Fatalf("summary %+v, want 1200 records on partitions 0-2 of src", sum)
	}
	var reports []int64
	n, err := kafkaops.ImportJSONL(testCtx(t), c, bytes.NewReader(file.Bytes()),
		kafkaops.ImportRequest{Topic: "dst", KeepPartitions: true, KeepTimestamps: true},
		func(done int64) { reports = append(reports, done) })
	if err != nil || n != 1200 {
		t.Fatalf("imported %d, %v; want 1200", n, err)
	}
	if len(reports) < 2 || reports[len(reports)-1] != 1200 {
		t.Errorf("progress reports %v, want several ending at 1200", reports)
	}
	dst, _ := scan(t, c, kafkaops.ScanRequest{Topic: "dst", From: kafkaops.ScanFromBeginning})
	if len(dst) != len(src) {
		t.Fatalf("read back %d records, want %d", len(dst), len(src))
	}
	order := func(rs []kafkaops.Record) {
		slices.SortFunc(rs, func(a, b kafkaops.Record) int {
			if a.Partition != b.Partition {
				return a.Partition - b.Partition
			}
			return int(a.Offset - b.Offset)
		})
	}
	order(src)
	order(dst)
	for i := range src {
		s, d := src[i], dst[i]
		if !sameBytes(s.Key, d.Key) || !sameBytes(s.Value, d.Value) || !sameHeaders(s.Headers, d.Headers) ||
			s.Partition != d.Partition || !s.Timestamp.Equal(d.Timestamp) {
			t.Fatalf("record %d differs:\n src %+v\n dst %+v", i, s, d)
		}
	}
}

// sameBytes compares two byte slices, telling null (nil) from empty.
func sameBytes(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

func sameHeaders(a, b []kafkaops.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || !sameBytes(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

// TestImportNamesTheBadLine: a line that is not the export's shape is
// reported with its number, before and during an import.
func TestImportNamesTheBadLine(t *testing.T) {
	in := `{"topic":"a","partition":0,"offset":0,"tstype":"create","ts":1,"broker":-1,"key":"k","payload":"v"}

{"topic":"a","partition":1,"offset":0,"tstype":"create","ts":1,"broker":-1,"key":"k","payload":"v","key_encoding":"rot13"}
`
	_, err := kafkaops.SummarizeJSONL(strings.NewReader(in))
	var le *kafkaops.LineError
	if !errors.As(err, &le) || le.Line != 3 || !strings.Contains(err.Error(), "line 3: key: unknown encoding") {
		t.Fatalf("summary error %v, want line 3's encoding", err)
	}
	_, err = kafkaops.SummarizeJSONL(strings.NewReader("{\"topic\":\"a\"}\nnot json\n"))
	if !errors.As(err, &le) || le.Line != 2 {
		t.Fatalf("summary error %v, want line 2", err)
	}
}

// TestParseScanQuery: from: and to: bound the window by time or offset,
// the rest is the filter.
func TestParseScanQuery(t *testing.T) {
	now := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		q, filter, window string
		from, to          kafkaops.ScanBound
		err               string
	}{
		{q: "atm", filter: "atm", window: "from the beginning to the end", from: kafkaops.ScanFromBeginning},
		{q: "from:-1h atm  deposit", filter: "atm deposit", window: "since 1h ago to the end",
			from: kafkaops.ScanBound{Kind: kafkaops.StartTimestamp, Time: now.Add(-time.Hour)}},
		{q: "re:x from:@100 to:@200", filter: "re:x", window: "from offset 100 to offset 200",
			from: kafkaops.ScanBound{Kind: kafkaops.StartOffset, Offset: 100}, to: kafkaops.ScanBound{Kind: kafkaops.StartOffset, Offset: 200}},
		{q: "to:2026-01-02T11:00:00Z", window: "from the beginning to 2026-01-02T11:00:00Z", from: kafkaops.ScanFromBeginning,
			to: kafkaops.ScanBound{Kind: kafkaops.StartTimestamp, Time: time.Date(2026, 1, 2, 11, 0, 0, 0, time.UTC)}},
		{q: "from:beginning to:30m", window: "from the beginning to 30m ago", from: kafkaops.ScanFromBeginning,
			to: kafkaops.ScanBound{Kind: kafkaops.StartTimestamp, Time: now.Add(-30 * time.Minute)}},
		{q: "from:yesterday x", err: "from: cannot read start"},
		{q: "to: x", err: "to: a start word is missing"},
	} {
		sq, err := kafkaops.ParseScanQuery(tc.q)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.q, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		r := sq.Request("t", now)
		if sq.FilterText != tc.filter || sq.Window() != tc.window || r.From.Kind != tc.from.Kind || r.From.Offset != tc.from.Offset ||
			!r.From.Time.Equal(tc.from.Time) || r.To.Kind != tc.to.Kind || r.To.Offset != tc.to.Offset || !r.To.Time.Equal(tc.to.Time) {
			t.Errorf("%q: filter %q, window %q, from %+v, to %+v; want %q, %q, %+v, %+v", tc.q, sq.FilterText, sq.Window(), r.From, r.To, tc.filter, tc.window, tc.from, tc.to)
		}
	}
}
