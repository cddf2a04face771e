// Package textsafe makes text that came from outside (a cluster, a file,
// a command line) safe to print on one line of a terminal. The screens,
// the commands for scripts and the broker's log all use it.
package textsafe

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/clipperhouse/uax29/v2/graphemes"
)

// Sanitize makes a string that came from the cluster (a topic name, a
// config value, a record key) safe to print on one line of a terminal.
// Control characters, ESC and DEL are shown escaped (`\x1b`), tabs and line
// breaks as `\t`, `\n` and `\r`, invalid UTF-8 bytes as `\xNN`, and the
// invisible characters that reorder, hide or pad text (every format
// character: bidi controls, zero-width spaces and joiners, the soft
// hyphen, tag characters; C1 controls, line separators, Hangul fillers) as
// `\uNNNN` or `\UNNNNNNNN`.
//
// Terminals disagree on how wide some grapheme clusters are: one that
// measures each character (tmux, most terminals) and one that measures the
// cluster (Bubble Tea's renderer, kitty) draw an emoji with a skin tone, a
// keycap, VS16, Thai SARA AM or a Devanagari vowel sign at different
// widths, so a row would wrap on one of them. Such a cluster keeps its
// first character and shows the rest escaped, so that every terminal
// draws the result at the width Truncate and the tables measure.
//
// Printable text, wide characters and plain emoji are kept as they are. A
// backslash is doubled (`\\`), so that a name that holds the four
// characters `\x1b` reads differently from one that holds an ESC. A string
// of printable ASCII without backslashes is returned unchanged without
// allocating.
func Sanitize(s string) string {
	if PlainASCII(s) && strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	g := graphemes.FromString(s)
	for g.Next() {
		c := g.Value()
		if len(c) > 1 && utf8.RuneCountInString(c) > 1 && disagree(c) {
			r, size := utf8.DecodeRuneInString(c)
			writeRune(&b, c[:size], r, false)
			for _, r := range c[size:] {
				writeEscaped(&b, r)
			}
			continue
		}
		single := utf8.RuneCountInString(c) == 1
		// A mark without a base printed before it (at the start, after
		// a control or an invalid byte) would join whatever is there,
		// an escape's last letter included: it is escaped too.
		based := false
		for i := 0; i < len(c); {
			r, size := utf8.DecodeRuneInString(c[i:])
			if attaches(r) && !based {
				writeEscaped(&b, r)
			} else {
				based = writeRune(&b, c[i:i+size], r, single)
			}
			i += size
		}
	}
	return b.String()
}

// attaches reports whether r joins the letter before it in a grapheme
// cluster (a combining mark, a spacing mark such as Thai SARA AM, a
// variation selector, an emoji modifier), by the same rules that cut
// Sanitize's input.
func attaches(r rune) bool {
	if r < 0x300 {
		return false // nothing below the combining diacritics joins
	}
	var buf [8]byte
	buf[0] = 'a'
	n := utf8.EncodeRune(buf[1:], r)
	g := graphemes.FromString(string(buf[:1+n]))
	g.Next()
	return len(g.Value()) == 1+n
}

// disagree reports whether terminals measure cluster c differently (see
// Sanitize); invalid bytes, which are escaped anyway, are left out.
func disagree(c string) bool {
	if !utf8.ValidString(c) {
		c = strings.ToValidUTF8(c, "")
	}
	return ansi.StringWidth(c) != ansi.StringWidthWc(c)
}

// writeRune writes one character of Sanitize's input, raw is its bytes:
// as it is when printable, escaped otherwise. alone says the character is
// a cluster of its own, whose width terminals must then agree on. It
// reports whether it wrote the character as it is.
func writeRune(b *strings.Builder, raw string, r rune, alone bool) bool {
	switch {
	case r == utf8.RuneError && len(raw) == 1:
		writeHex(b, 'x', uint32(raw[0]), 2)
	case r == '\\':
		b.WriteString(`\\`)
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r < 0x20 || r == 0x7f:
		writeHex(b, 'x', uint32(r), 2)
	case invisible(r) || (alone && disagree(raw)):
		writeEscaped(b, r)
	default:
		b.WriteString(raw)
		return true
	}
	return false
}

// writeEscaped writes r as `\uNNNN`, or `\UNNNNNNNN` beyond the BMP.
func writeEscaped(b *strings.Builder, r rune) {
	if r > 0xffff {
		writeHex(b, 'U', uint32(r), 8)
		return
	}
	writeHex(b, 'u', uint32(r), 4)
}

// PlainASCII reports whether s holds only printable ASCII, the common case
// for topic names, which then need no work at all.
func PlainASCII(s string) bool {
	// Eight bytes at a time (every topic name passes here on each
	// listing: 100,000 names at a launch): a word is plain when no byte
	// has its high bit, none is below 0x20 and none is 0x7f. With no high
	// bit set, each test below is exact for every byte of the word.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		below := (w - 0x20*ones) &^ w & highs                      // a byte under 0x20
		del := ((w ^ 0x7f*ones) - ones) &^ (w ^ 0x7f*ones) & highs // a byte 0x7f
		if w&highs != 0 || below != 0 || del != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// invisible reports whether r is a character a terminal would act on,
// hide or draw as blank padding rather than show: C1 controls, every
// format character (Cf: bidi controls, zero-width spaces, joiners and
// marks, the soft hyphen, U+061C, U+2060, U+180E, U+FFF9–FFFB, tag
// characters, the byte-order mark), line and paragraph separators, and
// the Hangul fillers.
func invisible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls, e.g. CSI as one rune
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0: // Hangul fillers
		return true
	}
	return unicode.Is(unicode.Cf, r)
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
