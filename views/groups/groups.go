package groups

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// GroupsOptions configures the groups view and the group detail.
type GroupsOptions struct {
	// ReadOnly disables offset reset and group deletion and says so when
	// their keys are pressed.
	ReadOnly bool
}

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
	kit.RowKey
	g      kafkaops.GroupOverview
	topics string // sanitized, comma-separated
}

// Groups is the consumer groups view: every group with its state,
// assignor, members, topics and total lag, filtered as you type, sorted
// by any column and refreshed on a timer.
type Groups struct {
	st   *theme.Styles
	opts GroupsOptions
	keys groupsKeys

	width, height int

	kit.PolledList[kafkaops.GroupOverview, groupRow]
	sortBy groupSort
}

var _ kit.Screen = (*Groups)(nil)

// NewGroups returns the groups view. It loads the groups in Init and
// reloads them every kit.DefaultRefresh (see SetRefresh).
func NewGroups(svc kafkaops.Service, st *theme.Styles, opts GroupsOptions) kit.Screen {
	g := &Groups{st: st, opts: opts, keys: newGroupsKeys()}
	g.PolledList = kit.PolledList[kafkaops.GroupOverview, groupRow]{
		FilterList: kit.FilterList[groupRow]{
			Poller: kit.Poller{Every: kit.DefaultRefresh},
			Noun:   "group",
			Key:    func(r *groupRow) *kit.RowKey { return &r.RowKey },
		},
		Fetch: svc.GroupOverviews,
		Same:  sameOverview,
		Row:   newGroupRow,
	}
	g.SetSize(80, 24)
	return g
}

// Init loads the groups and starts the refresh timer.
func (g *Groups) Init() tea.Cmd { return g.Start() }

// Update handles keys, mouse events, loaded groups and the refresh timer.
func (g *Groups) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if took, cmd := g.TakeInput(msg, g.keys.FilterKeys, g.open); took {
		return g, cmd
	}
	if took, cmd := g.Poll(msg); took {
		return g, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return g, g.key(msg)
	}
	return g, nil
}

// newGroupRow is the row that shows o.
func newGroupRow(o kafkaops.GroupOverview) groupRow {
	ts := make([]string, len(o.Topics))
	for j, t := range o.Topics {
		ts[j] = kit.Sanitize(t)
	}
	return groupRow{RowKey: kit.NewRowKey(o.ID), g: o, topics: strings.Join(ts, ",")}
}

func sameOverview(a, b kafkaops.GroupOverview) bool {
	return a.GroupSummary == b.GroupSummary && a.Protocol == b.Protocol && a.Members == b.Members &&
		a.Partitions == b.Partitions && a.Committed == b.Committed && a.Lag == b.Lag && slices.Equal(a.Topics, b.Topics)
}

func (g *Groups) key(msg tea.KeyPressMsg) tea.Cmd {
	k := g.keys
	if took, cmd := g.CommonKey(msg, k.ListScreenKeys, g.open); took {
		return cmd
	}
	switch {
	case kit.Matches(msg, k.Sort):
		g.sortBy = (g.sortBy + 1) % groupSortColumns
		return g.sort(g.sortBy != groupSortName && g.sortBy != groupSortState)
	case kit.Matches(msg, k.Reverse):
		return g.sort(!g.Desc)
	case kit.Matches(msg, k.Refresh):
		return g.Reload(true)
	}
	return nil
}

// sort sorts the list by sortBy, and says so.
func (g *Groups) sort(desc bool) tea.Cmd {
	var col func(a, b *groupRow) int
	switch g.sortBy {
	case groupSortState:
		col = func(a, b *groupRow) int { return cmp.Compare(a.g.State, b.g.State) }
	case groupSortMembers:
		col = func(a, b *groupRow) int { return cmp.Compare(a.g.Members, b.g.Members) }
	case groupSortTopics:
		col = func(a, b *groupRow) int { return cmp.Compare(len(a.g.Topics), len(b.g.Topics)) }
	case groupSortLag:
		col = func(a, b *groupRow) int { return cmp.Compare(lagKey(a.g), lagKey(b.g)) }
	}
	return g.OrderBy(col, desc, g.sortBy.String(), g.sortBy != groupSortName && g.sortBy != groupSortState)
}

func (g *Groups) open() tea.Cmd {
	return g.Open(func(id string) kit.Route { return kit.Route{Kind: kit.RouteGroupDetail, Group: id} })
}

// lagKey orders "nothing committed" below a lag of 0.
func lagKey(o kafkaops.GroupOverview) int64 {
	if !o.HasLag() {
		return -1
	}
	return o.Lag
}

// Title names the screen with the shown/total count.
func (g *Groups) Title() string { return g.CountTitle("Consumer groups") }

// SetSize sets the body size.
func (g *Groups) SetSize(width, height int) {
	g.width, g.height = width, height
	g.SizeRows(height)
}

// ShortHelp lists the keys for the bottom line.
func (g *Groups) ShortHelp() []key.Binding {
	k := g.keys
	if g.Filtering {
		return []key.Binding{k.Apply, k.Clear}
	}
	return []key.Binding{k.Open, k.Filter, k.Sort, k.Refresh, k.Back}
}

// FullHelp lists every key.
func (g *Groups) FullHelp() [][]key.Binding {
	k := g.keys
	return [][]key.Binding{k.List.Bindings(), {k.Open, k.Filter, k.Sort, k.Reverse, k.Refresh, k.Back}}
}

var groupColumns = []kit.Column{
	{Title: "GROUP", Width: 12, Flex: true},
	{Title: "STATE", Width: 11},
	{Title: "ASSIGNOR", Width: 10},
	{Title: "MEMBERS", Width: 9, Right: true}, // room for the sort arrow
	{Title: "TOPICS", Width: 10, Flex: true},
	{Title: "LAG", Width: 10, Right: true}, // "no commits"; wider for a lag that needs it (lagWidth)
}

// groupLagColumn is the lag's column in groupColumns.
const groupLagColumn = 5

// groupAssignorColumn is the column a narrow list leaves out.
const groupAssignorColumn = 2

// shownGroupColumns are the columns that fit w cells and the indexes in
// groupColumns of those kept: all of them while the group's name keeps
// its width, else all but the assignor, which matters least.
func shownGroupColumns(w, lagW int) ([]kit.Column, []int) {
	cols := slices.Clone(groupColumns)
	cols[groupLagColumn].Width = max(cols[groupLagColumn].Width, lagW)
	all := make([]int, len(cols))
	for i := range all {
		all[i] = i
	}
	if kit.Layout(cols, w)[0] >= cols[0].Width {
		return cols, all
	}
	keep := slices.Delete(all, groupAssignorColumn, groupAssignorColumn+1)
	return keptCells(cols, keep), keep
}

// lagCell is a group's lag as its row shows it.
func lagCell(o kafkaops.GroupOverview) string {
	if o.HasLag() {
		return kit.FormatCount(o.Lag)
	}
	return "no commits"
}

// lagWidth is the width of the widest lag among the rows on screen: a
// lag of a hundred million or more is wider than the column.
func (g *Groups) lagWidth() int {
	w := 0
	start, end := g.Scroll.Window()
	for pos := start; pos < end && pos < len(g.Shown); pos++ {
		w = max(w, len(lagCell(g.Rows[g.Shown[pos]].g)))
	}
	return w
}

// keptCells are the items of xs at the indexes keep.
func keptCells[T any](xs []T, keep []int) []T {
	out := make([]T, len(keep))
	for i, k := range keep {
		out[i] = xs[k]
	}
	return out
}

// assignorLabel is the assignor; a group with no members has none, and
// its protocol type ("consumer") is not one, so it shows "—".
func assignorLabel(o kafkaops.GroupOverview) string {
	if o.Protocol != "" {
		return kit.Sanitize(o.Protocol)
	}
	return "—"
}

// View renders the title line, the headings and the visible rows.
func (g *Groups) View() string {
	st := g.st
	w := max(g.width, 20)
	lines := []string{g.titleLine(w)}
	cols, keep := shownGroupColumns(w, g.lagWidth())
	ws := kit.Layout(cols, w)
	arrow := "▲"
	if g.Desc {
		arrow = "▼"
	}
	lines = append(lines, kit.HeaderLine(st.TableHead, cols, ws, slices.Index(keep, g.sortBy.column()), arrow))
	all := make([]string, len(groupColumns)) // every column's cell; cols shows those kept
	lines = append(lines, g.TableBody(st, w, "Loading consumer groups…", g.EmptyText("No consumer groups yet."), cols, ws,
		func(r *groupRow, selected bool, cells []string) {
			all[0] = g.NameCell(st, &r.RowKey, selected)
			all[1] = kit.StateLabel(r.g.State)
			all[2] = assignorLabel(r.g)
			all[3] = kit.FormatCount(int64(r.g.Members))
			all[4] = r.topics
			if r.topics == "" {
				all[4] = "—"
			}
			all[5] = lagCell(r.g)
			copy(cells, keptCells(all, keep))
		})...)
	return kit.PadLines(strings.Join(lines, "\n"), w, g.height)
}

func (g *Groups) titleLine(w int) string {
	if !g.Loaded {
		return g.FilterList.TitleLine(g.st, g.Title(), w)
	}
	var lag int64
	for _, r := range g.Rows {
		if r.g.HasLag() {
			lag += r.g.Lag
		}
	}
	return g.FilterList.TitleLine(g.st, g.Title(), w, "total lag "+kit.FormatCount(lag))
}
