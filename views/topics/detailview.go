package topics

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// View renders the summary line and the two panes.
func (d *TopicDetail) View() string {
	l := d.layout()
	parts := kit.Frame(d.st, kit.Fill(d.partitionsView(l.parts.w-2, l.parts.h-2), l.parts.w-2, l.parts.h-2), d.focus == panePartitions)
	cfgs := kit.Frame(d.st, d.configs.View(d.focus == paneConfigs), d.focus == paneConfigs)
	left := []string{parts}
	if l.groups.h > 0 {
		left = append(left, kit.Frame(d.st, kit.Fill(d.groupsView(l.groups.w-2), l.groups.w-2, l.groups.h-2), d.focus == paneGroups))
	}
	var body string
	if l.configs.x > 0 {
		body = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.JoinVertical(lipgloss.Left, left...), cfgs)
	} else {
		body = lipgloss.JoinVertical(lipgloss.Left, append(left, cfgs)...)
	}
	return kit.PadLines(strings.Join(d.summary(max(d.width, 20)), "\n")+"\n"+body, max(d.width, 20), d.height)
}

// summary is the first line or two: partitions, replication factor,
// messages, under-replicated partitions, cleanup.policy and retention (by
// time and size) in human units. Parts that do not fit on one line go to
// a second one.
func (d *TopicDetail) summary(w int) []string {
	st := d.st
	parts := []string{st.Title.Render(kit.Sanitize(d.topic))}
	switch {
	case d.desc.loaded:
		t := d.desc.detail.Topic
		parts = append(parts,
			kit.PluralCount(int64(t.Partitions), "partition"),
			"RF "+strconv.Itoa(t.ReplicationFactor),
			kit.PluralCount(d.desc.messages(), "message"))
		if t.Internal {
			parts = append(parts, st.Subtle.Render("internal"))
		}
		if n := d.underReplicated(); n > 0 {
			parts = append(parts, st.Warning.Render(fmt.Sprintf("! %d under-replicated", n)))
		}
	case d.desc.err != nil:
		// Said whole on the lines under these (errLines).
	default:
		parts = append(parts, st.Subtle.Render("loading…"))
	}
	// Short labels, so that a typical topic's summary fits 80 columns;
	// the configs pane below names the keys in full.
	if v, ok := d.configs.Value("cleanup.policy"); ok {
		parts = append(parts, "cleanup "+st.Accent.Render(kit.Sanitize(v)))
	}
	// Retention is by time or by size, whichever is reached first.
	var retention []string
	if v, ok := d.configs.Value("retention.ms"); ok {
		retention = append(retention, st.Accent.Render(kit.HumanMillis(v)))
	}
	if v, ok := d.configs.Value("retention.bytes"); ok && v != "-1" {
		retention = append(retention, st.Accent.Render(kit.HumanBytes(v)))
	}
	if len(retention) > 0 {
		parts = append(parts, "retention "+strings.Join(retention, " or "))
	}
	sep := st.Subtle.Render(" · ")
	// A name longer than the line wraps, whole: the other parts follow
	// its last piece.
	var lines []string
	if name := kit.Sanitize(d.topic); lipgloss.Width(name) > w {
		pieces := strings.Split(ansi.Hardwrap(name, w, false), "\n")
		for _, p := range pieces[:len(pieces)-1] {
			lines = append(lines, st.Title.Render(p))
		}
		parts[0] = st.Title.Render(pieces[len(pieces)-1])
	}
	wrapped := len(lines)
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case lipgloss.Width(line)+lipgloss.Width(sep)+lipgloss.Width(p) <= w || len(lines) == wrapped+1:
			line += sep + p
		default:
			lines = append(lines, line)
			line = p
		}
	}
	lines = append(lines, line)
	for i := range lines {
		lines[i] = kit.Truncate(lines[i], w)
	}
	return append(lines, d.errLines(w)...)
}

// errLines say why the topic could not be described, under the summary
// and in up to kit.ErrorLines lines, so that the end of a long Kafka
// error shows at 60 columns; none once it was described (a failed
// refresh keeps what was shown).
func (d *TopicDetail) errLines(w int) []string {
	if d.desc.loaded || d.desc.err == nil {
		return nil
	}
	lines := kit.WrapN(d.describeErr(d.desc.err), w, kit.ErrorLines)
	for i, l := range lines {
		lines[i] = d.st.Error.Render(l)
	}
	return lines
}

func (d *TopicDetail) underReplicated() int {
	n := 0
	for _, p := range d.desc.detail.PartitionList {
		if p.UnderReplicated() {
			n++
		}
	}
	return n
}

// partsRowsTop is the line of the first partition row inside the pane: a
// title line and the column headings come first.
const partsRowsTop = 2

var partitionColumns = []kit.Column{
	{Title: "", Width: 1},
	{Title: "ID", Width: 4, Right: true},
	{Title: "LEADER", Width: 6, Right: true},
	{Title: "REPLICAS", Width: 8, Flex: true},
	{Title: "ISR", Width: 8, Flex: true},
	{Title: "LOW", Width: 11, Right: true},
	{Title: "HIGH", Width: 11, Right: true},
	{Title: "MESSAGES", Width: 11, Right: true},
	{Title: "SIZE", Width: 8, Right: true},
}

// partitionsView renders the partitions pane's content.
func (d *TopicDetail) partitionsView(w, h int) string {
	st := d.st
	focused := d.focus == panePartitions
	title := st.Title.Render("Partitions")
	if !focused {
		title = "Partitions"
	}
	if d.desc.loaded {
		title += " " + st.Subtle.Render(fmt.Sprintf("(%d)", len(d.desc.detail.PartitionList)))
		if n := d.underReplicated(); n > 0 {
			title += "  " + st.Warning.Render(fmt.Sprintf("! %d under-replicated", n))
		}
	}
	if m := kit.ScrollMarker(d.parts.Offset, d.parts.Height, len(d.desc.detail.PartitionList)); m != "" && d.desc.loaded {
		title = kit.Spread(title, st.Subtle.Render(m), w)
	}
	lines := []string{title}
	cols := d.partitionCols(w)
	ws := kit.Layout(cols, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, cols, ws, -1, ""))
	switch {
	case !d.desc.loaded && d.desc.err != nil:
		lines = append(lines, st.Error.Render(kit.Truncate("  Not described (the reason is above) · r tries again", w)))
	case !d.desc.loaded:
		lines = append(lines, st.Subtle.Render("  Loading partitions…"))
	case len(d.desc.detail.PartitionList) == 0:
		lines = append(lines, st.Subtle.Render("  No partitions."))
	default:
		start, end := d.parts.Window()
		cells := make([]string, len(partitionColumns))
		for i := start; i < end; i++ {
			p := d.desc.detail.PartitionList[i]
			selected := focused && i == d.parts.Cursor
			cells[0] = ""
			leader := strconv.Itoa(int(p.Leader))
			if p.Leader < 0 {
				cells[0], leader = "✗", "none"
			} else if p.UnderReplicated() {
				cells[0] = "!"
			}
			cells[1] = strconv.Itoa(p.ID)
			cells[2] = leader
			cells[3] = joinIDs(p.Replicas)
			cells[4] = joinIDs(p.ISR)
			cells[5] = kit.FormatCount(p.Low)
			cells[6] = kit.FormatCount(p.High)
			cells[7] = kit.FormatCount(p.Messages())
			cells[8] = d.partitionSize(p.ID)
			row := kit.RowLine(cells, cols, ws, selected, st.Selected)
			if !selected && (p.UnderReplicated() || p.Leader < 0) {
				row = st.Warning.Render(row)
			}
			lines = append(lines, row)
		}
	}
	return strings.Join(lines, "\n")
}

// partitionCols are the partition columns for a pane w cells wide: the
// numbers' columns keep the width of their widest value, and give up
// their spare width before the replica lists are cut.
func (d *TopicDetail) partitionCols(w int) []kit.Column {
	cols := d.partitionMins()
	need := len(kit.NoMark) + len(kit.ColGap)*(len(cols)-1)
	ids := 0
	for _, p := range d.desc.detail.PartitionList {
		ids = max(ids, len(joinIDs(p.Replicas)), len(joinIDs(p.ISR)))
	}
	for _, c := range cols {
		if c.Flex {
			need += max(c.Width, ids)
		} else {
			need += c.Width
		}
	}
	for i := len(cols) - 1; i >= 5 && need > w; i-- {
		floor := max(cols[i].Min, len(cols[i].Title))
		cut := min(need-w, max(cols[i].Width-floor, 0))
		cols[i].Width -= cut
		need -= cut
	}
	return cols
}

// partitionMins are the partition columns with the numbers' columns
// keeping the width of their widest value on a narrow terminal.
func (d *TopicDetail) partitionMins() []kit.Column {
	cols := slices.Clone(partitionColumns)
	for _, p := range d.desc.detail.PartitionList {
		cols[5].Min = max(cols[5].Min, len(kit.FormatCount(p.Low)))
		cols[6].Min = max(cols[6].Min, len(kit.FormatCount(p.High)))
		cols[7].Min = max(cols[7].Min, len(kit.FormatCount(p.Messages())))
		cols[8].Min = max(cols[8].Min, lipgloss.Width(d.partitionSize(p.ID)))
	}
	return cols
}

func joinIDs(ids []int32) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(int(id))
	}
	return strings.Join(s, ",")
}

var topicGroupColumns = []kit.Column{
	{Title: "GROUP", Width: 12, Flex: true},
	{Title: "STATE", Width: 11},
	{Title: "MEMBERS", Width: 7, Right: true},
	{Title: "COMMITTED", Width: 9, Right: true},
	{Title: "LAG", Width: 11, Right: true},
}

// groupsPaneWidth is the narrowest the groups pane is drawn side by side,
// border included.
const groupsPaneWidth = 2 + 2 + 12 + 11 + 7 + 9 + 11 + 4*2

// groupsTitle is the consumer-groups pane's title.
const groupsTitle = "Consumer groups"

// groupsErrLines say, after the pane's title, why the groups could not
// be listed, in lines of w cells, up to kit.ErrorLines of them; every
// line but the title is in the error style.
func (d *TopicDetail) groupsErrLines(w int) []string {
	lines := kit.WrapN(groupsTitle+" "+kit.Sanitize(kafkaops.Describe(d.grp.err)), w, kit.ErrorLines)
	for i := 1; i < len(lines); i++ {
		lines[i] = d.st.Error.Render(lines[i])
	}
	return lines
}

// groupsView renders the consumer-groups pane: the groups with committed
// offsets on the topic and their lag on it.
func (d *TopicDetail) groupsView(w int) string {
	st := d.st
	focused := d.focus == paneGroups
	title := groupsTitle
	if focused {
		title = st.Title.Render(title)
	}
	switch {
	case !d.grp.loaded:
		return title + " " + st.Subtle.Render("loading…")
	case d.grp.err != nil:
		lines := d.groupsErrLines(w)
		if rest, ok := strings.CutPrefix(lines[0], groupsTitle); ok {
			lines[0] = title + st.Error.Render(rest)
		}
		return strings.Join(lines, "\n")
	case len(d.grp.list) == 0:
		return title + st.Subtle.Render(" · none has committed offsets on this topic")
	}
	var lag int64
	for _, g := range d.grp.list {
		lag += g.Lag
	}
	title += " " + st.Subtle.Render(fmt.Sprintf("(%d, total lag %s)", len(d.grp.list), kit.FormatCount(lag)))
	ws := kit.Layout(topicGroupColumns, w)
	lines := []string{title, kit.HeaderLine(st.TableHead, topicGroupColumns, ws, -1, "")}
	lines = append(lines, kit.WindowRows(st, &d.grp.scroll, topicGroupColumns, ws, focused, func(i int, _ bool, cells []string) {
		g := d.grp.list[i]
		cells[0] = kit.Sanitize(g.Group)
		cells[1] = kit.StateLabel(g.State)
		cells[2] = kit.FormatCount(int64(g.Members))
		cells[3] = strconv.Itoa(g.Partitions)
		if d.desc.loaded {
			cells[3] += "/" + strconv.Itoa(len(d.desc.detail.PartitionList))
		}
		cells[4] = kit.FormatCount(g.Lag)
	})...)
	return strings.Join(lines, "\n")
}
