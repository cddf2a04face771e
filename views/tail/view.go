package tail

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// View renders the title line, the column headings, the visible rows
// and the status bar. It only reads: the rows' previews and the column
// widths were made ready by Update and SetSize (see layout).
func (t *Tail) View() string {
	st := t.st
	w := max(t.view.width, 20)
	lines := make([]string, 0, t.view.height)
	lines = append(lines, t.titleLine(w))

	n := t.list.shownLen()
	start, end := t.view.scroll.Window()
	end = min(end, n)
	cols := t.rows.columns(w)
	ws := kit.Layout(cols, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, cols, ws, -1, ""))
	if n == 0 {
		lines = append(lines, "")
		for _, l := range strings.Split(t.emptyText(), "\n") {
			lines = append(lines, st.Subtle.Render(kit.Truncate("  "+l, w)))
		}
	}
	cells := make([]string, len(cols))
	wide := ws[0] >= 23
	rows := make([]string, 0, end-start)
	for i := start; i < end; i++ {
		r, seq := t.list.shownAt(i)
		c := t.rows.cellsFor(r, seq)
		cells[0] = formatStamp(r.Timestamp, t.opts.Location, wide)
		cells[1] = strconv.Itoa(r.Partition)
		cells[2] = strconv.FormatInt(r.Offset, 10)
		cells[3] = c.key
		cells[4] = c.value
		rows = append(rows, kit.RowLine(cells, cols, ws, i == t.view.scroll.Cursor, st.Selected))
	}
	foot := t.footLines(w)
	room := max(t.view.height-len(foot), 1)
	rows = keepCursorRow(rows, t.view.scroll.Cursor-start, room-len(lines))
	body := kit.PadLines(strings.Join(append(lines, rows...), "\n"), w, room)
	return body + "\n" + strings.Join(foot, "\n")
}

// footLines are the status bar, or, while an input has focus, why what
// it holds cannot be read, in up to kit.ErrorLines lines.
func (t *Tail) footLines(w int) []string {
	if t.mode.capturing() && t.mode.err != "" {
		// Kept under half the body, so that rows still show at 60x15.
		n := min(kit.ErrorLines, max(t.view.height/2-1, 1))
		lines := kit.WrapN(kit.Sanitize(t.mode.err), w, n)
		for i, l := range lines {
			lines[i] = t.st.Error.Render(l)
		}
		return lines
	}
	return []string{t.statusLine(w)}
}

// keepCursorRow keeps at most room of rows (the rows in the window, the
// cursor's at cur), the cursor's among them: the rows dropped go from the
// top when the cursor is among the last ones (a tail that follows its
// end), else from the bottom.
func keepCursorRow(rows []string, cur, room int) []string {
	extra := len(rows) - max(room, 0)
	if extra <= 0 {
		return rows
	}
	if cur >= len(rows)-extra {
		return rows[extra:]
	}
	return rows[:len(rows)-extra]
}

// titleLine is the first body line: the topic, where the tail started,
// and the input when filtering or choosing a start.
func (t *Tail) titleLine(w int) string {
	st := t.st
	left := st.Title.Render(kit.Truncate(t.Title(), max(w/2, 10))) + st.Subtle.Render(" · "+t.stream.from.String())
	switch {
	case t.mode.filtering():
		left = st.Title.Render(t.Title()) + "  " + st.Accent.Render("/") + t.mode.input.View(st.InputFocus, true)
	case t.mode.prompting():
		left = st.Title.Render(t.Title()) + "  " + st.Accent.Render("from: ") + t.mode.input.View(st.InputFocus, true)
	}
	var right string
	switch {
	case t.mode.prompting():
		right = st.Subtle.Render("end · beginning · -N · @OFFSET · 10m · RFC 3339 · partition N")
	case t.mode.filtering():
		right = st.Subtle.Render("text · re:EXPR · field=value")
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if right == "" || gap < 2 {
		return kit.Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// statusLine is the last body line: counters, rate, buffer, state.
func (t *Tail) statusLine(w int) string {
	st := t.st
	buf := t.list.buf
	parts := []string{
		"received " + kit.FormatCount(int64(t.received())),
		formatRate(t.rate.perSecond),
		"shown " + kit.FormatCount(int64(t.list.shownLen())) + "/" + kit.FormatCount(int64(buf.Cap())),
	}
	if d := buf.Dropped(); d > 0 {
		parts = append(parts, "dropped "+kit.FormatCount(int64(d)))
	}
	if n := t.redec.Waiting(t.list.base()); n > 0 {
		parts = append(parts, kit.FormatCount(int64(n))+" awaiting schema")
	}
	if t.list.filter != nil {
		parts = append(parts, "filter "+kit.Sanitize(t.list.filter.Describe()))
	}
	// The byte budget last: at narrow widths it is what gets cut.
	parts = append(parts, formatMB(buf.Bytes())+" of "+formatMB(buf.Budget()))
	left := st.Status.Render(strings.Join(parts, " · "))
	right := t.modeText()
	if state := t.stateText(); state != "" && right != "" {
		right = state + st.Subtle.Render(" · ") + right
	} else if state != "" {
		right = state
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		// The byte budget goes first.
		left = st.Status.Render(strings.Join(parts[:len(parts)-1], " · "))
		gap = w - lipgloss.Width(left) - lipgloss.Width(right)
	}
	if gap < 1 {
		// Narrow: the state first, then as many counters as fit.
		return kit.Truncate(right+"  "+left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// stateText says where the stream is, or nothing when it is live.
func (t *Tail) stateText() string {
	st, s := t.st, &t.stream
	switch {
	case s.state == tailReconnecting:
		return st.Warning.Render("reconnecting…")
	case s.state == tailEnded && s.err != nil:
		return st.Error.Render("stopped")
	case s.state == tailEnded:
		return st.Subtle.Render("ended")
	case s.state == tailStarting:
		return st.Subtle.Render("starting…")
	case s.state == tailBadStart:
		return st.Error.Render("no start")
	}
	return ""
}

// modeText says whether the list is paused, following or scrolled;
// nothing once the stream ended (there is nothing to follow).
func (t *Tail) modeText() string {
	st := t.st
	switch {
	case t.stream.state == tailEnded || t.stream.state == tailBadStart:
		return ""
	case t.list.paused:
		return st.Warning.Render("PAUSED")
	case t.view.follow:
		return st.OK.Render("following")
	}
	return st.Accent.Render("scrolled (G follows)")
}

// emptyText says why no row shows.
func (t *Tail) emptyText() string {
	topic := kit.Sanitize(t.opts.Topic)
	s := &t.stream
	switch {
	case s.state == tailBadStart:
		return "Press f to choose a start; this one cannot be read:\n" + kit.Sanitize(s.fromErr.Error())
	case s.state == tailEnded && s.err != nil:
		return "The tail stopped; press f to start again.\n" + kit.Sanitize(kafkaops.Describe(s.err))
	case t.list.filter != nil && t.list.buf.Len() > 0:
		return "No record held matches the filter; new ones that do will show here."
	case s.state == tailStarting:
		return "Starting the tail of " + topic + "…"
	case s.state == tailEnded:
		return "The tail ended."
	case t.fill.active:
		return "Reading earlier records of " + topic + "… " + kit.FormatCount(int64(t.received())) +
			" so far; they show in time order once read."
	case s.from.Start == kafkaops.StartEnd && t.earlier > 0:
		return "Waiting for new records on " + topic + "…\n" +
			"It holds " + kit.PluralCount(t.earlier, "earlier record") + ": f beginning shows them."
	case s.from.Start == kafkaops.StartEnd:
		return "Waiting for new records on " + topic + "…"
	}
	return "No records yet on " + topic + "; waiting for new ones…"
}

// received counts the records taken in since the stream last started,
// those a backfill holds included.
func (t *Tail) received() uint64 {
	return t.list.buf.Received() - t.startReceived + uint64(len(t.fill.recs)) + t.fill.cut
}

// formatMB renders a byte count in megabytes: "0.4 MB", "64 MB".
func formatMB(n int64) string {
	mb := float64(n) / (1 << 20)
	if n > 0 && mb < 0.1 {
		return "<0.1 MB"
	}
	if mb < 10 && mb != float64(int64(mb)) {
		return strconv.FormatFloat(mb, 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(mb, 'f', 0, 64) + " MB"
}
