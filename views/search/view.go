package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// queryHint is shown under an empty input: the filter language in brief.
const queryHint = "text · re:EXPR · field=value · key:TEXT · header:NAME=V · p:0,2 · offset:100-200 · from:-1h · to:RFC3339"

// columns are the matches table's columns for rows whose widest key is
// keyW cells, in a line w cells wide: the key as wide as the keys shown
// (as in the tail), up to a sixth of the line, the value the rest.
func columns(keyW, w int) []kit.Column {
	return []kit.Column{
		{Title: "TIME", Width: 12},
		{Title: "P", Width: 2, Right: true},
		{Title: "OFFSET", Width: 8, Right: true},
		{Title: "KEY", Width: min(max(keyW, 3), max(w/6, 8), 32)},
		{Title: "VALUE", Width: 20, Flex: true},
	}
}

// View renders the query line, the summary, the partitions' progress
// and the matches.
func (s *Search) View() string {
	if s.w <= 0 || s.h <= 0 {
		return ""
	}
	lines := []string{s.queryLine(), s.summaryLine()}
	lines = append(lines, s.partitionLines()...)
	lines = append(lines, s.tableLines()...)
	return kit.PadLines(strings.Join(lines, "\n"), s.w, s.h)
}

// queryLine is the title and the query input.
func (s *Search) queryLine() string {
	st := s.st
	return st.Title.Render(s.Title()) + "  " + st.Accent.Render("/") + s.input.View(st.InputFocus, s.editing)
}

// summaryLine says why the query cannot be read, or how the scan goes.
func (s *Search) summaryLine() string {
	st := s.st
	switch {
	case s.parseErr != "":
		return strings.Join(s.parseErrLines(), "\n")
	case s.state == stateIdle:
		// No table yet: the hint may take the lines under it, whole.
		hint := joinFitting(strings.Split("enter searches the whole topic: "+queryHint, " · "), " · ", s.w)
		for i := range hint {
			hint[i] = st.Subtle.Render(kit.Truncate(hint[i], s.w))
		}
		return strings.Join(hint, "\n")
	}
	parts := []string{s.stateWord()}
	if s.window != "" {
		parts = append(parts, s.window)
	}
	parts = append(parts, matchCount(s.matched()))
	if s.matched() > int64(len(s.matches)) {
		parts = append(parts, "kept "+kit.FormatCount(int64(len(s.matches))))
	}
	if n := s.redec.Waiting(0); n > 0 {
		parts = append(parts, kit.FormatCount(int64(n))+" awaiting schema")
	}
	if p := s.progress; p != nil {
		parts = append(parts,
			"scanned "+kit.FormatCount(p.Position)+"/"+kit.FormatCount(p.Total),
			rate(p.RecordsPerSec, p.MBPerSec))
		if s.state == stateRunning && p.ETA > 0 {
			parts = append(parts, "ETA "+eta(p.ETA))
		}
	}
	line := kit.Truncate(strings.Join(parts, " · "), s.w)
	if s.state == stateFailed {
		return st.Error.Render(line)
	}
	return st.Status.Render(line)
}

// joinFitting joins parts with sep in lines of at most w cells, breaking
// only between parts (a part wider than w gets a line of its own).
func joinFitting(parts []string, sep string, w int) []string {
	var lines []string
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case lipgloss.Width(line+sep+p) <= w:
			line += sep + p
		default:
			lines = append(lines, line)
			line = strings.TrimLeft(sep, " ") + p
		}
	}
	return append(lines, line)
}

// stateWord names where the scan is.
func (s *Search) stateWord() string {
	switch s.state {
	case stateRunning:
		return "searching"
	case stateDone:
		return "done"
	case stateCancelled:
		return "cancelled"
	case stateFailed:
		return "failed: " + kit.Sanitize(kafkaops.Describe(s.err))
	}
	return ""
}

// matched is the count of every match so far: the engine's, or the
// matches received when no progress came yet.
func (s *Search) matched() int64 {
	if s.progress != nil && s.progress.Matched >= int64(len(s.matches)) {
		return s.progress.Matched
	}
	return int64(len(s.matches))
}

// maxPartitionLines is how many lines the partitions' progress may take:
// a third of the body at most, so the matches keep the rest.
func (s *Search) maxPartitionLines() int { return max((s.h-3)/3, 1) }

// partitionLineCount is how many lines partitionLines returns.
func (s *Search) partitionLineCount() int {
	if s.progress == nil {
		return 0
	}
	return min(len(s.progress.Partitions), s.maxPartitionLines())
}

// partitionLines are each partition's progress; when they do not all
// fit, the last line counts the others.
func (s *Search) partitionLines() []string {
	n := s.partitionLineCount()
	if n == 0 {
		return nil
	}
	ps := s.progress.Partitions
	var out []string
	for i := 0; i < n; i++ {
		if i == n-1 && len(ps) > n {
			rest := len(ps) - i
			out = append(out, s.st.Subtle.Render(kit.Truncate(fmt.Sprintf("  … %d more partitions", rest), s.w)))
			break
		}
		out = append(out, kit.Truncate(partitionLine(ps[i]), s.w))
	}
	return out
}

// partitionLine is one partition's progress.
func partitionLine(p kafkaops.PartitionProgress) string {
	parts := []string{
		fmt.Sprintf("  p%-3d %3.0f%%", p.Partition, p.Fraction()*100),
		kit.FormatCount(p.Next-p.Start) + "/" + kit.FormatCount(p.End-p.Start),
		matchCount(p.Matched),
	}
	if p.Done() {
		parts = append(parts, "done")
	} else {
		parts = append(parts, rate(p.RecordsPerSec, p.MBPerSec))
		if p.ETA > 0 {
			parts = append(parts, "ETA "+eta(p.ETA))
		}
	}
	return strings.Join(parts, " · ")
}

// matchCount says how many matches, in words.
func matchCount(n int64) string {
	if n == 1 {
		return "1 match"
	}
	return kit.FormatCount(n) + " matches"
}

// rate formats a pace in records and megabytes a second.
func rate(recs, mb float64) string {
	return kit.FormatCount(int64(recs)) + " rec/s · " + strconv.FormatFloat(mb, 'f', 1, 64) + " MB/s"
}

// eta formats a time left to the second.
func eta(d time.Duration) string { return d.Round(time.Second).String() }

// parseErrLines say why the query cannot be read, in up to
// kit.ErrorLines lines: the end of a long reason is the part that says
// what to change.
func (s *Search) parseErrLines() []string {
	return kit.WrappedN(s.st.Error, kit.Sanitize(s.parseErr), s.w, kit.ErrorLines)
}

// tableHeight is how many match rows fit: the summary's extra lines (a
// long reason the query cannot be read) come out of them.
func (s *Search) tableHeight() int {
	extra := 0
	if s.parseErr != "" {
		extra = len(s.parseErrLines()) - 1
	}
	return max(s.h-3-s.partitionLineCount()-extra, 1)
}

// tableLines are the matches table's heading and visible rows.
func (s *Search) tableLines() []string {
	if len(s.matches) == 0 {
		if s.state == stateIdle {
			return nil
		}
		return []string{s.st.Subtle.Render("  no matches yet")}
	}
	cols := columns(s.keyW, s.w)
	ws := kit.Layout(cols, s.w)
	lines := []string{kit.HeaderLine(s.st.TableHead, cols, ws, -1, "")}
	return append(lines, kit.WindowRows(s.st, &s.list, cols, ws, true, func(i int, _ bool, cells []string) {
		copy(cells, rowCells(&s.matches[i]))
	})...)
}

// noteKeys widens the key column to the widest key of recs (it only
// grows, so it does not jump as the list scrolls).
func (s *Search) noteKeys(recs []kafkaops.Record) {
	for i := range recs {
		k, _ := kit.Preview(shownKey(&recs[i]))
		s.keyW = max(s.keyW, lipgloss.Width(kit.Sanitize(k)))
	}
}

// rowCells are a match's sanitized cells.
func rowCells(r *kafkaops.Record) []string {
	k, _ := kit.Preview(shownKey(r))
	v, _ := kit.Preview(shownValue(r))
	if v == "" && len(r.Headers) > 0 {
		v = "(no value)"
	}
	ts := "-"
	if r.Timestamp.Unix() > 0 {
		ts = r.Timestamp.Local().Format("15:04:05.000")
	}
	return []string{ts, strconv.Itoa(r.Partition), strconv.FormatInt(r.Offset, 10), kit.Sanitize(k), kit.Sanitize(v)}
}
