package topics

import (
	"context"
	"errors"
	"fmt"
	"kscope/views/kit"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// detailLoadedMsg is the answer to DescribeTopic.
type detailLoadedMsg struct {
	reqID  uint64
	detail kafkaops.TopicDetail
	err    error
}

// detailTickMsg is the topic detail's auto-refresh timer firing.
type detailTickMsg struct{ id uint64 }

// topicGroupsLoadedMsg is the answer to TopicGroups.
type topicGroupsLoadedMsg struct {
	reqID  uint64
	groups []kafkaops.TopicGroupLag
	err    error
}

// detailPane names a pane of the topic detail.
type detailPane int

const (
	paneConfigs detailPane = iota
	panePartitions
	paneGroups
)

// TopicDetail shows one topic: a summary line, its configs and its
// partitions in two panes, side by side on a wide terminal and stacked on
// a narrow one. tab moves the focus between the panes; each scrolls.
type TopicDetail struct {
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  detailKeys

	width, height int

	descID, cfgID uint64
	loaded        bool // DescribeTopic answered at least once
	err           error
	detail        kafkaops.TopicDetail

	configs *kit.ConfigPane
	parts   kit.Scroller
	focus   detailPane

	// The consumer groups with committed offsets on the topic.
	grpID        uint64
	groupsLoaded bool
	groupsErr    error
	groups       []kafkaops.TopicGroupLag
	grpScroll    kit.Scroller

	// The auto-refresh timer; the loads keep their own request ids.
	kit.Poller
}

var _ kit.Screen = (*TopicDetail)(nil)

// NewTopicDetail returns the detail screen of the topic named topic. It
// loads the partitions and the configs in Init.
func NewTopicDetail(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	d := &TopicDetail{svc: svc, st: st, topic: topic, keys: newDetailKeys(), configs: kit.NewConfigPane(st), Poller: kit.Poller{Every: kit.DefaultRefresh}}
	d.SetSize(80, 24)
	return d
}

// Init loads the topic's partitions and configs, in two requests, and
// starts the auto-refresh timer.
func (d *TopicDetail) Init() tea.Cmd {
	return tea.Batch(d.reload(), d.tick())
}

// reload loads the partitions, the configs and the groups again.
func (d *TopicDetail) reload() tea.Cmd {
	return tea.Batch(d.loadDetail(), d.loadConfigs(), d.loadGroups())
}

// loadGroups asks which consumer groups have committed offsets on the
// topic, and their lag on it.
func (d *TopicDetail) loadGroups() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.grpID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.TopicGroupLag, error) { return svc.TopicGroups(ctx, name) },
		func(id uint64, gs []kafkaops.TopicGroupLag, err error) tea.Msg {
			return topicGroupsLoadedMsg{reqID: id, groups: gs, err: err}
		})
	return cmd
}

// tick arms the auto-refresh timer.
func (d *TopicDetail) tick() tea.Cmd {
	return d.Poller.Tick(func(id uint64) tea.Msg { return detailTickMsg{id: id} })
}

func (d *TopicDetail) loadDetail() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.descID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) (kafkaops.TopicDetail, error) { return svc.DescribeTopic(ctx, name) },
		func(id uint64, td kafkaops.TopicDetail, err error) tea.Msg {
			return detailLoadedMsg{reqID: id, detail: td, err: err}
		})
	return cmd
}

func (d *TopicDetail) loadConfigs() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.cfgID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.ConfigEntry, error) { return svc.TopicConfigs(ctx, name) }, kit.ConfigsLoaded)
	return cmd
}

// Update handles keys, mouse events and the answers to its requests.
//
// Mouse messages must carry Y relative to the first line of the body (the
// summary is line 0, and line 1 when it wraps); X and Y pick the pane.
func (d *TopicDetail) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	cmd := d.update(msg)
	// The panes' sizes follow what was loaded: the partition count, the
	// groups and the summary's line count (its configs, or an error).
	d.relayout()
	return d, cmd
}

func (d *TopicDetail) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detailTickMsg:
		// The cursor, the scroll offsets, the focus and the config filter
		// all stay: only the data is replaced.
		return d.Fired(msg.id, d.tick, d.reload)
	case topicGroupsLoadedMsg:
		if msg.reqID != d.grpID {
			return nil
		}
		d.groupsLoaded = true
		d.groupsErr = msg.err
		if msg.err == nil {
			d.groups = msg.groups
		}
		d.grpScroll.SetN(len(d.groups))
		if d.focus == paneGroups && len(d.groups) == 0 {
			d.focus = paneConfigs
		}
		return nil
	case detailLoadedMsg:
		if msg.reqID != d.descID {
			return nil
		}
		if msg.err != nil {
			// Say it once, not at every refresh while it keeps failing.
			again := d.err != nil
			d.err = msg.err
			if again {
				return nil
			}
			return kit.Status(d.describeErr(msg.err), true)
		}
		d.loaded, d.err, d.detail = true, nil, msg.detail
		d.parts.SetN(len(msg.detail.PartitionList))
		return nil
	case kit.ConfigsLoadedMsg:
		if msg.ReqID != d.cfgID {
			return nil
		}
		if msg.Err != nil {
			again := d.configs.Err != nil
			d.configs.SetErr(msg.Err)
			if again {
				return nil
			}
			return kit.Status("configs of "+kit.Sanitize(d.topic)+": "+kafkaops.Describe(msg.Err), true)
		}
		d.configs.SetEntries(msg.Configs)
		return nil
	case tea.PasteMsg:
		if d.configs.Capturing() {
			return d.configs.Update(msg)
		}
	case tea.KeyPressMsg:
		return d.key(msg)
	case tea.MouseWheelMsg:
		if p, ok := d.paneAt(msg.X, msg.Y); ok {
			if p == paneConfigs {
				d.configs.Scroll(kit.WheelDelta(tea.Mouse(msg)))
			} else {
				d.parts.Scroll(kit.WheelDelta(tea.Mouse(msg)))
			}
		}
	case tea.MouseClickMsg:
		if p, ok := d.paneAt(msg.X, msg.Y); ok && msg.Button == tea.MouseLeft {
			d.focus = p
			if p == panePartitions {
				l := d.layout()
				row := msg.Y - l.parts.y - 1 - partsRowsTop // 1: the border
				if start, end := d.parts.Window(); row >= 0 && start+row < end {
					d.parts.MoveTo(start + row)
				}
			}
		}
	}
	return nil
}

func (d *TopicDetail) describeErr(err error) string {
	if kafkaops.IsNotFound(err) || errors.Is(err, kafkaops.ErrNotFound) {
		return "topic " + kit.Sanitize(d.topic) + " does not exist (deleted?): " + kafkaops.Describe(err)
	}
	return "describe " + kit.Sanitize(d.topic) + ": " + kafkaops.Describe(err)
}

func (d *TopicDetail) key(msg tea.KeyPressMsg) tea.Cmd {
	if d.configs.Capturing() {
		return d.configs.Update(msg)
	}
	switch {
	case kit.Matches(msg, d.keys.Switch):
		d.switchFocus(kit.Matches(msg, d.keys.SwitchBack))
		return nil
	case kit.Matches(msg, d.keys.Back):
		if d.configs.HasFilter() {
			d.configs.SetFilter("")
			return nil
		}
		return kit.Pop()
	case kit.Matches(msg, d.keys.Refresh):
		return d.reload()
	case kit.Matches(msg, d.keys.Delete):
		// The root refuses the route on a read-only context, with the
		// reason; the confirmation refuses an internal topic too.
		if isInternalTopic(kafkaops.Topic{Name: d.topic, Internal: d.detail.Topic.Internal}) {
			return kit.Status(internalRefusal(d.topic), true)
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteDeleteTopic, Topic: d.topic})
	case kit.Matches(msg, d.configs.Keys.Filter):
		d.focus = paneConfigs
		return d.configs.Update(msg)
	}
	switch d.focus {
	case paneConfigs:
		return d.configs.Update(msg)
	case paneGroups:
		if kit.Matches(msg, d.keys.Open) && len(d.groups) > 0 {
			return kit.Navigate(kit.Route{Kind: kit.RouteGroupDetail, Group: d.groups[d.grpScroll.Cursor].Group})
		}
		kit.KeyScroll(&d.grpScroll, d.keys.list, msg)
		return nil
	}
	kit.KeyScroll(&d.parts, d.keys.list, msg)
	return nil
}

// switchFocus moves the focus to the next pane (back with shift+tab):
// configs, partitions, then the groups when there are any.
func (d *TopicDetail) switchFocus(back bool) {
	order := []detailPane{paneConfigs, panePartitions}
	if len(d.groups) > 0 {
		order = append(order, paneGroups)
	}
	i := 0
	for j, p := range order {
		if p == d.focus {
			i = j
		}
	}
	step := 1
	if back {
		step = len(order) - 1
	}
	d.focus = order[(i+step)%len(order)]
}

// Title names the screen after the topic.
func (d *TopicDetail) Title() string { return kit.Sanitize(d.topic) }

// SetSize sets the body size.
func (d *TopicDetail) SetSize(width, height int) {
	d.width, d.height = width, height
	d.relayout()
}

// relayout sizes the panes to the layout.
func (d *TopicDetail) relayout() {
	l := d.layout()
	d.configs.SetSize(l.configs.w-2, l.configs.h-2)
	d.parts.SetHeight(l.parts.h - 2 - partsRowsTop)
	d.grpScroll.SetHeight(l.groups.h - 2 - groupsPaneRowsTop)
}

// HandlesEsc reports whether esc would clear a kept config filter rather
// than go back.
func (d *TopicDetail) HandlesEsc() bool { return d.configs.HasFilter() }

// Capturing reports whether the config filter has focus.
func (d *TopicDetail) Capturing() bool { return d.configs.Capturing() }

// ShortHelp lists the keys for the bottom line.
func (d *TopicDetail) ShortHelp() []key.Binding {
	if d.configs.Capturing() {
		return d.configs.Help()
	}
	back := d.keys.Back
	if d.configs.HasFilter() {
		back = d.configs.Keys.Clear
	}
	return append([]key.Binding{d.keys.Switch}, append(d.configs.Help(), d.keys.Refresh, back)...)
}

// FullHelp lists every key.
func (d *TopicDetail) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		d.keys.list.Bindings(),
		{d.keys.Switch, d.configs.Keys.Filter, d.keys.Open, d.keys.Refresh, d.keys.Back},
		{d.keys.Delete},
	}
}

// rect is a pane's place in the body.
type rect struct{ x, y, w, h int }

func (r rect) has(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

type detailLayout struct{ configs, parts, groups rect }

// sideBySideWidth is the body width from which the panes sit side by side:
// the partitions pane then takes the width its columns need and the
// configs pane, whose values wrap, the rest.
const sideBySideWidth = 150

// layout places the panes under the summary line: side by side when the
// body is wide, else partitions on top (as tall as they need, up to 40% of
// the height) and configs below.
func (d *TopicDetail) layout() detailLayout {
	w := max(d.width, 20)
	top := len(d.summary(w))
	h := max(d.height-top, 8)
	if w >= sideBySideWidth {
		gh := d.groupsHeight(h, h/3)
		// The groups pane sits under the partitions, as wide as they are
		// (at least as wide as its own columns).
		pw := min(max(d.partitionsWidth(), groupsPaneWidth), w/2)
		return detailLayout{
			parts:   rect{0, top, pw, h - gh},
			groups:  rect{0, top + h - gh, pw, gh},
			configs: rect{pw, top, w - pw, h},
		}
	}
	need := len(d.detail.PartitionList) + partsRowsTop + 2
	if !d.loaded {
		need = 6
	}
	// The partitions keep the share they had before the groups pane came
	// (less its one line); the groups take up to a third of what is left.
	ph := min(max(need, 5), max((h-3)*2/5, 5))
	gh := d.groupsHeight(h-ph, (h-ph)/3)
	return detailLayout{
		parts:   rect{0, top, w, ph},
		groups:  rect{0, top + ph, w, gh},
		configs: rect{0, top + ph + gh, w, h - ph - gh},
	}
}

// groupsPaneRowsTop is the line of the first group row inside its pane: a
// title line and the column headings come first.
const groupsPaneRowsTop = 2

// groupsHeight is the groups pane's height, border included, in avail
// lines shared with the panes it stacks with: one line when no group has
// committed offsets on the topic, else a row per group, at most share
// (but always room for one row). The other panes keep at least five
// lines; when they would not, the pane shrinks to its title line or, on
// a body too short even for that, is left out.
func (d *TopicDetail) groupsHeight(avail, share int) int {
	gh := 3
	if len(d.groups) > 0 {
		gh = min(len(d.groups)+groupsPaneRowsTop+2, max(share, groupsPaneRowsTop+3))
	}
	if avail-gh < 5 {
		gh = 3
	}
	if avail-gh < 5 {
		return 0
	}
	return gh
}

// partitionsWidth is the width of the partitions pane, border included,
// at which no column is cut: the fixed columns, and the replica and ISR
// lists as long as the longest one.
func (d *TopicDetail) partitionsWidth() int {
	ids := 0
	for _, p := range d.detail.PartitionList {
		ids = max(ids, len(joinIDs(p.Replicas)), len(joinIDs(p.ISR)))
	}
	w := len(kit.NoMark) + len(kit.ColGap)*(len(partitionColumns)-1) + 2
	for _, c := range partitionColumns {
		if c.Flex {
			w += max(c.Width, ids)
		} else {
			w += c.Width
		}
	}
	return w
}

func (d *TopicDetail) paneAt(x, y int) (detailPane, bool) {
	l := d.layout()
	switch {
	case l.configs.has(x, y):
		return paneConfigs, true
	case l.parts.has(x, y):
		return panePartitions, true
	case l.groups.h > 0 && l.groups.has(x, y) && len(d.groups) > 0:
		return paneGroups, true
	}
	return 0, false
}

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
	case d.loaded:
		t := d.detail.Topic
		parts = append(parts,
			kit.PluralCount(int64(t.Partitions), "partition"),
			"RF "+strconv.Itoa(t.ReplicationFactor),
			kit.PluralCount(d.messages(), "message"))
		if t.Internal {
			parts = append(parts, st.Subtle.Render("internal"))
		}
		if n := d.underReplicated(); n > 0 {
			parts = append(parts, st.Warning.Render(fmt.Sprintf("! %d under-replicated", n)))
		}
	case d.err != nil:
		parts = append(parts, st.Error.Render(d.describeErr(d.err)))
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
	var lines []string
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case lipgloss.Width(line)+lipgloss.Width(sep)+lipgloss.Width(p) <= w || len(lines) == 1:
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
	return lines
}

// messages sums the partitions' messages (the topic's own count when the
// partition list is empty).
func (d *TopicDetail) messages() int64 {
	if len(d.detail.PartitionList) == 0 {
		return d.detail.Messages
	}
	var n int64
	for _, p := range d.detail.PartitionList {
		n += p.Messages()
	}
	return n
}

func (d *TopicDetail) underReplicated() int {
	n := 0
	for _, p := range d.detail.PartitionList {
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
}

// partitionsView renders the partitions pane's content.
func (d *TopicDetail) partitionsView(w, h int) string {
	st := d.st
	focused := d.focus == panePartitions
	title := st.Title.Render("Partitions")
	if !focused {
		title = "Partitions"
	}
	if d.loaded {
		title += " " + st.Subtle.Render(fmt.Sprintf("(%d)", len(d.detail.PartitionList)))
		if n := d.underReplicated(); n > 0 {
			title += "  " + st.Warning.Render(fmt.Sprintf("! %d under-replicated", n))
		}
	}
	lines := []string{title}
	ws := kit.Layout(partitionColumns, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, partitionColumns, ws, -1, ""))
	switch {
	case !d.loaded && d.err != nil:
		lines = append(lines, st.Error.Render(kit.Truncate("  "+d.describeErr(d.err), w)),
			st.Subtle.Render("  Press r to try again."))
	case !d.loaded:
		lines = append(lines, st.Subtle.Render("  Loading partitions…"))
	case len(d.detail.PartitionList) == 0:
		lines = append(lines, st.Subtle.Render("  No partitions."))
	default:
		start, end := d.parts.Window()
		cells := make([]string, len(partitionColumns))
		for i := start; i < end; i++ {
			p := d.detail.PartitionList[i]
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
			row := kit.RowLine(cells, partitionColumns, ws, selected, st.Selected)
			if !selected && (p.UnderReplicated() || p.Leader < 0) {
				row = st.Warning.Render(row)
			}
			lines = append(lines, row)
		}
	}
	return strings.Join(lines, "\n")
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

// groupsView renders the consumer-groups pane: the groups with committed
// offsets on the topic and their lag on it.
func (d *TopicDetail) groupsView(w int) string {
	st := d.st
	focused := d.focus == paneGroups
	title := "Consumer groups"
	if focused {
		title = st.Title.Render(title)
	}
	switch {
	case !d.groupsLoaded:
		return title + " " + st.Subtle.Render("loading…")
	case d.groupsErr != nil:
		return title + " " + st.Error.Render(kit.Truncate(kafkaops.Describe(d.groupsErr), max(w-lipgloss.Width(title)-1, 1)))
	case len(d.groups) == 0:
		return title + st.Subtle.Render(" · none has committed offsets on this topic")
	}
	var lag int64
	for _, g := range d.groups {
		lag += g.Lag
	}
	title += " " + st.Subtle.Render(fmt.Sprintf("(%d, total lag %s)", len(d.groups), kit.FormatCount(lag)))
	ws := kit.Layout(topicGroupColumns, w)
	lines := []string{title, kit.HeaderLine(st.TableHead, topicGroupColumns, ws, -1, "")}
	start, end := d.grpScroll.Window()
	cells := make([]string, len(topicGroupColumns))
	for i := start; i < end; i++ {
		g := d.groups[i]
		cells[0] = kit.Sanitize(g.Group)
		cells[1] = kit.StateLabel(g.State)
		cells[2] = kit.FormatCount(int64(g.Members))
		cells[3] = strconv.Itoa(g.Partitions)
		if d.loaded {
			cells[3] += "/" + strconv.Itoa(len(d.detail.PartitionList))
		}
		cells[4] = kit.FormatCount(g.Lag)
		lines = append(lines, kit.RowLine(cells, topicGroupColumns, ws, focused && i == d.grpScroll.Cursor, st.Selected))
	}
	return strings.Join(lines, "\n")
}
