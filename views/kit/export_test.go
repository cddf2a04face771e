package kit_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/views/kit"
)

func TestExportNameAndWrite(t *testing.T) {
	if got := kit.ExportName("search", "a/b\x1b..c", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)); got != "kscope-search-a_b_..c-20240102-030405.jsonl" {
		t.Errorf("name %q", got)
	}
	dir := t.TempDir()
	recs := []kafkaops.Record{{Offset: 1}, {Offset: 2}}
	line := func(r *kafkaops.Record) ([]byte, error) { return []byte("offset " + string(rune('0'+r.Offset))), nil }
	p1, err1 := kit.WriteExport(dir, "x.jsonl", recs, line)
	p2, err2 := kit.WriteExport(dir, "x.jsonl", recs, line)
	if err1 != nil || err2 != nil || p1 == p2 || !strings.HasSuffix(p1, "/x.jsonl") || !strings.HasSuffix(p2, "/x-2.jsonl") {
		t.Fatalf("two exports of one name: %q %v, %q %v", p1, err1, p2, err2)
	}
	b, err := os.ReadFile(p2)
	if err != nil || string(b) != "offset 1\noffset 2\n" {
		t.Errorf("file holds %q (%v)", b, err)
	}
	if fi, err := os.Stat(p1); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	bad := errors.New("cannot encode")
	if _, err := kit.WriteExport(dir, "y.jsonl", recs, func(*kafkaops.Record) ([]byte, error) { return nil, bad }); !errors.Is(err, bad) {
		t.Errorf("a line's error: %v", err)
	}
	if _, err := kit.WriteExport(dir+"/missing", "z.jsonl", recs, line); err == nil {
		t.Error("an export into a directory that does not exist succeeded")
	}
}
