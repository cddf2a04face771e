package schema

import (
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Control characters (escape
// sequences included) are written as \u escapes and invalid UTF-8 as
// U+FFFD, so decoded text can never drive the terminal.
func appendJSONString(dst []byte, s string) []byte { return appendJSONText(dst, s) }

// appendJSONBytesString is appendJSONString for a byte slice, without
// copying it into a string first.
func appendJSONBytesString(dst, b []byte) []byte { return appendJSONText(dst, b) }

// appendJSONText is the body of appendJSONString for either text type.
func appendJSONText[T string | []byte](dst []byte, s T) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = appendASCII(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && size == 1 || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 {
			dst = appendUnicodeEscape(dst, r)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// appendASCII appends one ASCII byte, escaped as JSON requires.
func appendASCII(dst []byte, c byte) []byte {
	switch {
	case c == '"' || c == '\\':
		return append(dst, '\\', c)
	case c == '\n':
		return append(dst, '\\', 'n')
	case c == '\t':
		return append(dst, '\\', 't')
	case c == '\r':
		return append(dst, '\\', 'r')
	case c < 0x20 || c == 0x7f:
		return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
	}
	return append(dst, c)
}

// appendUnicodeEscape appends r as a \u escape (U+FFFD for invalid bytes).
func appendUnicodeEscape(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// escapeUnsafe rewrites, in valid JSON, the characters JSON allows raw in
// strings but a terminal acts on (DEL and the C1 controls U+0080–U+009F)
// as \u escapes. Outside strings valid JSON holds none, so a plain scan is
// enough. It returns b itself when there is nothing to rewrite.
func escapeUnsafe(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] != 0x7f && b[i] != 0xc2 {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append([]byte(nil), b[:i]...)
	for ; i < len(b); i++ {
		switch {
		case b[i] == 0x7f:
			out = appendUnicodeEscape(out, 0x7f)
		case b[i] == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] < 0xa0:
			out = appendUnicodeEscape(out, rune(b[i+1]))
			i++
		default:
			out = append(out, b[i])
		}
	}
	return out
}

// cleanText drops control characters and invalid UTF-8 from text that came
// from the network, and cuts it to 300 bytes, so an error can be shown.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r >= 0x7f && r < 0xa0 {
			return -1
		}
		return r
	}, s)
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}
