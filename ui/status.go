package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// How long a status message stays before it is cleared. Errors stay longer
// because they are worth reading.
const (
	statusOKTTL  = 4 * time.Second
	statusErrTTL = 8 * time.Second
)

// statusClearMsg clears the status line if it still shows message id.
type statusClearMsg struct{ id int }

// statusLine is the one-line result of the last action.
type statusLine struct {
	text string
	err  bool
	// warn shows text as a warning rather than a success (config
	// warnings at start).
	warn bool
	// note is information shown before text in the plain status style,
	// e.g. where the debug log is.
	note string
	id   int
	// owner is the screen that was active when the text was set: the
	// text goes when that screen is left (nil: the start note, which
	// stays its time).
	owner kit.Screen
}

// set shows text and returns the tick that clears it; sticky text stays
// until replaced.
func (s *statusLine) set(text string, isErr, sticky bool) tea.Cmd {
	s.id++
	s.text, s.err, s.warn, s.note = clean(text), isErr, false, ""
	s.owner = nil
	return s.expire(sticky)
}

// setNotes shows a note (information) followed by warnings, each in its
// own style, and returns the tick that clears them.
func (s *statusLine) setNotes(note string, warnings []string) tea.Cmd {
	s.id++
	s.note, s.text = clean(note), clean(strings.Join(warnings, " · "))
	s.err, s.warn = false, s.text != ""
	s.owner = nil
	return s.expire(false)
}

func (s *statusLine) expire(sticky bool) tea.Cmd {
	if sticky {
		return nil
	}
	id, ttl := s.id, statusOKTTL
	if s.err || s.warn {
		ttl = statusErrTTL
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return statusClearMsg{id: id} })
}

// clear empties the line unless a newer message replaced the one the tick
// was for.
func (s *statusLine) clear(id int) {
	if id == s.id {
		s.text, s.err, s.warn, s.note, s.owner = "", false, false, "", nil
	}
}

func (s statusLine) view(st *theme.Styles, width int) string {
	return strings.Join(s.lines(st, width, 1), "\n")
}

// lines renders the status in at most max lines of width cells: a text
// too long for one line wraps at a space rather than lose its end (a file
// name, the key that answers a question); only what does not fit in max
// lines is cut.
func (s statusLine) lines(st *theme.Styles, width, max int) []string {
	if (s.text == "" && s.note == "") || width <= 0 {
		return nil
	}
	type part struct {
		style lipgloss.Style
		text  string
	}
	var parts []part
	if s.note != "" {
		parts = append(parts, part{st.Status, s.note})
		if s.text != "" {
			parts = append(parts, part{st.Status, " · "})
		}
	}
	if s.text != "" {
		style, mark := st.StatusOK, "✓ "
		switch {
		case s.err:
			style, mark = st.StatusErr, "✗ "
		case s.warn:
			style, mark = st.Warning, "⚠ "
		}
		parts = append(parts, part{style, mark + s.text})
	}
	var one, plain strings.Builder
	for _, p := range parts {
		one.WriteString(p.style.Render(p.text))
		plain.WriteString(p.text)
	}
	if max <= 1 || ansi.StringWidth(plain.String()) <= width {
		return []string{truncateWidth(one.String(), width)}
	}
	// Wrapped, each row takes the style of the message (the last part).
	style := parts[len(parts)-1].style
	rows := strings.Split(ansi.Wrap(plain.String(), width, ""), "\n")
	if len(rows) > max {
		rows = rows[:max]
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = truncateWidth(style.Render(strings.TrimRight(r, " ")), width)
	}
	return out
}

// clean makes a status message one line (sanitize) that names each
// context once, whatever a screen put in front of an error that already
// starts with the same words ("list topics: list topics: ...").
func clean(s string) string { return kafkaops.CollapseContext(oneLine(s)) }

// sanitize escapes a string that came from the cluster or a config file
// (a topic name, an address) with the screens' sanitizer: control,
// format and bidi characters are shown escaped.
func sanitize(s string) string { return kit.Sanitize(s) }

// oneLine keeps text that a screen already sanitized (a title, a message)
// on one line without escaping it twice.
func oneLine(s string) string { return kafkaops.OneLine(s) }

// truncateWidth cuts s (which may hold styles) to width cells, ending with
// an ellipsis when cut.
func truncateWidth(s string, width int) string {
	return ansi.Truncate(s, width, "…")
}
