package topics

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// TopicsOptions configures the topic browser.
type TopicsOptions struct {
	// ReadOnly disables the keys that change the cluster (produce, create,
	// delete) and says so when they are pressed.
	ReadOnly bool
}

// topicsLoadedMsg is the answer to a ListTopics call.
type topicsLoadedMsg struct {
	reqID  uint64
	topics []kafkaops.Topic
	err    error
	manual bool // r was pressed: say the result in the status line
	// partial says topics came from metadata alone: their counts are
	// counts (the rows that were on screen) or the last list's.
	partial bool
	counts  map[string]int64
	// countsOnly says only counts came: the list is the last one.
	countsOnly bool
	// sizes is what the load learned of the topics' sizes.
	sizes sizeAnswer
}

// topicsTickMsg is the auto-refresh timer firing.
type topicsTickMsg struct{ id uint64 }

// topicsSettleMsg asks for the one early reload after the first load.
type topicsSettleMsg struct{}

// settleAfter is how long after the first load the browser reloads once:
// a cluster just started (kscope --local --demo) is still writing its
// first records, and the next refresh is DefaultRefresh away.
const settleAfter = time.Second

// settleNamesMax is the most topics for which the early reload lists the
// names again (a demo cluster may still be creating its topics); above
// it the early reload counts the rows on screen only.
const settleNamesMax = 10_000

// sortColumn is a column of the topic browser the list can be sorted by.
type sortColumn int

const (
	sortName sortColumn = iota
	sortPartitions
	sortReplication
	sortMessages
	sortSize
	sortColumns // count
)

// String names the column for messages.
func (c sortColumn) String() string {
	return [...]string{"name", "partitions", "replication", "messages", "size"}[c]
}

// topicRow is one topic with what filtering and sorting need, computed once
// per load.
//
// It is packed (56 bytes, half of a kafkaops.Topic copy beside the key):
// the name is the key's id, and at 100,000 topics every byte of a row is
// 100 kB to allocate and fault in at launch.
type topicRow struct {
	kit.RowKey
	messages   int64 // uncounted until counted
	size       int64 // bytes on disk, uncounted until sized
	src        int32 // the topic's index in raw, for updateCounts
	partitions int32
	rf         int32
	internal   bool
}

// newTopicRow returns the row of tp, the src-th topic of the list.
func newTopicRow(tp kafkaops.Topic, src int, size int64) topicRow {
	return topicRow{
		RowKey: kit.NewRowKey(tp.Name), messages: tp.Messages, size: size, src: int32(src),
		partitions: int32(tp.Partitions), rf: int32(tp.ReplicationFactor), internal: tp.Internal,
	}
}

// topic returns the row's topic.
func (r *topicRow) topic() kafkaops.Topic {
	return kafkaops.Topic{
		Name: r.ID(), Partitions: int(r.partitions), ReplicationFactor: int(r.rf),
		Internal: r.internal, Messages: r.messages,
	}
}

// Topics is the topic browser: every topic of the cluster in a table that
// filters as you type, sorts by any column and refreshes itself.
type Topics struct {
	svc  kafkaops.Service
	st   *theme.Styles
	opts TopicsOptions
	keys topicsKeys

	width, height int

	kit.FilterList[topicRow]
	raw       []kafkaops.Topic // the last list as the service returned it
	rawSorted bool             // raw is in name order (see rawIndex)
	rawByName map[string]int32 // raw's index by name when it is not
	// sizes holds every size known, by topic, across rebuilds; noSizes
	// says the cluster has no DescribeLogDirs (the column shows "—").
	sizes   map[string]int64
	noSizes bool
	// sizesFailed says the last sizes asked failed: a scroll does not ask
	// again, the next tick does.
	sizesFailed  bool
	sortBy       sortColumn
	showInternal bool
	// settle is the delay of the early reload after the first load
	// (settleAfter); settled says it was armed.
	settle  time.Duration
	settled bool
	// ticks counts the auto-refresh ticks, for the full sweep every
	// sweepInterval of them and the names every namesInterval.
	ticks int
	// wait counts how long the first listing takes (firstwait.go).
	wait firstWait
}

var _ kit.Screen = (*Topics)(nil)

// NewTopics returns the topic browser. It loads the topics in Init and
// reloads them every kit.DefaultRefresh (see SetRefresh).
func NewTopics(svc kafkaops.Service, st *theme.Styles, opts TopicsOptions) kit.Screen {
	t := &Topics{svc: svc, st: st, opts: opts, keys: newTopicsKeys(), settle: settleAfter}
	t.FilterList = kit.FilterList[topicRow]{
		Poller: kit.Poller{Every: kit.DefaultRefresh},
		Noun:   "topic",
		Key:    func(r *topicRow) *kit.RowKey { return &r.RowKey },
		Hide:   func(r *topicRow) bool { return r.internal && !t.showInternal },
	}
	if opts.ReadOnly {
		for _, b := range []*key.Binding{&t.keys.Produce, &t.keys.Create, &t.keys.Delete} {
			b.SetEnabled(false)
		}
	}
	t.SetSize(80, 24)
	return t
}

// Init loads the topics and starts the auto-refresh timer.
func (t *Topics) Init() tea.Cmd {
	return tea.Batch(t.loadVisible(), t.tick(), t.armWait())
}

// load returns the command that lists the topics, as a new request.
// It is the full sweep: every topic counted, and sized unless the
// cluster cannot say sizes.
func (t *Topics) load(manual bool) tea.Cmd {
	svc, sized := t.svc, t.wantSizes()
	call := func(ctx context.Context) (sweep, error) {
		topics, err := svc.ListTopics(ctx)
		if err != nil || !sized {
			return sweep{topics: topics}, err
		}
		return sweep{topics: topics, sizes: askSizes(ctx, svc, nil, true)}, nil
	}
	return kit.LoadWithin(&t.Poller, kit.ListingTimeout, call, func(id uint64, s sweep, err error) tea.Msg {
		return topicsLoadedMsg{reqID: id, topics: s.topics, sizes: s.sizes, err: err, manual: manual}
	})
}

// sweep is the answer of a full sweep.
type sweep struct {
	topics []kafkaops.Topic
	sizes  sizeAnswer
}

// tick arms the auto-refresh timer.
func (t *Topics) tick() tea.Cmd {
	return t.Poller.Tick(func(id uint64) tea.Msg { return topicsTickMsg{id: id} })
}

// Update handles keys, mouse events, loaded topics and the refresh timer.
//
// Mouse messages must carry Y relative to the first line of the body View
// renders (the root subtracts its header): body line 0 is the title line,
// line 1 the column headings, and line 2 the first visible row.
func (t *Topics) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	cmd := t.update(msg)
	// Whatever moved the window (a key, the wheel, a new list) may have
	// brought rows on screen that were never counted; a listing asked
	// again before the first list came (r after a failure) is counted
	// from its start.
	return t, tea.Batch(cmd, t.countWindow(), t.armWait())
}

// update handles one message for Update.
func (t *Topics) update(msg tea.Msg) tea.Cmd {
	if took, cmd := t.TakeInput(msg, t.keys.FilterKeys, t.open); took {
		return cmd
	}
	switch msg := msg.(type) {
	case topicsLoadedMsg:
		return t.handleLoaded(msg)
	case kit.TopicsChangedMsg:
		return t.loadVisible()
	case topicsTickMsg:
		return t.Fired(msg.id, t.tick, t.refresh)
	case waitTickMsg:
		return t.waitTicked(msg)
	case topicsSettleMsg:
		if t.Loading {
			return nil
		}
		if len(t.raw) > settleNamesMax {
			// A big cluster is not one being filled: count what is on
			// screen, without listing every topic again a second in.
			return t.loadCounts()
		}
		return t.loadVisible()
	case tea.KeyPressMsg:
		return t.key(msg)
	}
	return nil
}

// topicsRowsTop is the body line of the first table row.
const topicsRowsTop = kit.ListRowsTop

func (t *Topics) handleLoaded(msg topicsLoadedMsg) tea.Cmd {
	first := !t.FilterList.Loaded
	cmd := t.answer(msg)
	if !first || !t.FilterList.Loaded || t.settled || t.Every <= 0 {
		return cmd
	}
	// Once, right after the first list: the counts of a cluster that is
	// still being filled catch up at once, not a refresh later.
	t.settled = true
	return tea.Batch(cmd, t.Send(tea.Tick(t.settle, func(time.Time) tea.Msg { return topicsSettleMsg{} })))
}

// answer applies a loaded list.
func (t *Topics) answer(msg topicsLoadedMsg) tea.Cmd {
	current := msg.reqID == t.ReqID && msg.err == nil
	if current {
		t.applySizes(msg.sizes) // before rows are rebuilt from them
	}
	cmd := t.answerList(msg)
	if current && len(msg.sizes.sizes) > 0 {
		t.rowSizes(msg.sizes.sizes)
	}
	return cmd
}

// answerList applies a loaded list and its counts.
func (t *Topics) answerList(msg topicsLoadedMsg) tea.Cmd {
	if msg.countsOnly && msg.err == nil && msg.reqID == t.ReqID && t.FilterList.Loaded {
		if t.sortBy != sortMessages && !msg.manual {
			// Only counts changed and the order does not depend on them.
			t.Done(msg.reqID)
			t.Err = nil
			t.applyCounts(msg.counts)
			return nil
		}
		msg.topics = t.recounted(msg.counts)
	}
	if msg.partial && msg.err == nil && msg.reqID == t.ReqID {
		msg.topics = withCounts(msg.topics, t.raw, msg.counts)
	}
	if t.updateCounts(msg) {
		return nil
	}
	return t.Answer(msg.reqID, msg.err, msg.manual, len(msg.topics),
		func() bool { return slices.Equal(msg.topics, t.raw) },
		func() []topicRow {
			t.setRaw(msg.topics)
			rows := make([]topicRow, len(msg.topics))
			for i, tp := range msg.topics {
				rows[i] = newTopicRow(tp, i, t.sizeOf(tp.Name))
			}
			return rows
		})
}

// key handles a key while the table has focus.
func (t *Topics) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.keys
	if took, cmd := t.CommonKey(msg, k.ListScreenKeys, t.open); took {
		return cmd
	}
	switch {
	case kit.Matches(msg, k.Sort):
		t.sortBy = (t.sortBy + 1) % sortColumns
		if t.sortBy == sortSize && t.noSizes {
			t.sortBy = sortName // a column of "—" sorts nothing
		}
		// Names read best A→Z; numbers biggest first.
		cmd := t.sort(t.sortBy != sortName)
		if t.sweeping() && !t.Loading {
			// The order needs every count or size: sweep now, not a tick
			// later.
			return tea.Batch(cmd, t.load(false))
		}
		return cmd
	case kit.Matches(msg, k.Reverse):
		return t.sort(!t.Desc)
	case kit.Matches(msg, k.Internal):
		if t.FilterList.Loaded && !t.hasInternal() {
			// Nothing would change: say so rather than "shown".
			return kit.Status("no internal topics on this cluster", false)
		}
		keep := t.SelectedID()
		t.showInternal = !t.showInternal
		t.Refilter(keep)
		if t.showInternal {
			return kit.Status("showing internal topics", false)
		}
		return kit.Status("hiding internal topics", false)
	case kit.Matches(msg, k.Refresh):
		return t.load(true)
	case kit.Matches(msg, k.Tail):
		name := t.SelectedID()
		if name == "" {
			return kit.Status("tail: no topic selected", true)
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteTail, Topic: name})
	case kit.Matches(msg, k.Search):
		name := t.SelectedID()
		if name == "" {
			return kit.Status("search: no topic selected", true)
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteSearch, Topic: name})
	case kit.Matches(msg, k.Produce):
		if t.opts.ReadOnly {
			return t.notYet("produce")
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteProduce, Topic: t.SelectedID()})
	case kit.Matches(msg, k.Create):
		if t.opts.ReadOnly {
			return t.notYet("create")
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteCreateTopic})
	case kit.Matches(msg, k.Delete):
		if t.opts.ReadOnly {
			return t.notYet("delete")
		}
		return t.deleteSelected()
	}
	return nil
}

// sort sorts the list by sortBy, and says so.
func (t *Topics) sort(desc bool) tea.Cmd {
	var col func(a, b *topicRow) int
	switch t.sortBy {
	case sortPartitions:
		col = func(a, b *topicRow) int { return cmp.Compare(a.partitions, b.partitions) }
	case sortReplication:
		col = func(a, b *topicRow) int { return cmp.Compare(a.rf, b.rf) }
	case sortMessages:
		col = func(a, b *topicRow) int { return cmp.Compare(a.messages, b.messages) }
	case sortSize:
		col = func(a, b *topicRow) int { return cmp.Compare(a.size, b.size) }
	}
	return t.OrderBy(col, desc, t.sortBy.String(), t.sortBy != sortName)
}

// deleteSelected opens the delete confirmation for the selected topic,
// or says why an internal topic cannot be deleted here.
func (t *Topics) deleteSelected() tea.Cmd {
	tp, ok := t.Selected()
	if !ok {
		return kit.Status("delete: no topic selected", true)
	}
	if isInternalTopic(tp) {
		return kit.Status(internalRefusal(tp.Name), true)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteDeleteTopic, Topic: tp.Name})
}

// notYet says why a key that would change the cluster does nothing. A
// refusal is an error (✗), as the root's refusals are.
func (t *Topics) notYet(what string) tea.Cmd {
	if t.opts.ReadOnly {
		return kit.Status(what+": disabled, this context is read-only", true)
	}
	return kit.Status(what+": coming in a later version of kscope", true)
}

// hasInternal reports whether the last list holds an internal topic.
func (t *Topics) hasInternal() bool {
	return slices.ContainsFunc(t.raw, func(tp kafkaops.Topic) bool { return tp.Internal })
}

// open asks the root for the selected topic's detail.
func (t *Topics) open() tea.Cmd {
	return t.Open(func(id string) kit.Route { return kit.Route{Kind: kit.RouteTopicDetail, Topic: id} })
}

// Selected returns the topic under the cursor and whether there is one.
func (t *Topics) Selected() (kafkaops.Topic, bool) {
	if r := t.FilterList.Selected(); r != nil {
		return r.topic(), true
	}
	return kafkaops.Topic{}, false
}

// HandlesEsc reports whether esc would clear a kept filter rather than go
// back.
func (t *Topics) HandlesEsc() bool { return t.Filter.Value() != "" }

// Loaded reports whether a topic list has arrived, so that the title
// counts every topic.
func (t *Topics) Loaded() bool { return t.FilterList.Loaded }

// Title names the screen with the shown/total count: "Topics (12/10000)".
func (t *Topics) Title() string { return t.CountTitle("Topics") }

// SetSize sets the body size.
func (t *Topics) SetSize(width, height int) {
	t.width, t.height = width, height
	t.SizeRows(height)
}

// ShortHelp lists the keys for the bottom line.
func (t *Topics) ShortHelp() []key.Binding {
	k := t.keys
	if t.Filtering {
		return []key.Binding{k.Apply, k.Clear}
	}
	// The root cuts hints from the end to fit: the writing keys come
	// before sort and refresh (on read-only they are disabled and left out).
	// On an empty cluster creating a topic is the one thing to do, so
	// it comes first (it would be cut at 80 columns).
	if t.Filter.Value() != "" {
		return []key.Binding{k.Open, k.Filter, k.Clear, k.Produce, k.Create, k.Delete, k.Sort, k.Internal, k.Refresh}
	}
	if t.FilterList.Loaded && len(t.Rows) == 0 {
		return []key.Binding{k.Create, k.Refresh}
	}
	return []key.Binding{k.Open, k.Tail, k.Filter, k.Produce, k.Create, k.Delete, k.Sort, k.Internal, k.Refresh}
}

// FullHelp lists every key, the disabled ones with the reason.
func (t *Topics) FullHelp() [][]key.Binding {
	k := t.keys
	change := []key.Binding{k.Tail, k.Search}
	for _, b := range []key.Binding{k.Produce, k.Create, k.Delete} {
		if t.opts.ReadOnly {
			b = kit.ShownDisabled(b, "read-only")
		}
		change = append(change, b)
	}
	return [][]key.Binding{
		k.List.Bindings(),
		{k.Open, k.Filter, k.Sort, k.Reverse, k.Internal, k.Refresh},
		change,
	}
}

// topicColumns are the columns at their narrowest: a heading and its
// sort arrow. The numbers widen them to the widest value on screen (see
// numberCells), so that the name keeps what they do not use.
var topicColumns = []kit.Column{
	{Title: "NAME", Width: 20, Flex: true},
	{Title: "PARTITIONS", Width: 12, Right: true},
	{Title: "RF", Width: 4, Right: true},
	{Title: "MESSAGES", Width: 10, Right: true},
	{Title: "SIZE", Width: 6, Right: true},
}

// numberCells formats the number cells of the rows from start to end of
// the shown list, and returns the columns widened to fit them.
func (t *Topics) numberCells(start, end int) ([][4]string, []kit.Column) {
	cols := slices.Clone(topicColumns)
	nums := make([][4]string, end-start)
	for pos := start; pos < end; pos++ {
		r := &t.Rows[t.Shown[pos]]
		c := &nums[pos-start]
		c[0] = kit.FormatCount(int64(r.partitions))
		c[1] = kit.FormatCount(int64(r.rf))
		c[2] = messagesCell(r.messages)
		c[3] = t.sizeCell(r.size)
		for i, v := range c {
			cols[i+1].Width = max(cols[i+1].Width, utf8.RuneCountInString(v))
		}
	}
	return nums, cols
}

// View renders the title line, the column headings and the visible rows.
// Only the rows in the window are formatted.
func (t *Topics) View() string {
	st := t.st
	w := max(t.width, 20)
	lines := make([]string, 0, t.height)
	lines = append(lines, t.titleLine(w))

	start, end := t.Scroll.Window()
	ph := t.Placeholder(st, w, t.loadingText(), t.emptyText())
	if ph != nil {
		start, end = 0, 0
	}
	nums, cols := t.numberCells(start, end)
	ws := kit.Layout(cols, w)
	arrow := "▲"
	if t.Desc {
		arrow = "▼"
	}
	lines = append(lines, kit.HeaderLine(st.TableHead, cols, ws, int(t.sortBy), arrow))

	if ph != nil {
		lines = append(lines, ph...)
	} else {
		sel := st.Selected
		cells := make([]string, len(cols))
		for pos := start; pos < end; pos++ {
			r := &t.Rows[t.Shown[pos]]
			selected := pos == t.Scroll.Cursor
			name := t.NameCell(st, &r.RowKey, selected)
			if r.internal {
				const suffix = " (internal)"
				switch {
				case !selected:
					name += st.Subtle.Render(suffix)
				case strings.Contains(name, "\x1b"):
					name += sel.Render(suffix) // see rowLine
				default:
					name += suffix
				}
			}
			cells[0] = name
			copy(cells[1:], nums[pos-start][:])
			lines = append(lines, kit.RowLine(cells, cols, ws, selected, sel))
		}
	}
	return kit.PadLines(strings.Join(lines, "\n"), w, t.height)
}

// titleLine is the first body line: the counts, the filter and the sort
// and internal state.
func (t *Topics) titleLine(w int) string {
	internal := "internal hidden"
	if t.showInternal {
		internal = "internal shown"
	}
	return t.FilterList.TitleLine(t.st, t.Title(), w, internal)
}

func (t *Topics) emptyText() string {
	none := "No topics yet: press n to create one."
	switch {
	case len(t.Rows) > 0:
		none = "Only internal topics here: press i to show them."
	case t.opts.ReadOnly:
		none = "No topics yet."
	}
	return t.EmptyText(none)
}

// messagesCell formats a message count, "…" while it is uncounted.
func messagesCell(n int64) string {
	if n == uncounted {
		return "…"
	}
	return kit.FormatCount(n)
}
