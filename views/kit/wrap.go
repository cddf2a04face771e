package kit

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// simpleRune reports whether r is one cell wide and a grapheme of its own
// whatever follows it: printable ASCII, and Latin-1 and Latin Extended
// letters (below the combining marks at U+0300), but not the soft
// hyphen. Text made only of these is measured and wrapped without
// grapheme segmentation.
func simpleRune(r rune) bool {
	return r >= 0x20 && r < 0x7f || r >= 0xa1 && r < 0x300 && r != 0xad
}

// skipSGR returns the index after the CSI sequence starting at s[i]
// (ESC '['), or -1 when s[i:] does not start one.
func skipSGR(s string, i int) int {
	if i+1 >= len(s) || s[i] != 0x1b || s[i+1] != '[' {
		return -1
	}
	for j := i + 2; j < len(s); j++ {
		if c := s[j]; c >= 0x40 && c <= 0x7e {
			return j + 1
		}
	}
	return -1
}

// LineWidth is ansi.StringWidth, fast for lines of simple runes and
// styling sequences (the record detail's JSON and text): a 1 MB value is
// measured in a few milliseconds rather than a few hundred.
func LineWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := skipSGR(s, i)
			if j < 0 {
				return ansi.StringWidth(s)
			}
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !simpleRune(r) {
			return ansi.StringWidth(s)
		}
		n++
		i += size
	}
	return n
}

// WrapLine cuts s into lines of at most width cells, as ansi.Hardwrap
// does (styling kept), fast for a line of simple runes without styling.
func WrapLine(s string, width int) []string {
	if width <= 0 {
		return []string{s}
	}
	var out []string
	start, cells := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !simpleRune(r) {
			return strings.Split(ansi.Hardwrap(s, width, true), "\n")
		}
		if cells == width {
			out = append(out, s[start:i])
			start, cells = i, 0
		}
		cells++
		i += size
	}
	return append(out, s[start:])
}

// SanitizeLine is Sanitize with a fast path: a line of simple runes
// without a backslash is already safe and is returned as it is.
func SanitizeLine(s string) string {
	for _, r := range s {
		if !simpleRune(r) || r == '\\' {
			return Sanitize(s)
		}
	}
	return s
}
