package kit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"orders", "orders"},
		{"", ""},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"bell\x07", `bell\x07`},
		{"tab\tnl\ncr\r", `tab\tnl\ncr\r`},
		{"del\x7f", `del\x7f`},
		{"nul\x00", `nul\x00`},
		{"bad\xff\xfe", `bad\xff\xfe`},
		{"c1\u009b2J", `c1\u009b2J`},
		{"rtl\u202egnp.exe", `rtl\u202egnp.exe`},
		{"zw\u200bsp", `zw\u200bsp`},
		{"bom\ufeff", `bom\ufeff`},
		{"日本語", "日本語"},
		{"emoji 👩‍💻", "emoji 👩‍💻"}, // the zero-width joiner stays
		{`back\slash`, `back\\slash`},
		// Typed literally, an escape's spelling must not pass for one.
		{`\x1b[31m`, `\\x1b[31m`},
		{"\x1b vs \\x1b", `\x1b vs \\x1b`},
	}
	for _, tc := range tests {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSanitizePlainDoesNotAllocate(t *testing.T) {
	s := "team-01.service-002.events"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize of plain ASCII allocates %v times", n)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"orders", 10, "orders"},
		{"orders", 6, "orders"},
		{"orders", 5, "orde…"},
		{"orders", 1, "…"},
		{"orders", 0, ""},
		{"日本語のトピック", 7, "日本語…"}, // never half a wide character
		{"\x1b[1mbold\x1b[m text", 6, "\x1b[1mbold\x1b[m …"},
	}
	for _, tc := range tests {
		got := Truncate(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		if w := ansi.StringWidth(got); w > max(tc.width, 0) {
			t.Errorf("Truncate(%q, %d) is %d cells wide", tc.in, tc.width, w)
		}
	}
	if !strings.HasSuffix(Truncate(strings.Repeat("x", 100), 10), "…") {
		t.Errorf("no ellipsis")
	}
}
