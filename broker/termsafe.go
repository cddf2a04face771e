package broker

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// escapeForTerminal returns s with everything a terminal could act on
// shown as an escape: control and format characters (ESC, NUL, bidi
// marks, zero-width characters), unassigned and private code points, and
// invalid UTF-8 as \xNN. The start-up check prints topic names taken from
// folder names on disk, which may hold any of these.
func escapeForTerminal(s string) string {
	if isPlainPrintable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case !safeRune(r):
			if r <= 0xff {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u{%x}`, r)
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func isPlainPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// safeRune reports whether r draws as itself: a graphic character that is
// neither a format character, a filler, nor private or unassigned.
func safeRune(r rune) bool {
	if !unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) {
		return false
	}
	switch r {
	case 0x115f, 0x1160, 0x3164, 0xffa0, 0x180e, 0x2800:
		return false // Hangul fillers, Mongolian vowel separator, braille blank
	}
	return r < 0xfff9 || r > 0xfffb
}

// quoteName returns a name from the data dir in double quotes, escaped
// for a terminal (a quote inside shows as \x22).
func quoteName(s string) string {
	return `"` + strings.ReplaceAll(escapeForTerminal(s), `"`, `\x22`) + `"`
}
