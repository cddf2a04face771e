package transfer

import (
	"strconv"
	"strings"

	"kscope/views/kit"
)

// View renders what the file holds, the options, and then the refusal,
// the progress or the outcome.
func (m *Import) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	w, st := m.w, m.st
	lines := m.page(m.Title())
	p := m.plan
	if p == nil {
		lines = append(lines, field(st, "file", kit.Sanitize(m.path), w), "")
		lines = append(lines, kit.Wrapped(st.Subtle, "reading the file…", w)...)
		return m.padded(lines)
	}
	lines = append(lines, field(st, "file", pathTail(kit.Sanitize(p.path), w-kit.LabelWidth), w))
	s := p.summary
	what := kit.PluralCount(s.Records, "record") + " · " + kit.HumanBytes(itoa(s.Bytes))
	if p.fileErr != nil {
		what = st.Error.Render("unreadable")
	}
	lines = append(lines, field(st, "holds", what, w))
	if len(s.Partitions) > 0 {
		from := "partitions " + partitionList(s.Partitions)
		if len(s.Topics) > 0 {
			from += " of " + kit.Sanitize(strings.Join(s.Topics, ", "))
		}
		lines = append(lines, field(st, "from", from, w))
	}
	into := kit.Sanitize(m.topic)
	switch {
	case m.listErr != nil:
	case p.missing:
		into += st.Warning.Render(" · does not exist")
	default:
		into += st.Subtle.Render(" · " + kit.PluralCount(int64(p.partitions), "partition"))
	}
	lines = append(lines, field(st, "into", into, w), "")
	lines = append(lines, m.optionLines(importFields, "the exported partition, else by key", "the exported time, else now")...)
	lines = append(lines, "")
	lines = append(lines, m.stateLines(w)...)
	return m.padded(lines)
}

// stateLines are the lines under the options.
func (m *Import) stateLines(w int) []string {
	st := m.st
	if m.offer.Open() {
		return m.offer.Lines(st, w)
	}
	if m.phase == phasePlan {
		if why := m.check(); why != "" {
			return kit.Wrapped(st.Error, why, w)
		}
		if m.note != "" {
			return kit.Wrapped(st.Error, m.note, w)
		}
		if p := m.plan; p.missing {
			return kit.Wrapped(st.Warning, "no topic named "+kit.Sanitize(m.topic)+": enter offers to create it with "+
				kit.PluralCount(int64(p.create.Partitions), "partition")+", then imports", w)
		}
		return kit.Wrapped(st.Subtle, "enter imports "+kit.PluralCount(m.plan.summary.Records, "record")+
			"; esc stops an import, what was sent stays", w)
	}
	total := m.plan.summary.Records
	return append(m.headLines(w),
		"  "+kit.Truncate(kit.FormatCount(m.sent)+" of "+kit.PluralCount(total, "record")+" sent · "+rate(m.sent, m.took()), w-2),
		"  "+bar(m.sent, total, min(w-2, 60)))
}

// pathTail cuts a path from the left to w cells, so the file's name
// shows.
func pathTail(p string, w int) string {
	r := []rune(p)
	if len(r) <= w || w < 2 {
		return p
	}
	return "…" + string(r[len(r)-w+1:])
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
