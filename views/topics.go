package views

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// DefaultRefresh is how often the topic browser reloads the topic list
// when TopicsOptions.Refresh is 0.
const DefaultRefresh = 10 * time.Second

// loadTimeout bounds every call a screen makes to the service.
const loadTimeout = 15 * time.Second

// TopicsOptions configures the topic browser.
type TopicsOptions struct {
	// Refresh is how often the list reloads; 0 means DefaultRefresh, a
	// negative value turns auto-refresh off.
	Refresh time.Duration
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
}

// topicsTickMsg is the auto-refresh timer firing.
type topicsTickMsg struct{ id uint64 }

// sortColumn is a column of the topic browser the list can be sorted by.
type sortColumn int

const (
	sortName sortColumn = iota
	sortPartitions
	sortReplication
	sortMessages
	sortColumns // count
)

// String names the column for messages.
func (c sortColumn) String() string {
	return [...]string{"name", "partitions", "replication", "messages"}[c]
}

// topicRow is one topic with what filtering and sorting need, computed once
// per load.
type topicRow struct {
	t     kafkaops.Topic
	name  string // sanitized for display
	lower string // name lower-cased, for the filter
}

// topicsKeys are the topic browser's key bindings.
type topicsKeys struct {
	list     listKeys
	Open     key.Binding
	Filter   key.Binding
	Sort     key.Binding
	Reverse  key.Binding
	Internal key.Binding
	Refresh  key.Binding
	Tail     key.Binding
	Produce  key.Binding
	Create   key.Binding
	Delete   key.Binding
	// While the filter has focus.
	Apply key.Binding
	Clear key.Binding
}

func newTopicsKeys() topicsKeys {
	k := topicsKeys{
		list:     newListKeys(),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Internal: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "internal")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Tail:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tail")),
		Produce:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "produce")),
		Create:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "create")),
		Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
	return k
}

// Topics is the topic browser: every topic of the cluster in a table that
// filters as you type, sorts by any column and refreshes itself.
type Topics struct {
	svc  kafkaops.Service
	st   *theme.Styles
	opts TopicsOptions
	keys topicsKeys

	width, height int

	reqID   uint64 // latest ListTopics request; other answers are stale
	tickID  uint64 // latest auto-refresh timer
	loading bool
	loaded  bool  // a list arrived at least once
	err     error // the last load failed (shown inline until a list arrives)

	raw  []kafkaops.Topic // the last list as the service returned it
	rows []topicRow       // raw, sorted by sortBy/desc

	sortBy       sortColumn
	desc         bool
	showInternal bool

	filter    lineInput
	filtering bool // the filter input has focus
	// query is the filter the shown rows were computed for (lower-cased);
	// cand holds the indexes into rows that match it, ascending, so that a
	// longer query only re-checks those.
	query string
	cand  []int32
	shown []int32 // what the table lists: substring matches, then fuzzy

	scroll scroller
}

var _ Screen = (*Topics)(nil)

// NewTopics returns the topic browser. It loads the topics in Init and
// reloads them every opts.Refresh.
func NewTopics(svc kafkaops.Service, st *theme.Styles, opts TopicsOptions) Screen {
	if opts.Refresh == 0 {
		opts.Refresh = DefaultRefresh
	}
	t := &Topics{svc: svc, st: st, opts: opts, keys: newTopicsKeys()}
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
	return tea.Batch(t.load(false), t.tick())
}

// load returns the command that lists the topics, as a new request.
func (t *Topics) load(manual bool) tea.Cmd {
	t.reqID = nextID()
	t.loading = true
	id, svc := t.reqID, t.svc
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
		defer cancel()
		topics, err := svc.ListTopics(ctx)
		return topicsLoadedMsg{reqID: id, topics: topics, err: err, manual: manual}
	}
}

// tick arms the auto-refresh timer.
func (t *Topics) tick() tea.Cmd {
	if t.opts.Refresh < 0 {
		return nil
	}
	t.tickID = nextID()
	id := t.tickID
	return tea.Tick(t.opts.Refresh, func(time.Time) tea.Msg { return topicsTickMsg{id: id} })
}

// Update handles keys, mouse events, loaded topics and the refresh timer.
//
// Mouse messages must carry Y relative to the first line of the body View
// renders (the root subtracts its header): body line 0 is the title line,
// line 1 the column headings, and line 2 the first visible row.
func (t *Topics) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case topicsLoadedMsg:
		return t, t.handleLoaded(msg)
	case TopicsChangedMsg:
		return t, t.load(false)
	case topicsTickMsg:
		if msg.id != t.tickID {
			return t, nil
		}
		cmds := []tea.Cmd{t.tick()}
		if !t.loading {
			cmds = append(cmds, t.load(false))
		}
		return t, tea.Batch(cmds...)
	case tea.PasteMsg:
		if t.filtering {
			t.filter.update(msg)
			t.applyFilter()
		}
		return t, nil
	case tea.KeyPressMsg:
		if t.filtering {
			return t, t.filterKey(msg)
		}
		return t, t.key(msg)
	case tea.MouseWheelMsg:
		t.scroll.scroll(wheelDelta(tea.Mouse(msg)))
		return t, nil
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return t, nil
		}
		row := msg.Y - topicsRowsTop
		start, end := t.scroll.window()
		if row < 0 || start+row >= end {
			return t, nil
		}
		// A click on the selected row opens it, like a double click.
		if start+row == t.scroll.cursor {
			return t, t.open()
		}
		t.scroll.moveTo(start + row)
		return t, nil
	}
	return t, nil
}

// topicsRowsTop is the body line of the first table row: a title line and
// the column headings come first.
const topicsRowsTop = 2

func (t *Topics) handleLoaded(msg topicsLoadedMsg) tea.Cmd {
	if msg.reqID != t.reqID {
		return nil
	}
	t.loading = false
	if msg.err != nil {
		t.err = msg.err
		what := "list topics: "
		if t.loaded {
			what = "refresh topics: "
		}
		return Status(what+kafkaops.Describe(msg.err), true)
	}
	t.err = nil
	var status tea.Cmd
	if msg.manual {
		status = Status("refreshed: "+pluralCount(int64(len(msg.topics)), "topic"), false)
	}
	// A refresh that changed nothing costs nothing: no re-sort, no refilter.
	if t.loaded && slices.Equal(msg.topics, t.raw) {
		return status
	}
	t.loaded = true
	t.raw = msg.topics
	keep := t.selectedName()
	t.rows = make([]topicRow, len(msg.topics))
	for i, tp := range msg.topics {
		name := Sanitize(tp.Name)
		t.rows[i] = topicRow{t: tp, name: name, lower: strings.ToLower(name)}
	}
	t.sortRows()
	t.refilter(keep)
	return status
}

// key handles a key while the table has focus.
func (t *Topics) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.keys
	if keyScroll(&t.scroll, k.list, msg) {
		return nil
	}
	switch {
	case matches(msg, k.Open):
		return t.open()
	case matches(msg, k.Filter):
		t.filtering = true
		return nil
	case msg.String() == "esc":
		if t.filter.Value() != "" {
			t.clearFilter()
			return nil
		}
		return Pop()
	case matches(msg, k.Sort):
		keep := t.selectedName()
		t.sortBy = (t.sortBy + 1) % sortColumns
		// Names read best A→Z; numbers biggest first.
		t.desc = t.sortBy != sortName
		t.sortRows()
		t.refilter(keep)
		return t.sortStatus()
	case matches(msg, k.Reverse):
		keep := t.selectedName()
		t.desc = !t.desc
		t.sortRows()
		t.refilter(keep)
		return t.sortStatus()
	case matches(msg, k.Internal):
		keep := t.selectedName()
		t.showInternal = !t.showInternal
		t.refilter(keep)
		if t.showInternal {
			return Status("showing internal topics", false)
		}
		return Status("hiding internal topics", false)
	case matches(msg, k.Refresh):
		return t.load(true)
	case matches(msg, k.Tail):
		name := t.selectedName()
		if name == "" {
			return Status("tail: no topic selected", false)
		}
		return Navigate(Route{Kind: RouteTail, Topic: name})
	case matches(msg, k.Produce):
		if t.opts.ReadOnly {
			return t.notYet("produce")
		}
		return Navigate(Route{Kind: RouteProduce, Topic: t.selectedName()})
	case matches(msg, k.Create):
		if t.opts.ReadOnly {
			return t.notYet("create")
		}
		return Navigate(Route{Kind: RouteCreateTopic})
	case matches(msg, k.Delete):
		if t.opts.ReadOnly {
			return t.notYet("delete")
		}
		return t.deleteSelected()
	}
	return nil
}

// sortStatus says in words how the list is now sorted.
func (t *Topics) sortStatus() tea.Cmd {
	order := "A→Z"
	switch {
	case t.sortBy != sortName && t.desc:
		order = "largest first"
	case t.sortBy != sortName:
		order = "smallest first"
	case t.desc:
		order = "Z→A"
	}
	return Status("sorted by "+t.sortBy.String()+", "+order, false)
}

// deleteSelected opens the delete confirmation for the selected topic,
// or says why an internal topic cannot be deleted here.
func (t *Topics) deleteSelected() tea.Cmd {
	tp, ok := t.Selected()
	if !ok {
		return Status("delete: no topic selected", false)
	}
	if isInternalTopic(tp) {
		return Status(internalRefusal(tp.Name), true)
	}
	return Navigate(Route{Kind: RouteDeleteTopic, Topic: tp.Name})
}

// notYet says why a key that would change the cluster does nothing.
func (t *Topics) notYet(what string) tea.Cmd {
	if t.opts.ReadOnly {
		return Status(what+": disabled, this context is read-only", false)
	}
	return Status(what+": coming in a later version of kscope", false)
}

// filterKey handles a key while the filter input has focus.
func (t *Topics) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, t.keys.Apply):
		t.filtering = false
		return nil
	case matches(msg, t.keys.Clear):
		t.filtering = false
		t.clearFilter()
		return nil
	case msg.String() == "up", msg.String() == "ctrl+p":
		t.scroll.move(-1)
		return nil
	case msg.String() == "down", msg.String() == "ctrl+n":
		t.scroll.move(1)
		return nil
	case msg.String() == "pgup":
		t.scroll.page(-1)
		return nil
	case msg.String() == "pgdown":
		t.scroll.page(1)
		return nil
	}
	if t.filter.update(msg) {
		t.applyFilter()
	}
	return nil
}

func (t *Topics) clearFilter() {
	keep := t.selectedName()
	t.filter.SetValue("")
	t.refilter(keep)
}

// open asks the root for the selected topic's detail.
func (t *Topics) open() tea.Cmd {
	if len(t.shown) == 0 {
		return nil
	}
	name := t.rows[t.shown[t.scroll.cursor]].t.Name
	return Navigate(Route{Kind: RouteTopicDetail, Topic: name})
}

// selectedName is the name of the topic under the cursor, "" if none.
func (t *Topics) selectedName() string {
	if len(t.shown) == 0 || t.scroll.cursor >= len(t.shown) {
		return ""
	}
	return t.rows[t.shown[t.scroll.cursor]].t.Name
}

// Selected returns the topic under the cursor and whether there is one.
func (t *Topics) Selected() (kafkaops.Topic, bool) {
	if len(t.shown) == 0 {
		return kafkaops.Topic{}, false
	}
	return t.rows[t.shown[t.scroll.cursor]].t, true
}

// sortRows sorts rows by the sort column; ties are broken by name so the
// order is stable across refreshes.
func (t *Topics) sortRows() {
	by := t.sortBy
	desc := t.desc
	slices.SortFunc(t.rows, func(a, b topicRow) int {
		var c int
		switch by {
		case sortPartitions:
			c = cmp.Compare(a.t.Partitions, b.t.Partitions)
		case sortReplication:
			c = cmp.Compare(a.t.ReplicationFactor, b.t.ReplicationFactor)
		case sortMessages:
			c = cmp.Compare(a.t.Messages, b.t.Messages)
		}
		if by != sortName {
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		// Names break ties A→Z whichever way the numbers go.
		c = cmp.Compare(a.lower, b.lower)
		if c == 0 {
			c = cmp.Compare(a.t.Name, b.t.Name)
		}
		if desc && by == sortName {
			c = -c
		}
		return c
	})
}

// applyFilter recomputes the shown rows after the filter text changed,
// re-checking only the previous candidates when the query grew.
func (t *Topics) applyFilter() {
	q := strings.ToLower(t.filter.Value())
	if q == t.query {
		return
	}
	keep := t.selectedName()
	if t.query != "" && strings.HasPrefix(q, t.query) {
		t.match(q, t.cand)
	} else {
		t.match(q, nil)
	}
	t.restoreCursor(keep)
}

// refilter recomputes the shown rows from scratch (new data, new order,
// internal toggled) and puts the cursor back on keep.
func (t *Topics) refilter(keep string) {
	t.match(strings.ToLower(t.filter.Value()), nil)
	t.restoreCursor(keep)
}

// match sets query, cand and shown for q, checking the rows in from (all
// rows when from is nil).
func (t *Topics) match(q string, from []int32) {
	t.query = q
	check := func(i int32, cand, fuzzy []int32) ([]int32, []int32) {
		r := &t.rows[i]
		if r.t.Internal && !t.showInternal {
			return cand, fuzzy
		}
		switch matchName(r.lower, q) {
		case substringMatch:
			t.shown = append(t.shown, i)
			cand = append(cand, i)
		case fuzzyMatch:
			fuzzy = append(fuzzy, i)
			cand = append(cand, i)
		}
		return cand, fuzzy
	}
	t.shown = t.shown[:0]
	var cand, fuzzy []int32
	if from == nil {
		cand = make([]int32, 0, len(t.rows))
		for i := range t.rows {
			cand, fuzzy = check(int32(i), cand, fuzzy)
		}
	} else {
		cand = from[:0] // from is the old candidate list; it only shrinks
		for _, i := range from {
			cand, fuzzy = check(i, cand, fuzzy)
		}
	}
	t.cand = cand
	t.shown = append(t.shown, fuzzy...)
	t.scroll.setN(len(t.shown))
}

// restoreCursor puts the cursor on the topic named keep if it is still
// shown; otherwise the cursor stays at the same position, clamped.
func (t *Topics) restoreCursor(keep string) {
	if keep != "" {
		for pos, i := range t.shown {
			if t.rows[i].t.Name == keep {
				t.scroll.moveTo(pos)
				return
			}
		}
	}
	t.scroll.clamp()
}

// HandlesEsc reports whether esc would clear a kept filter rather than go
// back.
func (t *Topics) HandlesEsc() bool { return t.filter.Value() != "" }

// Loaded reports whether a topic list has arrived, so that the title
// counts every topic.
func (t *Topics) Loaded() bool { return t.loaded }

// Title names the screen with the shown/total count: "Topics (12/10000)".
func (t *Topics) Title() string {
	if !t.loaded {
		return "Topics"
	}
	return fmt.Sprintf("Topics (%d/%d)", len(t.shown), len(t.rows))
}

// SetSize sets the body size.
func (t *Topics) SetSize(width, height int) {
	t.width, t.height = width, height
	t.scroll.setHeight(height - topicsRowsTop)
}

// Capturing reports whether the filter input has focus.
func (t *Topics) Capturing() bool { return t.filtering }

// ShortHelp lists the keys for the bottom line.
func (t *Topics) ShortHelp() []key.Binding {
	k := t.keys
	if t.filtering {
		return []key.Binding{k.Apply, k.Clear}
	}
	// The root cuts hints from the end to fit: the writing keys come
	// before sort and refresh (on read-only they are disabled and left out).
	if t.filter.Value() != "" {
		return []key.Binding{k.Open, k.Filter, k.Clear, k.Produce, k.Create, k.Delete, k.Sort, k.Internal, k.Refresh}
	}
	return []key.Binding{k.Open, k.Tail, k.Filter, k.Produce, k.Create, k.Delete, k.Sort, k.Internal, k.Refresh}
}

// FullHelp lists every key, the disabled ones with the reason.
func (t *Topics) FullHelp() [][]key.Binding {
	k := t.keys
	change := []key.Binding{k.Tail}
	for _, b := range []key.Binding{k.Produce, k.Create, k.Delete} {
		if t.opts.ReadOnly {
			b = shownDisabled(b, "read-only")
		}
		change = append(change, b)
	}
	return [][]key.Binding{
		k.list.bindings(),
		{k.Open, k.Filter, k.Sort, k.Reverse, k.Internal, k.Refresh},
		change,
	}
}

var topicColumns = []column{
	{title: "NAME", width: 20, flex: true},
	{title: "PARTITIONS", width: 12, right: true},
	{title: "RF", width: 4, right: true},
	{title: "MESSAGES", width: 15, right: true},
}

// View renders the title line, the column headings and the visible rows.
// Only the rows in the window are formatted.
func (t *Topics) View() string {
	st := t.st
	w := max(t.width, 20)
	lines := make([]string, 0, t.height)
	lines = append(lines, t.titleLine(w))

	ws := layout(topicColumns, w)
	arrow := "▲"
	if t.desc {
		arrow = "▼"
	}
	lines = append(lines, headerLine(st.TableHead, topicColumns, ws, int(t.sortBy), arrow))

	switch {
	case !t.loaded && t.err != nil:
		lines = append(lines, "",
			st.Error.Render(Truncate("  Could not list topics: "+kafkaops.Describe(t.err), w)),
			st.Subtle.Render("  Press r to try again."))
	case !t.loaded:
		lines = append(lines, "", st.Subtle.Render("  Loading topics…"))
	case len(t.shown) == 0:
		lines = append(lines, "", st.Subtle.Render(Truncate("  "+t.emptyText(), w)))
	default:
		start, end := t.scroll.window()
		sel := st.Selected
		matchSel := st.Match.Inherit(sel)
		cells := make([]string, len(topicColumns))
		for pos := start; pos < end; pos++ {
			r := &t.rows[t.shown[pos]]
			selected := pos == t.scroll.cursor
			name := r.name
			if t.query != "" {
				pos := matchPositions(r.name, t.query)
				if selected {
					name = highlight(name, pos, sel, matchSel, true)
				} else {
					name = highlight(name, pos, lipgloss.Style{}, st.Match, false)
				}
			}
			if r.t.Internal {
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
			cells[1] = FormatCount(int64(r.t.Partitions))
			cells[2] = FormatCount(int64(r.t.ReplicationFactor))
			cells[3] = FormatCount(r.t.Messages)
			lines = append(lines, rowLine(cells, topicColumns, ws, selected, sel))
		}
	}
	return padLines(strings.Join(lines, "\n"), w, t.height)
}

// titleLine is the first body line: the counts, the filter and the sort
// and internal state.
func (t *Topics) titleLine(w int) string {
	st := t.st
	left := st.Title.Render(t.Title())
	if t.filtering || t.filter.Value() != "" {
		left += "  " + st.Accent.Render("/") + t.filter.view(st.InputFocus, t.filtering)
	}
	var right []string
	if t.loading && t.loaded {
		right = append(right, "refreshing…")
	}
	if t.err != nil && t.loaded {
		right = append(right, st.Warning.Render("refresh failed"))
	}
	if t.showInternal {
		right = append(right, "internal shown")
	} else {
		right = append(right, "internal hidden")
	}
	r := st.Subtle.Render(strings.Join(right, " · "))
	gap := w - lipgloss.Width(left) - lipgloss.Width(r)
	if gap < 2 {
		return Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + r
}

func (t *Topics) emptyText() string {
	switch {
	case t.filter.Value() != "":
		return fmt.Sprintf("No topic matches %q.", t.filter.Value())
	case len(t.rows) > 0:
		return "Only internal topics here: press i to show them."
	}
	return "No topics yet."
}
