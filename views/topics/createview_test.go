package topics

import (
	"testing"

	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// The form scrolls to the focused field when the focus moves, not when it
// is drawn: View only renders.
func TestCreateTopicViewChangesNothing(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 100, 12)
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "a=1", "tab", "b=2", "tab", "c=3", "tab", "d=4", "tab")
	c := s.(*CreateTopic)
	if c.form.top == 0 {
		t.Fatalf("the form did not scroll to the last config row before any View:\n%s", kittest.Plain(s))
	}
	top := c.form.top
	v := c.View()
	if c.form.top != top || c.View() != v {
		t.Errorf("View moved the form from line %d to %d", top, c.form.top)
	}
	if got := kittest.FocusedLine(kittest.Plain(s)); got == "" {
		t.Errorf("the focused row is not shown:\n%s", v)
	}
}
