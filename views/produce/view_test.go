package produce

import (
	"reflect"
	"strings"
	"testing"

	"kscope/views/kit/kittest"
)

// The form and its editors scroll when the focus or the cursor moves, not
// when they are drawn: View only renders.
func TestProduceViewChangesNothing(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s.SetSize(80, 12)
	long := strings.Repeat("\n"+`{"a": 1},`, 20)
	s, _ = kittest.KeysAll(s, "atm-1", "tab", "["+long, "tab", "tab")
	p := s.(*Produce)
	if p.form.focus != prodRepeat || p.form.top == 0 {
		t.Fatalf("focus %d, form scrolled to line %d before any View; want the repeat field and a scrolled form", p.form.focus, p.form.top)
	}
	before := p.form
	v := p.View()
	if !reflect.DeepEqual(p.form, before) {
		t.Errorf("View changed the form: top %d → %d", before.top, p.form.top)
	}
	if p.View() != v {
		t.Error("a second View renders differently")
	}
	if !strings.Contains(kittest.FocusedLine(v), "Repeat") {
		t.Errorf("the focused field is not shown:\n%s", v)
	}
}
