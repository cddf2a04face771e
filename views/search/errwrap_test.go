package search

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// A query that cannot be read says why whole, wrapped under the input,
// at 60 and 80 columns; over results, the matches give up the lines it
// takes and the frame keeps its height.
func TestParseErrorWrapsWhole(t *testing.T) {
	const bad = "from:someday atm"
	_, err := kafkaops.ParseScanQuery(bad)
	if err == nil {
		t.Fatalf("%q is read as a query", bad)
	}
	msg := kafkaops.Describe(err)
	for _, size := range [][2]int{{60, 12}, {80, 21}} {
		w, h := size[0], size[1]
		if len(msg) <= w {
			t.Fatalf("the error is not longer than %d columns: %q", w, msg)
		}
		f := kafkaopstest.NewScanFake(nil)
		f.Events <- kafkaops.ScanEvent{Matches: atmRecords(), Progress: progress(2, true)}
		s, _ := kittest.Start(t, NewSearch(f, kittest.TestStyles(), "bankbranch", "atm"), w, h)
		s, _ = kittest.Press(s, "/")
		s, _ = kittest.Press(s, " from:someday", "enter")
		v := kittest.Plain(s)
		if !s.Capturing() || !kittest.WordsIn(v, msg) {
			t.Errorf("%dx%d: the reason is not shown whole:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, s.View(), w, h)
		if !strings.Contains(v, "acct-1") {
			t.Errorf("%dx%d: the matches went under the reason:\n%s", w, h, v)
		}
		s.(*Search).Close()
	}
}
