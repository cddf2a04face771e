package kwire

import (
	"errors"
	"testing"
)

func TestSkipTags(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		rest string
		err  bool
	}{
		{"none", []byte{0, 'x'}, "x", false},
		{"one tag of two bytes", []byte{1, 5, 2, 'a', 'b', 'x'}, "x", false},
		{"two tags, of two bytes and none", []byte{2, 0, 2, 0xAA, 0xBB, 5, 0, 'b', 'o', 'd', 'y'}, "body", false},
		{"a tag longer than the input", []byte{1, 0, 9, 1}, "", true},
		{"empty input", nil, "", true},
		{"size past the end", []byte{1, 5, 9, 'a'}, "", true},
		{"tag count with no tag", []byte{2, 5, 0}, "", true},
	} {
		rest, err := SkipTags(c.in)
		if c.err {
			if !errors.Is(err, ErrBadTags) {
				t.Errorf("%s: err %v, want ErrBadTags", c.name, err)
			}
			continue
		}
		if err != nil || string(rest) != c.rest {
			t.Errorf("%s: %q, %v; want %q", c.name, rest, err, c.rest)
		}
	}
}
