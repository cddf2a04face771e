package topics

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"kscope/views/kit"
)

// View renders the form at the scroll position follow chose.
func (c *CreateTopic) View() string {
	head, body, foot := c.frame()
	w := max(c.width, 30)
	top := c.form.top // a copy: drawing never moves the form
	// The title and the line under the form stay; the fields scroll.
	lines := append(head, kit.ScrollLines(c.st, body.Lines, body.Lo, body.Hi, c.height-len(head)-len(foot), w, &top)...)
	lines = append(lines, foot...)
	return kit.PadLines(strings.Join(lines, "\n"), w, c.height)
}

// follow scrolls the form so that the focused field shows, as View will
// draw it; Update and SetSize call it after every change.
func (c *CreateTopic) follow() {
	head, body, foot := c.frame()
	kit.ScrollLines(c.st, body.Lines, body.Lo, body.Hi, c.height-len(head)-len(foot), max(c.width, 30), &c.form.top)
}

// frame builds the form's lines: the title, the fields and the line
// under them.
func (c *CreateTopic) frame() (head []string, body kit.FormLines, foot []string) {
	w := max(c.width, 30)
	c.topicFields(&body, w)
	body.Add("")
	c.configRows(&body, w)
	return c.headLines(w), body, c.footLines(w)
}

// headLines are the title, with the broker count on the right, and a
// blank line.
func (c *CreateTopic) headLines(w int) []string {
	right := "loading cluster defaults…"
	switch {
	case c.defaults.err != nil && c.defaults.Brokers == 0:
		right = "cluster defaults unknown"
	case c.defaults.Brokers > 0:
		right = kit.PluralCount(int64(c.defaults.Brokers), "broker")
	}
	title := c.st.Title.Render("Create topic")
	gap := w - lipgloss.Width(title) - lipgloss.Width(right)
	return []string{title + strings.Repeat(" ", max(gap, 2)) + c.st.Subtle.Render(right), ""}
}

// under renders a note under its field, in the input column.
func (c *CreateTopic) under(n kit.Note, w int) string {
	ls := n.RenderWrapped(c.st, w-kit.LabelWidth, 2)
	for i := range ls {
		ls[i] = strings.Repeat(" ", kit.LabelWidth) + ls[i]
	}
	return strings.Join(ls, "\n")
}

// topicFields draws the name, the partitions and the replication factor,
// each with the default an empty field means on its right.
func (c *CreateTopic) topicFields(body *kit.FormLines, w int) {
	st := c.st
	iw := kit.InputWidth(w)
	row := func(i int, label, placeholder, info string) string {
		in := kit.InputView(c.form.input(i), st, c.form.focus == i && !c.discard.Asking, placeholder, "", iw)
		return kit.SideBySide(kit.FieldLabel(st, label, c.form.focus == i)+in, st.Subtle.Render(info), w)
	}
	body.Field(c.form.focus == createName, row(createName, "Name", "", ""), c.under(c.nameNote(), w))

	partsInfo := fmt.Sprintf("cluster default %d (num.partitions)", c.defaults.partitions())
	if c.defaults.Partitions == 0 {
		partsInfo = "default 1"
	}
	fieldLines := []string{row(createParts, "Partitions", strconv.Itoa(c.defaults.partitions()), partsInfo)}
	if _, n := c.partsValue(); n.Kind != kit.NoteNone {
		fieldLines = append(fieldLines, c.under(n, w))
	}
	body.Field(c.form.focus == createParts, fieldLines...)
	rfInfo := fmt.Sprintf("default %d", c.defaults.replicationFactor())
	if c.defaults.Brokers > 0 {
		rfInfo += " · cluster has " + kit.PluralCount(int64(c.defaults.Brokers), "broker")
	}
	fieldLines = []string{row(createRF, "Replication factor", strconv.Itoa(c.defaults.replicationFactor()), rfInfo)}
	if _, n := c.rfValue(); n.Kind != kit.NoteNone {
		fieldLines = append(fieldLines, c.under(n, w))
	}
	body.Field(c.form.focus == createRF, fieldLines...)
}

// configRows draws the key=value rows, the focused one with its
// completions.
func (c *CreateTopic) configRows(body *kit.FormLines, w int) {
	st := c.st
	iw := kit.InputWidth(w)
	_, notes := c.configNotes()
	for i := range c.form.cfg {
		fi := createFirstConfig + i
		label := ""
		if i == 0 {
			label = "Configs"
		}
		ph := ""
		if i == len(c.form.cfg)-1 {
			ph = "key=value"
		}
		focused := c.form.focus == fi && !c.discard.Asking
		ghost := ""
		cs := c.form.completions()
		if focused && len(cs) > 0 {
			sel := cs[min(c.form.sugg, len(cs)-1)]
			if v := c.form.cfg[i].Value(); strings.HasPrefix(sel, v) {
				ghost = sel[len(v):]
			}
		}
		// Config rows are long and their side notes short.
		// Room for a side note of 24 cells at 80 columns.
		in := kit.InputView(&c.form.cfg[i], st, focused, ph, ghost, min(max(w-kit.LabelWidth-26, iw), 44))
		info := ""
		if notes[i].Kind == kit.NoteHint {
			info = notes[i].Text
		}
		if i == len(c.form.cfg)-1 && i == 0 && !focused {
			info = "optional · tab completes"
		}
		fieldLines := []string{kit.SideBySide(kit.FieldLabel(st, label, c.form.focus == fi)+in, st.Subtle.Render(info), w)}
		switch {
		case focused && len(cs) > 0:
			fieldLines = append(fieldLines, strings.Repeat(" ", kit.LabelWidth)+c.completionLine(cs, w-kit.LabelWidth))
		case notes[i].Kind == kit.NoteErr && (c.req.submitted || !focused), notes[i].Kind == kit.NoteWarn:
			fieldLines = append(fieldLines, c.under(notes[i], w))
		}
		body.Field(c.form.focus == fi, fieldLines...)
	}
}

// footLines are a blank line and the line under the form: the discard
// question, the request under way, the last failure or what ctrl+s does.
func (c *CreateTopic) footLines(w int) []string {
	st := c.st
	foot := []string{""}
	switch {
	case c.discard.Asking:
		foot = append(foot, kit.Wrapped(st.Warning, "  Discard this form? What you typed is lost. y discards · n or esc keeps editing", w)...)
	case c.req.inFlight:
		foot = append(foot, st.Accent.Render(kit.Truncate("  creating "+kit.Sanitize(c.req.last.Name)+"…", w)))
	case c.req.failure != "":
		// The Kafka error whole, wrapped, not cut.
		foot = append(foot, kit.Wrapped(st.Error, "✗ "+c.req.failure, w)...)
		foot = append(foot, kit.Wrapped(st.Subtle, "Every field is kept: change what is wrong and press ctrl+s again.", w)...)
	default:
		text := "  ctrl+s creates the topic (or enter on the last field) · esc cancels"
		if lipgloss.Width(text) > w {
			text = "  ctrl+s creates the topic · esc cancels" // the keys, whole
		}
		foot = append(foot, st.Subtle.Render(kit.Truncate(text, w)))
	}
	return foot
}

// completionLine lists completions with the selected one marked.
func (c *CreateTopic) completionLine(cs []string, w int) string {
	st := c.st
	parts := make([]string, 0, len(cs))
	for i, s := range cs {
		s = strings.TrimSuffix(s, "=")
		if _, v, ok := strings.Cut(s, "="); ok && v != "" {
			s = v
		}
		if i == min(c.form.sugg, len(cs)-1) {
			parts = append(parts, st.Accent.Render("["+s+"]"))
		} else {
			parts = append(parts, s)
		}
	}
	return st.Subtle.Render("tab ") + kit.Truncate(strings.Join(parts, "  "), w-4)
}
