package reassign

import (
	"testing"

	"charm.land/bubbles/v2/key"

	"kscope/views/kit/kittest"
)

// bindingHelps are the "key desc" hints of the enabled bindings.
func bindingHelps(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return out
}

func fullKeys(groups [][]key.Binding) []key.Binding {
	var out []key.Binding
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func sameKeys(t *testing.T, state string, got []key.Binding, want ...string) {
	t.Helper()
	g := bindingHelps(got)
	if len(g) != len(want) {
		t.Errorf("%s: keys %q, want %q", state, g, want)
		return
	}
	for i := range want {
		if g[i] != want[i] {
			t.Errorf("%s: keys %q, want %q", state, g, want)
			return
		}
	}
}

// TestPlanHelpShowsTheKeysOfEachState walks the plan through its states
// and checks that the help line and the full help list exactly the keys
// that work there: esc while the request is on its way, y and esc/n on
// the review, enter and esc while typing.
func TestPlanHelpShowsTheKeysOfEachState(t *testing.T) {
	f := planFake()
	s := startPlan(t, f)
	sameKeys(t, "list", s.ShortHelp(), "e edit replicas", "f replication factor", "esc back")

	s, _ = kittest.Press(s, "f")
	sameKeys(t, "factor", s.ShortHelp(), "enter accept", "esc cancel")
	sameKeys(t, "factor full", fullKeys(s.FullHelp()), "enter accept", "esc cancel")

	s, _ = kittest.Press(s, "3", "enter")
	sameKeys(t, "changed list", s.ShortHelp(), "e edit replicas", "f replication factor", "enter review plan", "u undo all", "esc back")

	s, _ = kittest.Press(s, "enter")
	sameKeys(t, "review", s.ShortHelp(), "y start it", "esc/n edit plan")
	sameKeys(t, "review full", fullKeys(s.FullHelp()), "y start it", "esc/n edit plan")

	// y sends the request; its answer is not fed back, so the plan
	// stays in the state where it is on its way.
	var cmd any
	for _, m := range kittest.KeyMsgs("y") {
		s, cmd = s.Update(m)
	}
	if cmd == nil {
		t.Fatal("y sent nothing")
	}
	sameKeys(t, "applying", s.ShortHelp(), "esc leave (it goes on)")
	sameKeys(t, "applying full", fullKeys(s.FullHelp()), "esc leave (it goes on)")
	_, msgs := kittest.Press(s, "esc")
	if !kittest.HasPop(msgs) {
		t.Errorf("esc while applying: %v, want the screen to close", msgs)
	}
}
