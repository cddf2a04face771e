package groups

import (
	"errors"
	"strings"
	"testing"

	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// A group that could not be described says why whole, under its id, at
// 60 and 80 columns; the panes say so instead of "Loading…".
func TestGroupDetailErrorWrapsWhole(t *testing.T) {
	long := errors.New("[30] Group Authorization Failed: principal User:alice may not DESCRIBE group billing (ask for a DESCRIBE ACL)")
	for _, size := range [][2]int{{60, 12}, {80, 21}} {
		w, h := size[0], size[1]
		f := kafkaopstest.NewGroupsFake()
		f.GroupErr = long
		d := newTestGroupDetail(t, f, GroupsOptions{}, w, h)
		want := d.describeErr(long)
		if len(want) <= w {
			t.Fatalf("the error is not longer than %d columns: %q", w, want)
		}
		v := kittest.Plain(d)
		if !kittest.WordsIn(v, want) {
			t.Errorf("%dx%d: the error is not shown whole:\n%s", w, h, v)
		}
		if !strings.Contains(v, "r tries again") {
			t.Errorf("%dx%d: the way to retry went off screen:\n%s", w, h, v)
		}
		if strings.Contains(v, "Loading") {
			t.Errorf("%dx%d: a failed describe still says it is loading:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, d.View(), w, h)
	}
}
