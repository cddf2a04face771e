package broker

import "testing"

func TestEscapeForTerminal(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"orders", "orders"},
		{"a b", "a b"},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`},
		{"clear\x1b[2J", `clear\x1b[2J`},
		{"nul\x00", `nul\x00`},
		{"back\\slash", `back\\slash`},
		{"bidi\u202e", `bidi\u{202e}`},
		{"soft\u00ad", `soft\xad`},
		{"filler\u3164", `filler\u{3164}`},
		{"bad\xff", `bad\xff`},
		{"café", "café"},
	} {
		if got := escapeForTerminal(c.in); got != c.want {
			t.Errorf("escapeForTerminal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
