package tail

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// The f prompt's error wraps instead of losing its end (the starts it
// takes) at 60 and 80 columns; the rows keep the one the tail follows,
// and the frame keeps its height.
func TestTailPromptErrorWrapsWhole(t *testing.T) {
	_, want := kafkaops.ParseTailArgs([]string{"someday"})
	if want == nil {
		t.Fatal("someday is read as a start")
	}
	msg := want.Error()
	for _, size := range [][2]int{{60, 12}, {80, 21}} {
		w, h := size[0], size[1]
		if len(msg) <= w {
			t.Fatalf("the error is not longer than %d columns: %q", w, msg)
		}
		tl, _ := newTestTail(w, h, TailOptions{})
		deliver(tl, kafkaopstest.Records(0, 0, 40))
		kittest.Press(tl, "f")
		tl.mode.input.SetValue("someday")
		kittest.Press(tl, "enter")
		v := kittest.Plain(tl)
		if !tl.mode.prompting() || !kittest.WordsIn(v, msg) {
			t.Errorf("%dx%d: the error is not shown whole:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, tl.View(), w, h)
		// The tail follows its end: the newest record stays on screen.
		if !strings.Contains(v, `{"n":39}`) {
			t.Errorf("%dx%d: the newest row went under the error:\n%s", w, h, v)
		}
	}
}
