package kit

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes a string that came from the cluster (a topic name, a
// config value, a record key) safe to print on one line of a terminal.
// Control characters, ESC and DEL are shown escaped (`\x1b`), tabs and line
// breaks as `\t`, `\n` and `\r`, invalid UTF-8 bytes as `\xNN`, and the
// invisible characters that reorder or hide text (bidi overrides, zero-width
// spaces, C1 controls, line separators) as `\uNNNN`. Printable text,
// including wide characters and emoji, is kept as is. A backslash is doubled
// (`\\`), so that a name that holds the four characters `\x1b` reads
// differently from one that holds an ESC. A string of printable ASCII
// without backslashes is returned unchanged without allocating.
func Sanitize(s string) string {
	if plainASCII(s) && strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeHex(&b, 'x', uint32(s[i]), 2)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			writeHex(&b, 'x', uint32(r), 2)
		case invisible(r):
			writeHex(&b, 'u', uint32(r), 4)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// plainASCII reports whether s holds only printable ASCII, the common case
// for topic names, which then need no work at all.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// invisible reports whether r is a character a terminal would act on or
// hide rather than show: C1 controls, bidi embeddings, overrides and
// isolates, zero-width spaces and marks, line and paragraph separators and
// the byte-order mark. Zero-width joiners are kept: emoji need them.
func invisible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls, e.g. CSI as one rune
		return true
	case r == 0x200b, r == 0x200e, r == 0x200f: // ZWSP, LRM, RLM
		return true
	case r >= 0x2028 && r <= 0x202e: // separators, bidi embeddings/overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0xfeff:
		return true
	}
	return false
}

func writeHex(b *strings.Builder, kind byte, v uint32, digits int) {
	b.WriteByte('\\')
	b.WriteByte(kind)
	h := strconv.FormatUint(uint64(v), 16)
	for i := len(h); i < digits; i++ {
		b.WriteByte('0')
	}
	b.WriteString(h)
}

// Truncate cuts s, which may hold ANSI styles, to at most width terminal
// cells by display width, ending with "…" when something was cut. Wide
// characters are never split.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if plainASCII(s) {
		if len(s) <= width {
			return s
		}
		if width == 1 {
			return "…"
		}
		return s[:width-1] + "…"
	}
	return ansi.Truncate(s, width, "…")
}
