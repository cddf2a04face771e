package security

import (
	"strings"
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// A security form marks an empty field ✗ only once it was edited or the
// form was submitted: before, what the field wants reads as a hint.
func TestFormsMarkEmptyFieldsOnlyAfterEditOrSubmit(t *testing.T) {
	cases := []struct {
		name  string
		open  func() kit.Screen
		wants []string // the errors enter shows
	}{
		{"scram user", func() kit.Screen { return NewScramUser(userFake(), kittest.TestStyles(), "", "") },
			[]string{"✗ the user's name", "✗ the new password"}},
		{"create acl", func() kit.Screen { return NewCreateACL(aclFake(), kittest.TestStyles(), nil) },
			[]string{"✗ who: User:alice", "✗ which resource"}},
		{"edit quota", func() kit.Screen { return NewEditQuota(quotaFake(), kittest.TestStyles(), nil) },
			[]string{"✗ a user, a client id, or both"}},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{80, 16}, {60, 12}} {
			s, _ := kittest.Start(t, c.open(), size[0], size[1])
			v := kittest.Plain(s)
			if strings.Contains(v, "✗") {
				t.Errorf("%s %dx%d: a field is marked wrong before anything was typed:\n%s", c.name, size[0], size[1], v)
			}
			hint := strings.TrimPrefix(c.wants[0], "✗ ")
			if !strings.Contains(v, hint) {
				t.Errorf("%s %dx%d: the empty form does not say what to type (%q):\n%s", c.name, size[0], size[1], hint, v)
			}
			s, _ = kittest.Press(s, "enter")
			v = kittest.Plain(s)
			for _, want := range append(c.wants, fixFirst) {
				if !strings.Contains(v, want) {
					t.Errorf("%s %dx%d: enter on the empty form does not show %q:\n%s", c.name, size[0], size[1], want, v)
				}
			}
		}
	}
}

// Typing in a field and emptying it again marks it ✗ at once.
func TestScramUserEmptiedNameIsMarked(t *testing.T) {
	s, _ := kittest.Start(t, NewScramUser(userFake(), kittest.TestStyles(), "", ""), 80, 16)
	s, _ = kittest.Press(s, "c", "backspace")
	v := kittest.Plain(s)
	if !strings.Contains(v, "✗ the user's name") {
		t.Errorf("an emptied name is not marked:\n%s", v)
	}
	if strings.Contains(v, "✗ the new password") {
		t.Errorf("the password, not typed in yet, is marked:\n%s", v)
	}
}
