package topics

import (
	"context"
	"errors"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// errLong is a Kafka error with the detail a broker adds: longer than
// a line of 80 columns, its end says what is missing.
var errLong = errors.New("[29] Topic Authorization Failed: principal User:alice may not DESCRIBE topic bankbranch (ask for a DESCRIBE ACL)")

// framed is v without the panes' borders, for WordsIn.
func framed(v string) string {
	return strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ",
		"┃", " ", "┏", " ", "┓", " ", "┗", " ", "┛", " ", "━", " ").Replace(v)
}

// The configs that could not be loaded say why whole in their pane.
func TestDetailConfigsErrorWrapsWhole(t *testing.T) {
	want := "Could not load configs: " + kafkaops.Describe(errLong)
	for _, size := range [][2]int{{60, 21}, {80, 21}} {
		w, h := size[0], size[1]
		f := BankFake()
		f.ConfigsErr = errLong
		s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), w, h)
		v := kittest.Plain(s)
		if !kittest.WordsIn(framed(v), want) {
			t.Errorf("%dx%d: the configs' error is not shown whole:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, s.View(), w, h)
	}
}

// A topic that could not be described says why whole, under its name,
// at 60 and 80 columns, and the frame keeps its size.
func TestDetailDescribeErrorWrapsWhole(t *testing.T) {
	for _, size := range [][2]int{{60, 12}, {80, 21}} {
		w, h := size[0], size[1]
		f := BankFake()
		f.DescribeErr = errLong
		s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), w, h)
		d := s.(*TopicDetail)
		want := d.describeErr(errLong)
		if len(want) <= w {
			t.Fatalf("the error is not longer than %d columns: %q", w, want)
		}
		v := kittest.Plain(s)
		if !kittest.WordsIn(v, want) {
			t.Errorf("%dx%d: the error is not shown whole:\n%s", w, h, v)
		}
		if !strings.Contains(v, "r tries again") {
			t.Errorf("%dx%d: the way to retry is gone:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, s.View(), w, h)
	}
}

// groupsFailing is a fake whose TopicGroups fails with err.
type groupsFailing struct {
	*kafkaopstest.FakeService
	err error
}

// TopicGroups fails.
func (f groupsFailing) TopicGroups(context.Context, string) ([]kafkaops.TopicGroupLag, error) {
	return nil, f.err
}

// The consumer groups that could not be listed say why whole, in their
// pane, at 60 and 80 columns (at 60x15 the pane gives its lines to the
// others).
func TestDetailGroupsErrorWrapsWhole(t *testing.T) {
	want := "Consumer groups " + kafkaops.Describe(errLong)
	for _, size := range [][2]int{{60, 21}, {80, 21}} {
		w, h := size[0], size[1]
		f := groupsFailing{BankFake(), errLong}
		s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), w, h)
		v := kittest.Plain(s)
		if !kittest.WordsIn(framed(v), want) {
			t.Errorf("%dx%d: the groups' error is not shown whole:\n%s", w, h, v)
		}
		kittest.CheckFrame(t, s.View(), w, h)
	}
}
