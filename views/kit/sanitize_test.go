package kit

import (
	"strings"
	"testing"
	"unicode"

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
		{"emoji 👩", "emoji 👩"},
		{"flag 🇫🇷", "flag 🇫🇷"},
		{"café", "café"}, {"cafe\u0301", "cafe\u0301"}, // a combining accent is one cell everywhere
		// Clusters terminals draw at different widths keep their first
		// character; the rest is escaped.
		{"dev 👩‍💻", `dev 👩\u200d\U0001f4bb`},
		{"ok 👍🏽", `ok 👍\U0001f3fd`},
		{"key 1️⃣", `key 1\ufe0f\u20e3`},
		{"smile ☺️", `smile ☺\ufe0f`},
		{"thai กำ", `thai ก\u0e33`},
		// Every format character and filler is escaped.
		{"soft\u00adhyphen", `soft\u00adhyphen`},
		{"alm\u061c", `alm\u061c`},
		{"wj\u2060", `wj\u2060`},
		{"mvs\u180e", `mvs\u180e`},
		{"ann\ufff9\ufffb", `ann\ufff9\ufffb`},
		{"tag\U000e0041", `tag\U000e0041`},
		{"fill\u115f\u3164\uffa0", `fill\u115f\u3164\uffa0`},
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

// FuzzSanitizeWidth: whatever the input, the sanitized text holds no
// control or format character and measures the same by the grapheme rules
// (Bubble Tea, Lip Gloss) and by the per-character rules of tmux and most
// terminals; a table cell made of it is exactly its width by both.
func FuzzSanitizeWidth(f *testing.F) {
	for _, s := range []string{"orders", "👩\u200d💻 👍🏽 1️⃣ ☺️", "กำ नमस्ते", "\x1b[31m\u202e\u00ad", "日本語のトピック", "\xff\xfe"} {
		f.Add(s, 12)
	}
	f.Fuzz(func(t *testing.T, s string, w int) {
		out := Sanitize(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Sanitize(%q) = %q keeps %U", s, out, r)
			}
		}
		if g, wc := ansi.StringWidth(out), ansi.StringWidthWc(out); g != wc {
			t.Fatalf("Sanitize(%q) = %q: %d cells by graphemes, %d by characters", s, out, g, wc)
		}
		w = 1 + abs(w)%60
		cell := Fit(out, w, false)
		if g, wc := ansi.StringWidth(cell), ansi.StringWidthWc(cell); g != w || wc != w {
			t.Fatalf("cell of %q at width %d is %d cells by graphemes, %d by characters", out, w, g, wc)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
