package transfer

import (
	"strconv"
	"strings"
	"time"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// View renders what the file holds, the options, and then the refusal,
// the progress or the outcome.
func (m *Import) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	w, st := m.w, m.st
	lines := []string{st.Title.Render(kit.Truncate(m.Title(), w))}
	field := func(name, value string) {
		lines = append(lines, kit.Truncate(kit.FieldLabel(st, name, false)+value, w))
	}
	p := m.plan
	if p == nil {
		field("file", kit.Sanitize(m.path))
		lines = append(lines, "")
		lines = append(lines, kit.Wrapped(st.Subtle, "reading the file…", w)...)
		return kit.PadLines(strings.Join(lines, "\n"), w, m.h)
	}
	field("file", pathTail(kit.Sanitize(p.path), w-kit.LabelWidth))
	s := p.summary
	what := kit.PluralCount(s.Records, "record") + " · " + kit.HumanBytes(itoa(s.Bytes))
	if p.fileErr != nil {
		what = st.Error.Render("unreadable")
	}
	field("holds", what)
	if len(s.Partitions) > 0 {
		from := "partitions " + partitionList(s.Partitions)
		if len(s.Topics) > 0 {
			from += " of " + kit.Sanitize(strings.Join(s.Topics, ", "))
		}
		field("from", from)
	}
	into := kit.Sanitize(m.topic)
	switch {
	case m.listErr != nil:
	case p.missing:
		into += st.Warning.Render(" · does not exist")
	default:
		into += st.Subtle.Render(" · " + kit.PluralCount(int64(p.partitions), "partition"))
	}
	field("into", into)
	planning := m.phase == phasePlan && !m.offer.Open()
	lines = append(lines, "",
		optionLine(st, planning && m.focus == importFieldParts, "keep partitions", m.opts.keepParts, "the exported partition, else by key", w),
		optionLine(st, planning && m.focus == importFieldStamps, "keep timestamps", m.opts.keepStamps, "the exported time, else now", w),
		"")
	lines = append(lines, m.stateLines(w)...)
	return kit.PadLines(strings.Join(lines, "\n"), w, m.h)
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
	took := m.ended
	if m.phase == phaseRunning {
		took = m.now().Sub(m.run.began)
	}
	var head []string
	switch m.phase {
	case phaseRunning:
		head = kit.Wrapped(st.Status, "importing into "+kit.Sanitize(m.topic), w)
	case phaseDone:
		head = kit.Wrapped(st.Status, "done: imported into "+kit.Sanitize(m.topic)+" in "+took.Round(time.Millisecond).String(), w)
	case phaseCancelled:
		head = kit.Wrapped(st.Status, "stopped: what was sent to "+kit.Sanitize(m.topic)+" stays", w)
	case phaseFailed:
		head = kit.Wrapped(st.Error, "failed: "+kit.Sanitize(kafkaops.Describe(m.err)), w)
	}
	total := m.plan.summary.Records
	return append(head,
		"  "+kit.Truncate(kit.FormatCount(m.done)+" of "+kit.PluralCount(total, "record")+" sent · "+rate(m.done, took), w-2),
		"  "+bar(m.done, total, min(w-2, 60)))
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
