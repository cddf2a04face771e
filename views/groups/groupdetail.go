package groups

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// groupLoadedMsg is the answer to DescribeGroup.
type groupLoadedMsg struct {
	reqID  uint64
	group  kafkaops.Group
	err    error
	manual bool
}

// groupTickMsg is the group detail's refresh timer firing.
type groupTickMsg struct{ id uint64 }

// groupDeletedMsg is the answer to DeleteGroup.
type groupDeletedMsg struct {
	reqID uint64
	group string
	err   error
}

// offsetsResetMsg says a reset was applied to a group, so screens showing
// it reload. The root delivers it to every screen.
type offsetsResetMsg struct{ group string }

// lagSamples is how many total-lag samples the group detail keeps for its
// sparkline.
const lagSamples = 60

// groupPane names a pane of the group detail.
type groupPane int

const (
	paneLag groupPane = iota
	paneMembers
)

// lagRow is one line of the lag table: a partition, or a topic's total.
type lagRow struct {
	total bool
	lag   kafkaops.PartitionLag // Topic set for totals
	// For totals: sums over the topic's partitions.
	committed, partitions int
	sum                   int64
}

// GroupDetail shows one consumer group: its state and total lag with a
// sparkline of recent samples, its members and what each is assigned,
// and per partition the committed offset, log end, lag and owner, with a
// total per topic. o opens the offset reset, d deletes an empty group.
type GroupDetail struct {
	svc   kafkaops.Service
	st    *theme.Styles
	opts  GroupsOptions
	id    string
	keys  groupDetailKeys
	focus groupPane

	width, height int

	kit.Poller
	delID    uint64
	loaded   bool
	err      error
	group    kafkaops.Group
	rows     []lagRow
	memberNo map[string]int // member id → 1-based number
	history  kit.LagHistory

	lagScroll, memScroll kit.Scroller
	confirmDelete        bool
}

var _ kit.Screen = (*GroupDetail)(nil)

// NewGroupDetail returns the detail screen of group id. It loads the group
// in Init and reloads it every kit.DefaultRefresh (see SetRefresh), adding a lag sample each time.
func NewGroupDetail(svc kafkaops.Service, st *theme.Styles, id string, opts GroupsOptions) kit.Screen {
	d := &GroupDetail{
		svc: svc, st: st, opts: opts, id: id,
		Poller:  kit.Poller{Every: kit.DefaultRefresh},
		keys:    newGroupDetailKeys(opts.ReadOnly),
		history: kit.LagHistory{Limit: lagSamples},
	}
	d.SetSize(80, 24)
	return d
}

// Init loads the group and starts the refresh timer.
func (d *GroupDetail) Init() tea.Cmd { return tea.Batch(d.load(false), d.tick()) }

func (d *GroupDetail) load(manual bool) tea.Cmd {
	svc, group := d.svc, d.id
	describe := func(ctx context.Context) (kafkaops.Group, error) { return svc.DescribeGroup(ctx, group) }
	return kit.Load(&d.Poller, describe, func(id uint64, g kafkaops.Group, err error) tea.Msg {
		return groupLoadedMsg{reqID: id, group: g, err: err, manual: manual}
	})
}

func (d *GroupDetail) tick() tea.Cmd {
	return d.Poller.Tick(func(id uint64) tea.Msg { return groupTickMsg{id: id} })
}

// Update handles keys, the group's answers, the timer and resets.
func (d *GroupDetail) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case groupLoadedMsg:
		return d, d.handleLoaded(msg)
	case groupTickMsg:
		return d, d.Fired(msg.id, d.tick, func() tea.Cmd { return d.load(false) })
	case offsetsResetMsg:
		if msg.group == d.id {
			return d, d.load(false)
		}
	case groupDeletedMsg:
		if msg.reqID != d.delID {
			return d, nil
		}
		if msg.err != nil {
			return d, kit.Status(groupErrText(msg.err), true)
		}
		// Closed first: the text then stays on the screen below.
		return d, tea.Sequence(kit.Pop(), kit.Status("deleted group "+kit.Sanitize(msg.group), false))
	case tea.KeyPressMsg:
		return d, d.key(msg)
	case tea.MouseWheelMsg:
		d.lagScroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	}
	return d, nil
}

// groupErrText words an error of a group operation for the status line,
// saying plainly when the group's members are in the way.
func groupErrText(err error) string {
	if kafkaops.IsGroupActive(err) {
		return "refused: " + kafkaops.Describe(err)
	}
	return kafkaops.Describe(err)
}

func (d *GroupDetail) handleLoaded(msg groupLoadedMsg) tea.Cmd {
	if !d.Done(msg.reqID) {
		return nil
	}
	if msg.err != nil {
		d.err = msg.err
		return kit.Status(d.describeErr(msg.err), true)
	}
	d.err, d.loaded, d.group = nil, true, msg.group
	d.memberNo = map[string]int{}
	for i, m := range d.group.Members {
		d.memberNo[m.MemberID] = i + 1
	}
	d.rows = lagRows(d.group.Lag)
	d.lagScroll.SetN(len(d.rows))
	d.memScroll.SetN(len(d.group.Members))
	if total, ok := totalLag(d.group.Lag); ok {
		d.history.Add(total)
	} else {
		d.history.Add(-1)
	}
	if msg.manual {
		return kit.Status("refreshed group "+kit.Sanitize(d.id), false)
	}
	return nil
}

func (d *GroupDetail) describeErr(err error) string {
	if kafkaops.IsNotFound(err) {
		return "group " + kit.Sanitize(d.id) + " does not exist (deleted?)"
	}
	return "describe group " + kit.Sanitize(d.id) + ": " + kafkaops.Describe(err)
}

// totalLag sums the lag of the committed partitions; ok is false when
// nothing is committed.
func totalLag(ls []kafkaops.PartitionLag) (int64, bool) {
	var sum int64
	ok := false
	for _, l := range ls {
		if l.HasCommitted {
			sum += l.Lag()
			ok = true
		}
	}
	return sum, ok
}

// lagRows lists the partitions (sorted by topic and partition), each
// topic followed by its total when it has more than one partition.
func lagRows(ls []kafkaops.PartitionLag) []lagRow {
	var rows []lagRow
	for i := 0; i < len(ls); {
		j := i
		total := lagRow{total: true, lag: kafkaops.PartitionLag{Topic: ls[i].Topic}}
		for ; j < len(ls) && ls[j].Topic == ls[i].Topic; j++ {
			rows = append(rows, lagRow{lag: ls[j]})
			total.partitions++
			total.lag.LogEnd += ls[j].LogEnd
			if ls[j].HasCommitted {
				total.committed++
				total.sum += ls[j].Lag()
			}
		}
		if j-i > 1 {
			rows = append(rows, total)
		}
		i = j
	}
	return rows
}

func (d *GroupDetail) key(msg tea.KeyPressMsg) tea.Cmd {
	if d.confirmDelete {
		d.confirmDelete = false
		if kit.Matches(msg, d.keys.Confirm) {
			return d.deleteCmd()
		}
		return kit.Status("delete cancelled", false)
	}
	k := d.keys
	switch {
	case kit.Matches(msg, k.Back):
		return kit.Pop()
	case kit.Matches(msg, k.Switch):
		d.focus = 1 - d.focus
		return nil
	case kit.Matches(msg, k.Refresh):
		return d.load(true)
	case kit.Matches(msg, k.Reset):
		return d.openReset()
	case kit.Matches(msg, k.Delete):
		return d.askDelete()
	}
	if d.focus == paneMembers {
		kit.KeyScroll(&d.memScroll, k.list, msg)
	} else {
		kit.KeyScroll(&d.lagScroll, k.list, msg)
	}
	return nil
}

// busy says why the group cannot be changed now, "" when it can.
func (d *GroupDetail) busy(what string) string {
	switch {
	case d.opts.ReadOnly:
		return what + ": disabled, this context is read-only"
	case !d.loaded:
		return what + ": the group has not loaded yet"
	case len(d.group.Members) > 0:
		// Kafka refuses it too; say what to do in a line that fits.
		return fmt.Sprintf("%s: refused, %s active (%s): stop the consumers first",
			what, kit.PluralCount(int64(len(d.group.Members)), "member"), kit.StateLabel(d.group.State))
	}
	return ""
}

func (d *GroupDetail) askDelete() tea.Cmd {
	if why := d.busy("delete group"); why != "" {
		return kit.Status(why, true)
	}
	d.confirmDelete = true
	return nil
}

func (d *GroupDetail) deleteCmd() tea.Cmd {
	svc, group := d.svc, d.id
	var cmd tea.Cmd
	d.delID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) (struct{}, error) { return struct{}{}, svc.DeleteGroup(ctx, group) },
		func(id uint64, _ struct{}, err error) tea.Msg {
			return groupDeletedMsg{reqID: id, group: group, err: err}
		})
	return cmd
}

// openReset opens the offset reset for the group, scoped to the row under
// the cursor: a partition row picks that partition, a total its topic.
func (d *GroupDetail) openReset() tea.Cmd {
	if why := d.busy("reset offsets"); why != "" {
		return kit.Status(why, true)
	}
	scope := ResetScope{Partition: kafkaops.AllPartitions}
	if len(d.rows) > 0 && d.focus == paneLag {
		r := d.rows[d.lagScroll.Cursor]
		scope.Topic = r.lag.Topic
		if !r.total {
			scope.Partition = r.lag.Partition
		}
	}
	g := d.group
	return kit.Navigate(kit.Route{Kind: kit.RouteOffsetReset, GroupState: &g, Topic: scope.Topic, Partition: scope.Partition})
}

// Title names the screen after the group.
func (d *GroupDetail) Title() string { return "Group " + kit.Sanitize(d.id) }

// SetSize sets the body size.
func (d *GroupDetail) SetSize(width, height int) {
	d.width, d.height = width, height
	mem, lag := d.paneHeights()
	d.memScroll.SetHeight(mem - 2 - 2)
	d.lagScroll.SetHeight(lag - 2 - 2)
}

// Capturing is always false: the detail has no text input.
func (d *GroupDetail) Capturing() bool { return false }

// ShortHelp lists the keys for the bottom line.
func (d *GroupDetail) ShortHelp() []key.Binding {
	if d.confirmDelete {
		return []key.Binding{d.keys.Confirm, kit.EscKey("cancel")}
	}
	k := d.keys
	return []key.Binding{k.Switch, k.Reset, k.Delete, k.Refresh, k.Back}
}

// FullHelp lists every key, the disabled ones with the reason.
func (d *GroupDetail) FullHelp() [][]key.Binding {
	k := d.keys
	change := []key.Binding{k.Reset, k.Delete}
	if d.opts.ReadOnly {
		change = []key.Binding{kit.ShownDisabled(k.Reset, "read-only"), kit.ShownDisabled(k.Delete, "read-only")}
	}
	return [][]key.Binding{k.list.Bindings(), {k.Switch, k.Refresh, k.Back}, change}
}

// headLines are the summary, then the lag line with its sparkline, or
// the delete's question, or why the group could not be described.
func (d *GroupDetail) headLines(w int) []string {
	head := []string{d.summary(w), d.lagLine(w)}
	switch {
	case d.confirmDelete:
		head[1] = d.st.Warning.Render(kit.Truncate(d.deleteQuestion(w), w))
	case !d.loaded && d.err != nil:
		head = append(head[:1], d.errLines(w)...)
	}
	return head
}

// errLines say why the group could not be described, in up to
// kit.ErrorLines lines of w cells: the end of a long Kafka error shows
// at 60 columns.
func (d *GroupDetail) errLines(w int) []string {
	lines := kit.WrapN(d.describeErr(d.err), w, kit.ErrorLines)
	for i, l := range lines {
		lines[i] = d.st.Error.Render(l)
	}
	return lines
}

// paneHeights splits the height under the head between the members pane
// (as tall as its rows need, up to a third) and the lag pane.
func (d *GroupDetail) paneHeights() (members, lag int) {
	head := len(d.headLines(max(d.width, 30)))
	if !d.loaded && d.err != nil {
		// Nothing to list: the members pane keeps its title line, and
		// the error's lines come out of the lag pane, not off screen.
		avail := max(d.height-head, 8)
		return 3, avail - 3
	}
	avail := max(d.height-head, 10)
	need := max(len(d.group.Members), 1) + 4
	members = min(need, max(avail/3, 5))
	return members, avail - members
}

// View renders the summary, the lag line with its sparkline, the members
// pane and the lag pane.
func (d *GroupDetail) View() string {
	w := max(d.width, 30)
	mh, lh := d.paneHeights()
	d.memScroll.SetHeight(mh - 4)
	d.lagScroll.SetHeight(lh - 4)
	head := d.headLines(w)
	mem := kit.Frame(d.st, kit.Fill(d.membersView(w-2, mh-2), w-2, mh-2), d.focus == paneMembers)
	lag := kit.Frame(d.st, kit.Fill(d.lagView(w-2, lh-2), w-2, lh-2), d.focus == paneLag)
	return kit.PadLines(strings.Join(head, "\n")+"\n"+lipgloss.JoinVertical(lipgloss.Left, mem, lag), w, d.height)
}

// HandlesEsc reports whether esc cancels the delete's question rather
// than leave the screen.
func (d *GroupDetail) HandlesEsc() bool { return d.confirmDelete }

// deleteQuestion asks before deleting the group, in w cells: in fewer
// words when the whole question does not fit.
func (d *GroupDetail) deleteQuestion(w int) string {
	id := kit.Sanitize(d.id)
	q := "Delete group " + id + " and its committed offsets? y deletes, any other key cancels"
	if lipgloss.Width(q) > w {
		q = "Delete group " + id + " and its offsets? y deletes, esc cancels"
	}
	return q
}

// summary is the first line: id, state, assignor, members, coordinator.
func (d *GroupDetail) summary(w int) string {
	st := d.st
	parts := []string{st.Title.Render(kit.Sanitize(d.id))}
	switch {
	case d.loaded:
		g := d.group
		state := kit.StateLabel(g.State)
		switch g.State {
		case "Stable":
			state = st.OK.Render(state)
		case "Empty":
			state = st.Subtle.Render(state)
		case "Dead":
			state = st.Error.Render(state)
		default:
			state = st.Warning.Render(state)
		}
		parts = append(parts, state)
		// A group with no members has no assignor; its protocol type
		// ("consumer") is not one.
		assignor := "—"
		if g.Protocol != "" {
			assignor = st.Accent.Render(kit.Sanitize(g.Protocol))
		}
		parts = append(parts, "assignor "+assignor)
		parts = append(parts, kit.PluralCount(int64(len(g.Members)), "member"),
			"coordinator "+strconv.Itoa(int(g.Coordinator)))
	case d.err != nil:
		// Said whole on the lines under it (errLines).
	default:
		parts = append(parts, st.Subtle.Render("loading…"))
	}
	if d.Loading && d.loaded {
		parts = append(parts, st.Subtle.Render("refreshing…"))
	}
	return kit.Truncate(strings.Join(parts, st.Subtle.Render(" · ")), w)
}

// lagLine is the second line: the total lag now and the sparkline of the
// recent samples.
func (d *GroupDetail) lagLine(w int) string {
	st := d.st
	if !d.loaded {
		return ""
	}
	total, ok := totalLag(d.group.Lag)
	var left string
	switch {
	case ok:
		left = "total lag " + st.Accent.Render(kit.FormatCount(total))
	case len(d.group.Lag) > 0:
		left = "total lag " + st.Subtle.Render("— no committed offset")
	default:
		left = st.Subtle.Render("no partitions assigned or committed")
	}
	n := len(d.history.Samples)
	if n < 2 {
		return kit.Truncate(left, w)
	}
	width := min(lagSamples, max(w-lipgloss.Width(left)-24, 8))
	spark := kit.Sparkline(d.history.Samples, width)
	trend := ""
	if first, last := d.history.Samples[max(n-width, 0)], d.history.Samples[n-1]; first >= 0 && last >= 0 {
		switch {
		case last < first:
			trend = "catching up"
		case last > first:
			trend = "falling behind"
		default:
			trend = "steady"
		}
	}
	line := left + "  " + st.Accent.Render(spark) + " " + st.Subtle.Render(trend)
	return kit.Truncate(line, w)
}

var memberColumns = []kit.Column{
	{Title: "#", Width: 3, Right: true},
	{Title: "CLIENT ID", Width: 12, Flex: true},
	{Title: "HOST", Width: 15},
	{Title: "ASSIGNED", Width: 14, Flex: true},
}

func (d *GroupDetail) membersView(w, h int) string {
	st := d.st
	focused := d.focus == paneMembers
	title := "Members"
	if focused {
		title = st.Title.Render(title)
	}
	if d.loaded {
		title += " " + st.Subtle.Render(fmt.Sprintf("(%d)", len(d.group.Members)))
	}
	ws := kit.Layout(memberColumns, w)
	lines := []string{title, kit.HeaderLine(st.TableHead, memberColumns, ws, -1, "")}
	switch {
	case !d.loaded && d.err != nil:
		lines = append(lines, st.Subtle.Render("  Not described."))
	case !d.loaded:
		lines = append(lines, st.Subtle.Render("  Loading…"))
	case len(d.group.Members) == 0:
		lines = append(lines, st.Subtle.Render(noMembersText(w)))
	default:
		lines = append(lines, kit.WindowRows(st, &d.memScroll, memberColumns, ws, focused, func(i int, _ bool, cells []string) {
			m := d.group.Members[i]
			cells[0] = strconv.Itoa(i + 1)
			cells[1] = kit.Sanitize(m.ClientID)
			cells[2] = kit.Sanitize(m.ClientHost)
			cells[3] = assignedText(m.Assigned)
			if cells[3] == "" {
				cells[3] = "—"
			}
		})...)
	}
	return strings.Join(lines, "\n")
}

// assignedText renders assigned partitions compactly: "orders[0,1] pay[2]".
func assignedText(tps []kafkaops.TopicPartition) string {
	var parts []string
	for i := 0; i < len(tps); {
		j := i
		var ids []string
		for ; j < len(tps) && tps[j].Topic == tps[i].Topic; j++ {
			ids = append(ids, strconv.Itoa(tps[j].Partition))
		}
		parts = append(parts, kit.Sanitize(tps[i].Topic)+"["+strings.Join(ids, ",")+"]")
		i = j
	}
	return strings.Join(parts, " ")
}

// noMembersText says what an empty group allows, in w cells: in full
// when it fits, else in fewer words rather than cut.
func noMembersText(w int) string {
	text := "  No active members: offsets can be reset and the group deleted."
	if lipgloss.Width(text) > w {
		text = "  No members: offsets can be reset, the group deleted."
	}
	return kit.Truncate(text, w)
}

var lagColumns = []kit.Column{
	{Title: "TOPIC", Width: 10, Flex: true},
	{Title: "PART", Width: 4, Right: true},
	{Title: "COMMITTED", Width: 19, Right: true},
	{Title: "LOG END", Width: 11, Right: true},
	{Title: "LAG", Width: 9, Right: true},
	{Title: "MEMBER", Width: 10, Flex: true},
}

// narrowLagColumns are the lag table's columns where lagColumns would cut
// the topic: no member column (the members pane says who reads what) and
// a committed column for numbers, "none" standing for "no committed
// offset".
var narrowLagColumns = []kit.Column{
	lagColumns[0], lagColumns[1],
	{Title: "COMMITTED", Width: 12, Right: true},
	lagColumns[3], lagColumns[4],
}

func (d *GroupDetail) lagView(w, h int) string {
	st := d.st
	focused := d.focus == paneLag
	title := "Partitions"
	if focused {
		title = st.Title.Render(title)
	}
	if d.loaded {
		topics := map[string]bool{}
		for _, l := range d.group.Lag {
			topics[l.Topic] = true
		}
		title += " " + st.Subtle.Render(fmt.Sprintf("(%s, %s)", kit.PluralCount(int64(len(d.group.Lag)), "partition"), kit.PluralCount(int64(len(topics)), "topic")))
	}
	cols, ws, narrow := fitColumns(lagColumns, narrowLagColumns, w)
	lines := []string{title, kit.HeaderLine(st.TableHead, cols, ws, -1, "")}
	switch {
	case !d.loaded && d.err != nil:
		lines = append(lines, st.Error.Render(kit.Truncate("  Not described (the reason is above) · r tries again", w)))
	case !d.loaded:
		lines = append(lines, st.Subtle.Render("  Loading…"))
	case len(d.rows) == 0:
		lines = append(lines, st.Subtle.Render("  The group has no committed offsets and no assigned partitions."))
	default:
		start, end := d.lagScroll.Window()
		cells := make([]string, len(lagColumns))
		for i := start; i < end; i++ {
			r := d.rows[i]
			selected := focused && i == d.lagScroll.Cursor
			if r.total {
				cells[0] = "total " + kit.Sanitize(r.lag.Topic)
				cells[1] = ""
				cells[2] = fmt.Sprintf("%d/%d committed", r.committed, r.partitions)
				if narrow {
					cells[2] = fmt.Sprintf("%d/%d", r.committed, r.partitions)
				}
				cells[3] = kit.FormatCount(r.lag.LogEnd)
				cells[4] = "—"
				if r.committed > 0 {
					cells[4] = kit.FormatCount(r.sum)
				}
				cells[5] = ""
				row := kit.RowLine(cells[:len(cols)], cols, ws, selected, st.Selected)
				if !selected {
					row = st.Accent.Render(row)
				}
				lines = append(lines, row)
				continue
			}
			l := r.lag
			cells[0] = kit.Sanitize(l.Topic)
			cells[1] = strconv.Itoa(l.Partition)
			cells[2] = "no committed offset"
			if narrow {
				cells[2] = "none"
			}
			cells[4] = "—"
			if l.HasCommitted {
				cells[2] = kit.FormatCount(l.Committed)
				cells[4] = kit.FormatCount(l.Lag())
			}
			cells[3] = kit.FormatCount(l.LogEnd)
			cells[5] = d.ownerText(l.MemberID)
			row := kit.RowLine(cells[:len(cols)], cols, ws, selected, st.Selected)
			if !selected && !l.HasCommitted {
				row = st.Subtle.Render(row)
			}
			lines = append(lines, row)
		}
	}
	return strings.Join(lines, "\n")
}

// ownerText names a partition's member by its number in the members pane
// and its client id.
func (d *GroupDetail) ownerText(memberID string) string {
	if memberID == "" {
		return "—"
	}
	n, ok := d.memberNo[memberID]
	if !ok {
		return kit.Sanitize(memberID)
	}
	i := slices.IndexFunc(d.group.Members, func(m kafkaops.GroupMember) bool { return m.MemberID == memberID })
	return "#" + strconv.Itoa(n) + " " + kit.Sanitize(d.group.Members[i].ClientID)
}
