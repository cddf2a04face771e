package kittest

import (
	"strings"
	"testing"

	"kscope/views/kit"
)

// MustShow fails t for every one of wants that s's plain view lacks,
// printing the view.
func MustShow(t *testing.T, s kit.Screen, wants ...string) {
	t.Helper()
	v := Plain(s)
	for _, w := range wants {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
}

// MustNotShow fails t when s's plain view holds unwanted.
func MustNotShow(t *testing.T, s kit.Screen, unwanted string) {
	t.Helper()
	if v := Plain(s); strings.Contains(v, unwanted) {
		t.Errorf("view shows %q:\n%s", unwanted, v)
	}
}
