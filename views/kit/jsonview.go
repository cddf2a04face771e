package kit

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"kscope/theme"
)

// ValueKind says how a key or value is shown.
type ValueKind int

// The kinds of value.
const (
	ValueEmpty ValueKind = iota
	ValueJSON
	ValueText
	ValueBinary
)

// String names the kind: "empty", "JSON", "text" or "binary".
func (k ValueKind) String() string {
	return [...]string{"empty", "JSON", "text", "binary"}[k]
}

// Preview limits: a value longer than previewJSONMax is not compacted
// as JSON (a row shows a few dozen cells of it anyway), and a preview is
// cut to about previewMax bytes before it is sanitized.
const (
	previewJSONMax = 64 << 10
	previewMax     = 1024
	previewHexMax  = 64
)

// Classify says whether b is empty, JSON, text or binary (not UTF-8).
// JSON is recognised up to previewJSONMax bytes only.
func Classify(b []byte) ValueKind {
	switch {
	case len(b) == 0:
		return ValueEmpty
	case !utf8.Valid(b):
		return ValueBinary
	case len(b) <= previewJSONMax && LooksJSON(b) && json.Valid(b):
		return ValueJSON
	}
	return ValueText
}

// LooksJSON is a cheap test before json.Valid: an object, an array or a
// string. Bare numbers and words read as text.
func LooksJSON(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && (b[0] == '{' || b[0] == '[' || b[0] == '"')
}

// Preview renders a key or value on one line for a tail row: JSON
// compacted, text sanitized, binary as 0x-prefixed hex. The result holds
// no control character and is cut to about previewMax bytes (the row
// truncates it to its column).
func Preview(b []byte) (string, ValueKind) {
	k := Classify(b)
	switch k {
	case ValueEmpty:
		return "", k
	case ValueBinary:
		n := min(len(b), previewHexMax)
		s := "0x" + hex.EncodeToString(b[:n])
		if n < len(b) {
			s += "…"
		}
		return s, k
	case ValueJSON:
		var buf bytes.Buffer
		if json.Compact(&buf, b) == nil {
			return sanitizeJSON(string(cutRunes(buf.Bytes(), previewMax))), k
		}
	}
	return Sanitize(string(cutRunes(b, previewMax))), ValueText
}

// cutRunes cuts b to at most n bytes without splitting a UTF-8 sequence.
func cutRunes(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}

// sanitizeJSON is Sanitize for JSON text: a backslash in valid JSON
// always starts one of JSON's own escapes, so it is kept single, while
// the characters Sanitize escapes (raw C1 controls, bidi overrides,
// invalid UTF-8 inside strings) still are.
func sanitizeJSON(s string) string {
	out := Sanitize(s)
	if strings.IndexByte(s, '\\') < 0 {
		return out
	}
	return strings.ReplaceAll(out, `\\`, `\`)
}

// Limits of the record detail's JSON view. A value nested deeper than
// JSONMaxDepth, or longer than JSONMaxBytes, is shown as plain text with
// a note: indenting it would cost time and memory out of all proportion
// (a 64 KB value nested 10,000 deep indents to gigabytes of spaces).
const (
	JSONMaxDepth = 64
	JSONMaxBytes = 2 << 20
)

// jsonStyles colour the parts of pretty-printed JSON, from the theme.
// Each style is kept as the escape sequences around a token, rendered
// once, so colouring a token is two string writes rather than a Render.
type jsonStyles struct {
	key, str, num, lit, punct stylePair
}

// stylePair is a style's opening and closing sequences.
type stylePair struct{ open, close string }

// marker is a string no style changes, to find where Render puts the
// text between its sequences.
const marker = "\x00"

func pairOf(s lipgloss.Style) stylePair {
	open, close, ok := strings.Cut(s.Render(marker), marker)
	if !ok {
		return stylePair{}
	}
	return stylePair{open: open, close: close}
}

func (p stylePair) write(b *strings.Builder, tok string) {
	b.WriteString(p.open)
	b.WriteString(tok)
	b.WriteString(p.close)
}

func newJSONStyles(st *theme.Styles) jsonStyles {
	return jsonStyles{
		key:   pairOf(st.Accent),
		str:   pairOf(st.OK),
		num:   pairOf(st.Warning),
		lit:   pairOf(st.Warning),
		punct: pairOf(st.Subtle),
	}
}

// PrettyJSON indents a valid JSON value two spaces a level and colours
// keys, strings, numbers and literals with the theme's styles. Every
// string is sanitized. It returns nil when b is not valid JSON, is
// nested deeper than JSONMaxDepth or is longer than JSONMaxBytes (see
// RenderJSON for the reason).
func PrettyJSON(b []byte, st *theme.Styles) []string {
	lines, _ := RenderJSON(b, st)
	return lines
}

// RenderJSON is PrettyJSON that says why it gave no lines: the note is
// empty when lines are the pretty-printed value, else it says what limit
// the value passed or that it is not valid JSON, and lines is nil (the
// caller shows the value as text). Its time and memory are linear in
// len(b).
func RenderJSON(b []byte, st *theme.Styles) (lines []string, note string) {
	if len(b) > JSONMaxBytes {
		return nil, "longer than " + strconv.Itoa(JSONMaxBytes>>20) + " MB: shown as text"
	}
	if jsonDepth(b) > JSONMaxDepth {
		return nil, "nested deeper than " + strconv.Itoa(JSONMaxDepth) + " levels: shown as text"
	}
	var buf bytes.Buffer
	buf.Grow(2 * len(b))
	if json.Indent(&buf, b, "", "  ") != nil {
		return nil, "not valid JSON: shown as text"
	}
	js := newJSONStyles(st)
	// Raw line breaks cannot occur inside JSON strings, so lines are
	// independent. They are coloured into one string and sliced from it:
	// two allocations for the text of every line.
	src := buf.String()
	n := strings.Count(src, "\n") + 1
	ends := make([]int, 0, n)
	var sb strings.Builder
	sb.Grow(len(src) + len(src)/2)
	for line := range strings.SplitSeq(src, "\n") {
		colourJSONLine(&sb, line, js)
		ends = append(ends, sb.Len())
	}
	all := sb.String()
	out := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
	return out, ""
}

// jsonDepth is how deeply objects and arrays nest in b, read without
// parsing: brackets inside strings do not count.
func jsonDepth(b []byte) int {
	depth, most, inStr := 0, 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
			most = max(most, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return most
}

// colourJSONLine colours one line of indented JSON into b.
func colourJSONLine(b *strings.Builder, line string, js jsonStyles) {
	i := 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == ' ':
			j := i
			for j < len(line) && line[j] == ' ' {
				j++
			}
			b.WriteString(line[i:j])
			i = j
		case c == '"':
			j := i + 1
			for j < len(line) {
				if line[j] == '\\' {
					j += 2
					continue
				}
				if line[j] == '"' {
					j++
					break
				}
				j++
			}
			j = min(j, len(line))
			tok := sanitizeJSON(line[i:j])
			k := j
			for k < len(line) && line[k] == ' ' {
				k++
			}
			if k < len(line) && line[k] == ':' {
				js.key.write(b, tok)
			} else {
				js.str.write(b, tok)
			}
			i = j
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
			js.punct.write(b, line[i:i+1])
			i++
		default:
			j := i
			for j < len(line) && !strings.ContainsRune(" ,:]}", rune(line[j])) {
				j++
			}
			if j == i {
				j++
			}
			tok := Sanitize(line[i:j])
			if c == '-' || (c >= '0' && c <= '9') {
				js.num.write(b, tok)
			} else {
				js.lit.write(b, tok)
			}
			i = j
		}
	}
}

// HexDump renders b as lines of 16 bytes: the offset, the bytes in hex
// and the printable ASCII ones ("." for the others), like xxd.
func HexDump(b []byte) []string { return hexDump(b, 16) }

// HexDumpWidth is the width of HexDump's lines.
const HexDumpWidth = 78

// HexDumpFor is HexDump for a view w cells wide: 16 bytes a line when
// they fit, else 8 (45 cells), so a line is not wrapped in two.
func HexDumpFor(b []byte, w int) []string {
	if w >= HexDumpWidth {
		return hexDump(b, 16)
	}
	return hexDump(b, 8)
}

// hexDump renders b as lines of perRow bytes, a gap after the eighth.
func hexDump(b []byte, perRow int) []string {
	var out []string
	for off := 0; off < len(b); off += perRow {
		row := b[off:min(off+perRow, len(b))]
		var sb strings.Builder
		sb.WriteString(hex.EncodeToString([]byte{byte(off >> 24), byte(off >> 16), byte(off >> 8), byte(off)}))
		sb.WriteString("  ")
		for i := 0; i < perRow; i++ {
			if i == 8 {
				sb.WriteByte(' ')
			}
			if i < len(row) {
				sb.WriteString(hex.EncodeToString(row[i : i+1]))
				sb.WriteByte(' ')
			} else {
				sb.WriteString("   ")
			}
		}
		sb.WriteString(" |")
		for _, c := range row {
			if c >= 0x20 && c < 0x7f {
				sb.WriteByte(c)
			} else {
				sb.WriteByte('.')
			}
		}
		sb.WriteByte('|')
		out = append(out, sb.String())
	}
	return out
}
