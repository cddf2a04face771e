package kit

import (
	"github.com/charmbracelet/x/ansi"

	"kscope/internal/textsafe"
)

// Sanitize makes a string that came from the cluster safe to print on one
// line of a terminal; see textsafe.Sanitize for what it escapes and why.
func Sanitize(s string) string { return textsafe.Sanitize(s) }

// Truncate cuts s, which may hold ANSI styles, to at most width terminal
// cells by display width, ending with "…" when something was cut. Wide
// characters are never split.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if textsafe.PlainASCII(s) {
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
