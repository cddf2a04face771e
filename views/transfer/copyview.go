package transfer

import (
	"fmt"
	"strings"
	"time"

	"kscope/views/kit"
)

// View renders what the copy reads, the destination and options, and
// then the question, the progress or the outcome.
func (c *Copy) View() string {
	if c.w <= 0 || c.h <= 0 {
		return ""
	}
	w, st := c.w, c.st
	query := kit.Sanitize(c.sq.FilterText)
	if query == "" {
		query = st.Subtle.Render("every record (no filter)")
	}
	lines := append(c.page(c.Title()), field(st, "query", query, w), field(st, "window", c.sq.Window(), w), "")
	focused := c.planning() && c.focus == copyFieldTopic
	dest := kit.InputView(&c.dest, st, focused, "topic to copy to", "", kit.InputWidth(w))
	lines = append(lines, kit.Truncate(kit.FieldLabel(st, "to topic", focused)+dest, w))
	lines = append(lines, c.optionLines(copyFields, "same partition number, else by key", "the record's time, else now")...)
	lines = append(lines, "")
	lines = append(lines, c.stateLines(w)...)
	return c.padded(lines)
}

// stateLines are the lines under the options: a hint or refusal, the
// question, the progress or the outcome.
func (c *Copy) stateLines(w int) []string {
	st := c.st
	if c.offer.Open() {
		return c.offer.Lines(st, w)
	}
	switch c.phase {
	case phasePlan:
		if c.note != "" {
			return kit.Wrapped(st.Error, c.note, w)
		}
		hint := "enter copies every match of the window; esc stops a copy, what was copied stays"
		if c.sq.FilterText == "" {
			hint = "enter copies every record of the window; esc stops a copy, what was copied stays"
		}
		if c.destName() == c.src {
			hint = "the same topic: a replay, the copies are appended (the copy stops at today's end offsets)"
		}
		return kit.Wrapped(st.Subtle, hint, w)
	}
	return c.progressLines(w)
}

// progressLines say how far the copy is, or how it ended.
func (c *Copy) progressLines(w int) []string {
	st := c.st
	parts := []string{kit.PluralCount(c.sent, "record") + " copied"}
	if p := c.scan; p != nil {
		parts = append(parts, kit.FormatCount(p.Matched)+" matched")
	}
	parts = append(parts, rate(c.sent, c.took()))
	lines := append(c.headLines(w), "  "+kit.Truncate(strings.Join(parts, " · "), w-2))
	if p := c.scan; p != nil {
		scanned := "scanned " + kit.FormatCount(p.Position) + "/" + kit.FormatCount(p.Total)
		if c.phase == phaseRunning && p.ETA > 0 {
			scanned += " · ETA " + p.ETA.Round(time.Second).String()
		}
		lines = append(lines, "  "+st.Subtle.Render(kit.Truncate(scanned, w-2)), "  "+bar(p.Position, p.Total, min(w-2, 60)))
	}
	return lines
}

// bar draws done of total as a bar w cells wide.
func bar(done, total int64, w int) string {
	w = max(w-7, 4)
	f := 1.0
	if total > 0 {
		f = min(float64(done)/float64(total), 1)
	}
	n := int(f * float64(w))
	return strings.Repeat("█", n) + strings.Repeat("░", w-n) + fmt.Sprintf(" %3.0f%%", f*100)
}
