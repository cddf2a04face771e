package kit

import (
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

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
