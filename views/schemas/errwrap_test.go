package schemas

import (
	"errors"
	"testing"

	"kscope/kafkaops"
	"kscope/views/kit/kittest"
)

// A subject whose versions could not be read says why whole at 60 and
// 80 columns.
func TestSubjectLoadErrorWrapsWhole(t *testing.T) {
	long := errors.New("registry answered 401 Unauthorized: the credentials in the context's schema registry settings were refused for subject orders-value")
	want := "could not read the versions: " + kafkaops.Describe(long)
	for _, size := range [][2]int{{60, 12}, {80, 21}} {
		w, h := size[0], size[1]
		if len(want) <= w {
			t.Fatalf("the error is not longer than %d columns: %q", w, want)
		}
		reg := fakeRegistry()
		reg.Err = long
		s, _ := kittest.Start(t, NewSubject(reg, kittest.TestStyles(), "orders-value"), w, h)
		v := kittest.Plain(s)
		if !kittest.WordsIn(v, want) {
			t.Errorf("%dx%d: the error is not shown whole:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, s.View(), w, h)
	}
}
