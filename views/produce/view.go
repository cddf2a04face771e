package produce

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"kscope/views/kit"
)

// produceFrame is the form drawn at the screen's size, in the parts View
// stacks above the session's sends: the title, the fields (which scroll)
// and the line under them.
type produceFrame struct {
	head []string
	body kit.FormLines
	foot []string
	rows int // the lines the fields get
}

// View renders the form, at the scroll position follow chose, and under
// it the session's sends.
func (p *Produce) View() string {
	w, h := max(p.width, 30), max(p.height, 10)
	// Copies: an editor scrolls to its cursor as it is drawn, and drawing
	// must change nothing. follow has scrolled the real ones already.
	value, headers := p.form.value, p.form.headers
	f := p.frame(&value, &headers)
	top := p.form.top
	lines := append(f.head, kit.ScrollLines(p.st, f.body.Lines, f.body.Lo, f.body.Hi, f.rows, w, &top)...)
	lines = append(append(lines, f.foot...), p.sendLines(w)...)
	return kit.PadLines(strings.Join(lines, "\n"), w, h)
}

// follow scrolls the editors to their cursors and the form to the
// focused field, as View will draw them; Update and SetSize call it after
// every change.
func (p *Produce) follow() {
	f := p.frame(&p.form.value, &p.form.headers)
	kit.ScrollLines(p.st, f.body.Lines, f.body.Lo, f.body.Hi, f.rows, max(p.width, 30), &p.form.top)
}

// frame lays the screen out, drawing the value and headers editors from
// value and headers.
func (p *Produce) frame(value, headers *kit.TextArea) produceFrame {
	w, h := max(p.width, 30), max(p.height, 10)
	f := produceFrame{head: p.headLines(w), body: p.fields(w, h, value, headers), foot: p.footLines(w)}
	// The title and the line under the form stay; the fields scroll when
	// they do not fit above the newest send (and the sends' heading); the
	// sends get what is left.
	sends := len(p.history.sends)
	if sends > 0 {
		sends++ // the heading
	}
	f.rows = h - len(f.head) - len(f.foot) - min(sends, 2)
	return f
}

// headLines are the title, with the topic's partitions and limit on the
// right, and a blank line.
func (p *Produce) headLines(w int) []string {
	st := p.st
	right := ""
	if p.info.topic == p.form.topic.Value() && p.info.Partitions > 0 {
		right = kit.PluralCount(int64(p.info.Partitions), "partition")
		if p.info.MaxMessageBytes > 0 {
			right += " · max.message.bytes " + kit.HumanBytes(strconv.FormatInt(p.info.MaxMessageBytes, 10))
		}
	}
	title := st.Title.Render(kit.Truncate(p.Title(), w-lipgloss.Width(right)-2))
	return []string{title + strings.Repeat(" ", max(w-lipgloss.Width(title)-lipgloss.Width(right), 2)) + st.Subtle.Render(right), p.replayLine(w)}
}

// fields draws every field with its notes.
func (p *Produce) fields(w, h int, value, headers *kit.TextArea) kit.FormLines {
	st := p.st
	iw := kit.InputWidth(w)
	ew := max(w-kit.LabelWidth-3, 10) // editor width, after the gutter
	vh := min(max(h-19, 3), 14)
	hh := 2
	if h >= 36 {
		hh = 3
	}
	indent := strings.Repeat(" ", kit.LabelWidth)
	under := func(n kit.Note) string { return indent + n.Render(st, w-kit.LabelWidth) }
	focused := func(f int) bool { return p.form.focus == f && !p.discard.Asking && !p.progress.active }

	var body kit.FormLines
	row := func(f int, label, placeholder, ghost string, n kit.Note) {
		in := kit.InputView(p.form.line(f), st, focused(f), placeholder, ghost, iw)
		side := ""
		if n.Kind == kit.NoteHint {
			side = n.Text
		}
		ls := []string{kit.SideBySide(kit.FieldLabel(st, label, p.form.focus == f)+in, st.Subtle.Render(side), w)}
		if n.Kind != kit.NoteHint && n.Kind != kit.NoteNone {
			ls = append(ls, under(n))
		}
		body.Field(p.form.focus == f, ls...)
	}
	ghost := ""
	if c := p.topicCompletion(); c != "" && focused(prodTopic) {
		ghost = c[len(p.form.topic.Value()):]
	}
	row(prodTopic, "Topic", "", ghost, p.topicNote())
	_, pn := p.partitionValue()
	row(prodPartition, "Partition", "auto", "", pn)
	row(prodKey, "Key", "", "", p.keyNote())
	p.schemaRows(&body, w)

	editor := func(f int, label string, ta *kit.TextArea, rows int, placeholder string, notes []string) {
		phStyle := st.Subtle
		if f == prodValue && p.form.null {
			phStyle, placeholder = st.Accent, "∅ null: no value (a tombstone)"
		}
		view := strings.Split(ta.View(st.InputFocus, phStyle, focused(f), placeholder, ew, rows), "\n")
		gutter := st.Subtle.Render("│")
		if focused(f) {
			gutter = st.Accent.Render("│")
		}
		ls := make([]string, 0, len(view)+len(notes))
		for i, b := range view {
			l := indent
			if i == 0 {
				l = kit.FieldLabel(st, label, p.form.focus == f)
			}
			ls = append(ls, kit.Truncate(l+gutter+b, w))
		}
		body.Field(p.form.focus == f, append(ls, notes...)...)
	}
	format := "Value (JSON)"
	switch {
	case p.form.null:
		format = "Value (null)"
	case p.valueLabel() != "":
		format = p.valueLabel()
	case p.form.text:
		format = "Value (text)"
	}
	var valueNotes []string
	for _, l := range p.valueNote().RenderWrapped(st, w-kit.LabelWidth, 2) {
		valueNotes = append(valueNotes, indent+l)
	}
	editor(prodValue, format, value, vh, `{"atmid": 1, "transid": 100}`, valueNotes)
	var headerNotes []string
	if _, hn := p.headersValue(); hn.Kind == kit.NoteErr {
		headerNotes = append(headerNotes, under(hn))
	}
	editor(prodHeaders, "Headers", headers, hh, "key=value, one per line (optional)", headerNotes)
	_, rn := p.repeatValue()
	row(prodRepeat, "Repeat", "1", "", rn)
	return body
}

// footLines are a blank line and the line under the form: the discard
// question, the send's progress, the last failure or what ctrl+s does.
func (p *Produce) footLines(w int) []string {
	st := p.st
	foot := []string{""}
	switch {
	case p.discard.Asking:
		foot = append(foot, kit.Wrapped(st.Warning, "  Discard what you typed since the last send? y discards · n or esc keeps editing", w)...)
	case p.progress.active:
		done := 0
		if p.progress.current != nil {
			done = p.progress.current.count
		}
		stop := " · esc stops"
		if p.progress.stopping {
			stop = " · stopping…"
		}
		foot = append(foot, st.Accent.Render(kit.Truncate(fmt.Sprintf("  sending %s/%s to %s…%s", kit.FormatCount(int64(done)), kit.FormatCount(int64(p.progress.total)), kit.Sanitize(p.form.topic.Value()), stop), w)))
	case p.progress.failure != "":
		foot = append(foot, kit.Wrapped(st.Error, "  ✗ "+p.progress.failure, w)...)
	default:
		text := "  ctrl+s sends · the form stays filled for the next record · esc closes"
		if lipgloss.Width(text) > w {
			text = "  ctrl+s sends · esc closes" // what the keys do, whole
		}
		foot = append(foot, st.Subtle.Render(kit.Truncate(text, w)))
	}
	return foot
}

// keyNote is the key's hint: what an empty key means, while it is empty.
func (p *Produce) keyNote() kit.Note {
	if p.form.key.Value() != "" {
		if n, ok := p.encodedNote(prodKeySchema, p.form.key.Value()); ok {
			return n
		}
	}
	if p.form.key.Value() == "" {
		return kit.HintNote("empty: no key")
	}
	return kit.Note{}
}

// sendLines are the session's sends under a heading; none before the
// first send.
func (p *Produce) sendLines(w int) []string {
	if len(p.history.sends) == 0 {
		return nil
	}
	sends := []string{p.st.TableHead.Render(kit.Truncate(fmt.Sprintf("  Sent this session (%d)", len(p.history.sends)), w))}
	for _, e := range p.history.sends {
		sends = append(sends, p.sendLine(e, w))
	}
	return sends
}
