package ui

import (
	"strings"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/theme"
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
	id   int
}

// set shows text and returns the tick that clears it; sticky text stays
// until replaced.
func (s *statusLine) set(text string, isErr, sticky bool) tea.Cmd {
	s.id++
	s.text, s.err = sanitize(text), isErr
	if sticky {
		return nil
	}
	id, ttl := s.id, statusOKTTL
	if isErr {
		ttl = statusErrTTL
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return statusClearMsg{id: id} })
}

// clear empties the line unless a newer message replaced the one the tick
// was for.
func (s *statusLine) clear(id int) {
	if id == s.id {
		s.text, s.err = "", false
	}
}

func (s statusLine) view(st *theme.Styles, width int) string {
	if s.text == "" || width <= 0 {
		return ""
	}
	style, mark := st.StatusOK, "✓ "
	if s.err {
		style, mark = st.StatusErr, "✗ "
	}
	return style.MaxWidth(width).Render(truncateWidth(mark+s.text, width))
}

// sanitize keeps a status message on one line whatever a view or the
// cluster put in it: control characters (escape sequences' introducers
// among them) become spaces and runs of spaces are squeezed.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// truncateWidth cuts s (which may hold styles) to width cells, ending with
// an ellipsis when cut.
func truncateWidth(s string, width int) string {
	return ansi.Truncate(s, width, "…")
}
