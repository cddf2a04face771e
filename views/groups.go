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

// GroupsOptions configures the groups view and the group detail.
type GroupsOptions struct {
	// Refresh is how often the data reloads; 0 means DefaultRefresh, a
	// negative value turns auto-refresh off.
	Refresh time.Duration
	// ReadOnly disables offset reset and group deletion and says so when
	// their keys are pressed.
	ReadOnly bool
}

func (o GroupsOptions) withDefaults() GroupsOptions {
	if o.Refresh == 0 {
		o.Refresh = DefaultRefresh
	}
	return o
}

// groupsLoadedMsg is the answer to GroupOverviews.
type groupsLoadedMsg struct {
	reqID  uint64
	groups []kafkaops.GroupOverview
	err    error
	manual bool
}

// groupsTickMsg is the groups view's auto-refresh timer firing.
type groupsTickMsg struct{ id uint64 }

// groupSort is a column the groups view sorts by.
type groupSort int

const (
	groupSortName groupSort = iota
	groupSortState
	groupSortMembers
	groupSortTopics
	groupSortLag
	groupSortColumns // count
)

func (c groupSort) String() string {
	return [...]string{"group", "state", "members", "topics", "lag"}[c]
}

// groupColumn maps a sort to the column that shows its arrow.
func (c groupSort) column() int {
	return [...]int{0, 1, 3, 4, 5}[c]
}

// groupRow is one group with its display strings, computed once per load.
type groupRow struct {
	g      kafkaops.GroupOverview
	id     string // sanitized
	lower  string
	topics string // sanitized, comma-separated
}

type groupsKeys struct {
	list    listKeys
	Open    key.Binding
	Filter  key.Binding
	Sort    key.Binding
	Reverse key.Binding
	Refresh key.Binding
	Back    key.Binding
	Apply   key.Binding
	Clear   key.Binding
}

func newGroupsKeys() groupsKeys {
	return groupsKeys{
		list:    newListKeys(),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Sort:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Apply:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

// Groups is the consumer groups view: every group with its state,
// assignor, members, topics and total lag, filtered as you type, sorted
// by any column and refreshed on a timer.
type Groups struct {
	svc  kafkaops.Service
	st   *theme.Styles
	opts GroupsOptions
	keys groupsKeys

	width, height int

	reqID, tickID uint64
	loading       bool
	loaded        bool
	err           error

	raw   []kafkaops.GroupOverview
	rows  []groupRow
	shown []int // indexes into rows: substring matches, then fuzzy

	sortBy groupSort
	desc   bool

	filter    lineInput
	filtering bool
	query     string

	scroll scroller
}

var _ Screen = (*Groups)(nil)

// NewGroups returns the groups view. It loads the groups in Init and
// reloads them every opts.Refresh.
func NewGroups(svc kafkaops.Service, st *theme.Styles, opts GroupsOptions) Screen {
	g := &Groups{svc: svc, st: st, opts: opts.withDefaults(), keys: newGroupsKeys()}
	g.SetSize(80, 24)
	return g
}

// Init loads the groups and starts the refresh timer.
func (g *Groups) Init() tea.Cmd { return tea.Batch(g.load(false), g.tick()) }

func (g *Groups) load(manual bool) tea.Cmd {
	g.reqID = nextID()
	g.loading = true
	id, svc := g.reqID, g.svc
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
		defer cancel()
		gs, err := svc.GroupOverviews(ctx)
		return groupsLoadedMsg{reqID: id, groups: gs, err: err, manual: manual}
	}
}

func (g *Groups) tick() tea.Cmd {
	if g.opts.Refresh < 0 {
		return nil
	}
	g.tickID = nextID()
	id := g.tickID
	return tea.Tick(g.opts.Refresh, func(time.Time) tea.Msg { return groupsTickMsg{id: id} })
}

// groupsRowsTop is the body line of the first row: the title line and
// the column headings come first.
const groupsRowsTop = 2

// Update handles keys, mouse events, loaded groups and the refresh timer.
func (g *Groups) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case groupsLoadedMsg:
		return g, g.handleLoaded(msg)
	case groupsTickMsg:
		if msg.id != g.tickID {
			return g, nil
		}
		cmds := []tea.Cmd{g.tick()}
		if !g.loading {
			cmds = append(cmds, g.load(false))
		}
		return g, tea.Batch(cmds...)
	case tea.PasteMsg:
		if g.filtering && g.filter.update(msg) {
			g.refilter(g.selectedID())
		}
		return g, nil
	case tea.KeyPressMsg:
		if g.filtering {
			return g, g.filterKey(msg)
		}
		return g, g.key(msg)
	case tea.MouseWheelMsg:
		g.scroll.scroll(wheelDelta(tea.Mouse(msg)))
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return g, nil
		}
		row := msg.Y - groupsRowsTop
		start, end := g.scroll.window()
		if row < 0 || start+row >= end {
			return g, nil
		}
		if start+row == g.scroll.cursor {
			return g, g.open()
		}
		g.scroll.moveTo(start + row)
	}
	return g, nil
}

func (g *Groups) handleLoaded(msg groupsLoadedMsg) tea.Cmd {
	if msg.reqID != g.reqID {
		return nil
	}
	g.loading = false
	if msg.err != nil {
		g.err = msg.err
		what := "list groups: "
		if g.loaded {
			what = "refresh groups: "
		}
		return Status(what+kafkaops.Describe(msg.err), true)
	}
	g.err = nil
	var status tea.Cmd
	if msg.manual {
		status = Status("refreshed: "+pluralCount(int64(len(msg.groups)), "group"), false)
	}
	if g.loaded && slices.EqualFunc(msg.groups, g.raw, sameOverview) {
		return status
	}
	g.loaded = true
	g.raw = msg.groups
	keep := g.selectedID()
	g.rows = make([]groupRow, len(msg.groups))
	for i, o := range msg.groups {
		id := Sanitize(o.ID)
		ts := make([]string, len(o.Topics))
		for j, t := range o.Topics {
			ts[j] = Sanitize(t)
		}
		g.rows[i] = groupRow{g: o, id: id, lower: strings.ToLower(id), topics: strings.Join(ts, ",")}
	}
	g.sortRows()
	g.refilter(keep)
	return status
}

func sameOverview(a, b kafkaops.GroupOverview) bool {
	return a.GroupSummary == b.GroupSummary && a.Protocol == b.Protocol && a.Members == b.Members &&
		a.Partitions == b.Partitions && a.Committed == b.Committed && a.Lag == b.Lag && slices.Equal(a.Topics, b.Topics)
}

func (g *Groups) key(msg tea.KeyPressMsg) tea.Cmd {
	k := g.keys
	if keyScroll(&g.scroll, k.list, msg) {
		return nil
	}
	switch {
	case matches(msg, k.Open):
		return g.open()
	case matches(msg, k.Filter):
		g.filtering = true
	case matches(msg, k.Back):
		if g.filter.Value() != "" {
			g.filter.SetValue("")
			g.refilter(g.selectedID())
			return nil
		}
		return Pop()
	case matches(msg, k.Sort):
		g.sortBy = (g.sortBy + 1) % groupSortColumns
		g.desc = g.sortBy != groupSortName && g.sortBy != groupSortState
		return g.resort()
	case matches(msg, k.Reverse):
		g.desc = !g.desc
		return g.resort()
	case matches(msg, k.Refresh):
		return g.load(true)
	}
	return nil
}

func (g *Groups) resort() tea.Cmd {
	keep := g.selectedID()
	g.sortRows()
	g.refilter(keep)
	order := "A→Z"
	numeric := g.sortBy != groupSortName && g.sortBy != groupSortState
	switch {
	case numeric && g.desc:
		order = "largest first"
	case numeric:
		order = "smallest first"
	case g.desc:
		order = "Z→A"
	}
	return Status("sorted by "+g.sortBy.String()+", "+order, false)
}

func (g *Groups) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, g.keys.Apply):
		g.filtering = false
	case matches(msg, g.keys.Clear):
		g.filtering = false
		g.filter.SetValue("")
		g.refilter(g.selectedID())
	case msg.String() == "up", msg.String() == "ctrl+p":
		g.scroll.move(-1)
	case msg.String() == "down", msg.String() == "ctrl+n":
		g.scroll.move(1)
	case msg.String() == "pgup":
		g.scroll.page(-1)
	case msg.String() == "pgdown":
		g.scroll.page(1)
	default:
		if g.filter.update(msg) {
			g.refilter(g.selectedID())
		}
	}
	return nil
}

func (g *Groups) open() tea.Cmd {
	id := g.selectedID()
	if id == "" && len(g.shown) == 0 {
		return nil
	}
	return Navigate(Route{Kind: RouteGroupDetail, Group: id})
}

func (g *Groups) selectedID() string {
	if len(g.shown) == 0 || g.scroll.cursor >= len(g.shown) {
		return ""
	}
	return g.rows[g.shown[g.scroll.cursor]].g.ID
}

// lagKey orders "nothing committed" below a lag of 0.
func lagKey(o kafkaops.GroupOverview) int64 {
	if !o.HasLag() {
		return -1
	}
	return o.Lag
}

func (g *Groups) sortRows() {
	by, desc := g.sortBy, g.desc
	slices.SortFunc(g.rows, func(a, b groupRow) int {
		var c int
		switch by {
		case groupSortState:
			c = cmp.Compare(a.g.State, b.g.State)
		case groupSortMembers:
			c = cmp.Compare(a.g.Members, b.g.Members)
		case groupSortTopics:
			c = cmp.Compare(len(a.g.Topics), len(b.g.Topics))
		case groupSortLag:
			c = cmp.Compare(lagKey(a.g), lagKey(b.g))
		}
		if by != groupSortName {
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		c = cmp.Or(cmp.Compare(a.lower, b.lower), cmp.Compare(a.g.ID, b.g.ID))
		if desc && by == groupSortName {
			c = -c
		}
		return c
	})
}

// refilter recomputes the shown rows for the filter: substring matches
// first, then fuzzy ones, and puts the cursor back on keep.
func (g *Groups) refilter(keep string) {
	g.query = strings.ToLower(g.filter.Value())
	g.shown = g.shown[:0]
	var fuzzy []int
	for i := range g.rows {
		switch matchName(g.rows[i].lower, g.query) {
		case substringMatch:
			g.shown = append(g.shown, i)
		case fuzzyMatch:
			fuzzy = append(fuzzy, i)
		}
	}
	g.shown = append(g.shown, fuzzy...)
	g.scroll.setN(len(g.shown))
	for pos, i := range g.shown {
		if keep != "" && g.rows[i].g.ID == keep {
			g.scroll.moveTo(pos)
			return
		}
	}
}

// Title names the screen with the shown/total count.
func (g *Groups) Title() string {
	if !g.loaded {
		return "Consumer groups"
	}
	return fmt.Sprintf("Consumer groups (%d/%d)", len(g.shown), len(g.rows))
}

// SetSize sets the body size.
func (g *Groups) SetSize(width, height int) {
	g.width, g.height = width, height
	g.scroll.setHeight(height - groupsRowsTop)
}

// Capturing reports whether the filter has focus.
func (g *Groups) Capturing() bool { return g.filtering }

// ShortHelp lists the keys for the bottom line.
func (g *Groups) ShortHelp() []key.Binding {
	k := g.keys
	if g.filtering {
		return []key.Binding{k.Apply, k.Clear}
	}
	return []key.Binding{k.Open, k.Filter, k.Sort, k.Refresh, k.Back}
}

// FullHelp lists every key.
func (g *Groups) FullHelp() [][]key.Binding {
	k := g.keys
	return [][]key.Binding{k.list.bindings(), {k.Open, k.Filter, k.Sort, k.Reverse, k.Refresh, k.Back}}
}

var groupColumns = []column{
	{title: "GROUP", width: 12, flex: true},
	{title: "STATE", width: 11},
	{title: "ASSIGNOR", width: 10},
	{title: "MEMBERS", width: 7, right: true},
	{title: "TOPICS", width: 10, flex: true},
	{title: "LAG", width: 12, right: true},
}

// stateLabel shortens the rebalancing states to fit a column.
func stateLabel(s string) string {
	switch s {
	case "PreparingRebalance", "CompletingRebalance":
		return "Rebalancing"
	case "":
		return "?"
	}
	return Sanitize(s)
}

// assignorLabel is the assignor, or the protocol type when the group has
// no members (and so no assignor).
func assignorLabel(o kafkaops.GroupOverview) string {
	switch {
	case o.Protocol != "":
		return Sanitize(o.Protocol)
	case o.ProtocolType != "":
		return Sanitize(o.ProtocolType)
	}
	return "—"
}

// View renders the title line, the headings and the visible rows.
func (g *Groups) View() string {
	st := g.st
	w := max(g.width, 20)
	lines := []string{g.titleLine(w)}
	ws := layout(groupColumns, w)
	arrow := "▲"
	if g.desc {
		arrow = "▼"
	}
	lines = append(lines, headerLine(st.TableHead, groupColumns, ws, g.sortBy.column(), arrow))
	switch {
	case !g.loaded && g.err != nil:
		lines = append(lines, "",
			st.Error.Render(Truncate("  Could not list groups: "+kafkaops.Describe(g.err), w)),
			st.Subtle.Render("  Press r to try again."))
	case !g.loaded:
		lines = append(lines, "", st.Subtle.Render("  Loading consumer groups…"))
	case len(g.shown) == 0 && g.filter.Value() != "":
		lines = append(lines, "", st.Subtle.Render(Truncate(fmt.Sprintf("  No group matches %q.", g.filter.Value()), w)))
	case len(g.shown) == 0:
		lines = append(lines, "", st.Subtle.Render("  No consumer groups yet."))
	default:
		start, end := g.scroll.window()
		sel := st.Selected
		cells := make([]string, len(groupColumns))
		for pos := start; pos < end; pos++ {
			r := &g.rows[g.shown[pos]]
			selected := pos == g.scroll.cursor
			name := r.id
			if g.query != "" {
				mp := matchPositions(r.id, g.query)
				if selected {
					name = highlight(name, mp, sel, st.Match.Inherit(sel), true)
				} else {
					name = highlight(name, mp, lipgloss.Style{}, st.Match, false)
				}
			}
			cells[0] = name
			cells[1] = stateLabel(r.g.State)
			cells[2] = assignorLabel(r.g)
			cells[3] = FormatCount(int64(r.g.Members))
			cells[4] = r.topics
			if r.topics == "" {
				cells[4] = "—"
			}
			cells[5] = "no commits"
			if r.g.HasLag() {
				cells[5] = FormatCount(r.g.Lag)
			}
			lines = append(lines, rowLine(cells, groupColumns, ws, selected, sel))
		}
	}
	return padLines(strings.Join(lines, "\n"), w, g.height)
}

func (g *Groups) titleLine(w int) string {
	st := g.st
	left := st.Title.Render(g.Title())
	if g.filtering || g.filter.Value() != "" {
		left += "  " + st.Accent.Render("/") + g.filter.view(st.InputFocus, g.filtering)
	}
	var right []string
	if g.loading && g.loaded {
		right = append(right, "refreshing…")
	}
	if g.err != nil && g.loaded {
		right = append(right, st.Warning.Render("refresh failed"))
	}
	if g.loaded {
		var lag int64
		for _, r := range g.rows {
			if r.g.HasLag() {
				lag += r.g.Lag
			}
		}
		right = append(right, "total lag "+FormatCount(lag))
	}
	r := st.Subtle.Render(strings.Join(right, " · "))
	gap := w - lipgloss.Width(left) - lipgloss.Width(r)
	if gap < 2 {
		return Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + r
}
