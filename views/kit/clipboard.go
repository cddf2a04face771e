package kit

import (
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

// clipboardMax bounds what `c` copies: OSC 52 goes through the terminal
// (and tmux) as base64, and many terminals drop sequences much longer
// than this.
const clipboardMax = 512 << 10

// CopyValue copies a record value to the system clipboard with OSC 52
// (tea.SetClipboard; the sequence carries base64, so the value cannot act
// on the terminal) and says so. A value that is not UTF-8 is copied as
// hex, since a clipboard holds text.
func CopyValue(v []byte) tea.Cmd {
	if len(v) == 0 {
		return Status("copy: the value is empty", false)
	}
	text, what := string(v), "the value"
	if !utf8.Valid(v) {
		text, what = HexString(v), "the value as hex"
	}
	if len(text) > clipboardMax {
		return Status("copy: the value is too large for the clipboard ("+FormatCount(int64(len(text)))+" bytes); export it with e", true)
	}
	return tea.Batch(
		tea.SetClipboard(text),
		Status("copied "+what+" ("+PluralCount(int64(len(v)), "byte")+") to the clipboard (OSC 52)", false),
	)
}

// CopyText copies text (a name) to the system clipboard with OSC 52 and
// says so; what names it in the message ("the topic name").
func CopyText(text, what string) tea.Cmd {
	if len(text) > clipboardMax {
		return Status("copy: "+what+" is too large for the clipboard", true)
	}
	return tea.Batch(
		tea.SetClipboard(text),
		Status("copied "+what+" ("+PluralCount(int64(utf8.RuneCountInString(text)), "character")+") to the clipboard (OSC 52)", false),
	)
}

// HexString is b as lower-case hex.
func HexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&0xf]
	}
	return string(out)
}
