package views

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// poller is a screen's auto-refresh: the timer, and the latest load
// request, whose answer is the only one the screen takes.
type poller struct {
	every         time.Duration // how often the timer fires; <= 0: never
	reqID, tickID uint64
	loading       bool
}

// begin starts a load request and returns its id.
func (p *poller) begin() uint64 {
	p.reqID = nextID()
	p.loading = true
	return p.reqID
}

// done reports whether id is the latest request and, if so, marks the
// load finished.
func (p *poller) done(id uint64) bool {
	if id != p.reqID {
		return false
	}
	p.loading = false
	return true
}

// tick arms the timer; msg makes the screen's tick message from its id.
func (p *poller) tick(msg func(id uint64) tea.Msg) tea.Cmd {
	if p.every <= 0 {
		return nil
	}
	p.tickID = nextID()
	id := p.tickID
	return tea.Tick(p.every, func(time.Time) tea.Msg { return msg(id) })
}

// fired handles the timer's message with id: it re-arms the timer and
// reloads unless a load is still under way. A stale timer does nothing.
func (p *poller) fired(id uint64, rearm, load func() tea.Cmd) tea.Cmd {
	if id != p.tickID {
		return nil
	}
	if p.loading {
		return rearm()
	}
	return tea.Batch(rearm(), load())
}

// rowKey is what a filterList needs of each row.
type rowKey struct {
	id    string // what the cursor stays on across reloads
	name  string // id sanitized, for display
	lower string // name lower-cased, for the filter
}

func newRowKey(id string) rowKey {
	name := Sanitize(id)
	return rowKey{id: id, name: name, lower: strings.ToLower(name)}
}

// filterList is the state of a screen that lists what it loads in a table
// that filters as you type, sorts by a column and refreshes itself: the
// topic browser and the consumer groups view.
type filterList[R any] struct {
	poller
	noun string           // "topic": for the status line
	key  func(*R) *rowKey // a row's key
	hide func(*R) bool    // rows left out whatever the filter; nil: none

	loaded bool  // a list arrived at least once
	err    error // the last load failed (shown inline until a list arrives)

	rows []R
	col  func(a, b *R) int // the sort column; nil sorts by name
	desc bool

	filter    LineInput
	filtering bool // the filter input has focus
	// query is the filter the shown rows were computed for (lower-cased);
	// cand holds the indexes into rows that match it, ascending, so that a
	// longer query only re-checks those.
	query string
	cand  []int32
	shown []int32 // what the table lists: substring matches, then fuzzy

	scroll scroller
}

// answer takes a load's answer of n items: it says a failure, or a manual
// refresh, in the status line and, unless same reports the data has not
// changed, rebuilds the rows, sorts and filters them.
func (l *filterList[R]) answer(reqID uint64, err error, manual bool, n int, same func() bool, build func() []R) tea.Cmd {
	if !l.done(reqID) {
		return nil
	}
	if err != nil {
		l.err = err
		what := "list "
		if l.loaded {
			what = "refresh "
		}
		return Status(what+l.noun+"s: "+kafkaops.Describe(err), true)
	}
	l.err = nil
	var status tea.Cmd
	if manual {
		status = Status("refreshed: "+pluralCount(int64(n), l.noun), false)
	}
	// A refresh that changed nothing costs nothing: no re-sort, no refilter.
	if l.loaded && same() {
		return status
	}
	l.loaded = true
	keep := l.selectedID()
	l.rows = build()
	l.sortRows()
	l.refilter(keep)
	return status
}

// selected returns the row under the cursor, nil if none.
func (l *filterList[R]) selected() *R {
	if len(l.shown) == 0 || l.scroll.cursor >= len(l.shown) {
		return nil
	}
	return &l.rows[l.shown[l.scroll.cursor]]
}

// selectedID is the id of the row under the cursor, "" if none.
func (l *filterList[R]) selectedID() string {
	if r := l.selected(); r != nil {
		return l.key(r).id
	}
	return ""
}

// orderBy sorts the rows by col (nil: by name), keeping the cursor on its
// row, and says the new order in the status line: what names the column,
// numeric says whether it holds numbers.
func (l *filterList[R]) orderBy(col func(a, b *R) int, desc bool, what string, numeric bool) tea.Cmd {
	keep := l.selectedID()
	l.col, l.desc = col, desc
	l.sortRows()
	l.refilter(keep)
	order := "A→Z"
	switch {
	case numeric && desc:
		order = "largest first"
	case numeric:
		order = "smallest first"
	case desc:
		order = "Z→A"
	}
	return Status("sorted by "+what+", "+order, false)
}

// sortRows sorts rows by the sort column; ties are broken by name, A→Z
// whichever way the column goes, so the order is stable across refreshes.
func (l *filterList[R]) sortRows() {
	col, desc := l.col, l.desc
	slices.SortFunc(l.rows, func(a, b R) int {
		if col != nil {
			c := col(&a, &b)
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		ka, kb := l.key(&a), l.key(&b)
		c := cmp.Or(cmp.Compare(ka.lower, kb.lower), cmp.Compare(ka.id, kb.id))
		if desc && col == nil {
			c = -c
		}
		return c
	})
}

// applyFilter recomputes the shown rows after the filter text changed,
// re-checking only the previous candidates when the query grew.
func (l *filterList[R]) applyFilter() {
	q := strings.ToLower(l.filter.Value())
	if q == l.query {
		return
	}
	keep := l.selectedID()
	if l.query != "" && strings.HasPrefix(q, l.query) {
		l.match(q, l.cand)
	} else {
		l.match(q, nil)
	}
	l.restoreCursor(keep)
}

// refilter recomputes the shown rows from scratch (new data, new order,
// hidden rows toggled) and puts the cursor back on the row with id keep.
func (l *filterList[R]) refilter(keep string) {
	l.match(strings.ToLower(l.filter.Value()), nil)
	l.restoreCursor(keep)
}

// clearFilter empties the filter, keeping the cursor on its row.
func (l *filterList[R]) clearFilter() {
	keep := l.selectedID()
	l.filter.SetValue("")
	l.refilter(keep)
}

// match sets query, cand and shown for q, checking the rows in from (all
// rows when from is nil).
func (l *filterList[R]) match(q string, from []int32) {
	l.query = q
	check := func(i int32, cand, fuzzy []int32) ([]int32, []int32) {
		r := &l.rows[i]
		if l.hide != nil && l.hide(r) {
			return cand, fuzzy
		}
		switch matchName(l.key(r).lower, q) {
		case substringMatch:
			l.shown = append(l.shown, i)
			cand = append(cand, i)
		case fuzzyMatch:
			fuzzy = append(fuzzy, i)
			cand = append(cand, i)
		}
		return cand, fuzzy
	}
	l.shown = l.shown[:0]
	var cand, fuzzy []int32
	if from == nil {
		cand = make([]int32, 0, len(l.rows))
		for i := range l.rows {
			cand, fuzzy = check(int32(i), cand, fuzzy)
		}
	} else {
		cand = from[:0] // from is the old candidate list; it only shrinks
		for _, i := range from {
			cand, fuzzy = check(i, cand, fuzzy)
		}
	}
	l.cand = cand
	l.shown = append(l.shown, fuzzy...)
	l.scroll.setN(len(l.shown))
}

// restoreCursor puts the cursor on the row with id keep if it is still
// shown; otherwise the cursor stays at the same position, clamped.
func (l *filterList[R]) restoreCursor(keep string) {
	if keep != "" {
		for pos, i := range l.shown {
			if l.key(&l.rows[i]).id == keep {
				l.scroll.moveTo(pos)
				return
			}
		}
	}
	l.scroll.clamp()
}

// filterKey handles a key while the filter input has focus: apply and
// clear end the editing, the arrows and pages move the cursor, the rest
// edits the filter.
func (l *filterList[R]) filterKey(msg tea.KeyPressMsg, k filterKeys) {
	switch {
	case matches(msg, k.Apply):
		l.filtering = false
	case matches(msg, k.Clear):
		l.filtering = false
		l.clearFilter()
	case msg.String() == "up", msg.String() == "ctrl+p":
		l.scroll.move(-1)
	case msg.String() == "down", msg.String() == "ctrl+n":
		l.scroll.move(1)
	case msg.String() == "pgup":
		l.scroll.page(-1)
	case msg.String() == "pgdown":
		l.scroll.page(1)
	default:
		if l.filter.Update(msg) {
			l.applyFilter()
		}
	}
}

// listRowsTop is the body line of a list's first row: a title line and
// the column headings come first.
const listRowsTop = 2

// input handles what every list handles alike: a paste and keys while
// the filter has focus, the wheel, and a left click on a row, which
// selects it. It reports whether it took msg, and open whether the click
// was on the row already selected (which opens it, like a double click).
// Mouse Y is relative to the body's first line.
func (l *filterList[R]) input(msg tea.Msg, k filterKeys) (took, open bool) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if l.filtering {
			l.filter.Update(msg)
			l.applyFilter()
		}
	case tea.KeyPressMsg:
		if !l.filtering {
			return false, false
		}
		l.filterKey(msg, k)
	case tea.MouseWheelMsg:
		l.scroll.scroll(wheelDelta(tea.Mouse(msg)))
	case tea.MouseClickMsg:
		row := msg.Y - listRowsTop
		start, end := l.scroll.window()
		if msg.Button != tea.MouseLeft || row < 0 || start+row >= end {
			break
		}
		if start+row == l.scroll.cursor {
			return true, true
		}
		l.scroll.moveTo(start + row)
	default:
		return false, false
	}
	return true, false
}

// nameCell renders a row's name for its table cell, with the runes the
// filter matched highlighted.
func (l *filterList[R]) nameCell(st *theme.Styles, k *rowKey, selected bool) string {
	if l.query == "" {
		return k.name
	}
	pos := matchPositions(k.name, l.query)
	if selected {
		return highlight(k.name, pos, st.Selected, st.Match.Inherit(st.Selected), true)
	}
	return highlight(k.name, pos, lipgloss.Style{}, st.Match, false)
}

// placeholder is what the table shows instead of rows: the first load's
// error, the loading line, or empty (when there are no rows to show);
// nil when there are rows.
func (l *filterList[R]) placeholder(st *theme.Styles, w int, loading, empty string) []string {
	switch {
	case !l.loaded && l.err != nil:
		return []string{"",
			st.Error.Render(Truncate("  "+couldNot("list "+l.noun+"s", l.err), w)),
			st.Subtle.Render("  Press r to try again.")}
	case !l.loaded:
		return []string{"", st.Subtle.Render("  " + loading)}
	case len(l.shown) == 0:
		return []string{"", st.Subtle.Render(Truncate("  "+empty, w))}
	}
	return nil
}

// titleLine is a list's first body line: the title, the filter, and on
// the right the refresh state and what extra says.
func (l *filterList[R]) titleLine(st *theme.Styles, title string, w int, extra ...string) string {
	left := st.Title.Render(title)
	if l.filtering || l.filter.Value() != "" {
		left += "  " + st.Accent.Render("/") + l.filter.view(st.InputFocus, l.filtering)
	}
	var right []string
	if l.loading && l.loaded {
		right = append(right, "refreshing…")
	}
	if l.err != nil && l.loaded {
		right = append(right, st.Warning.Render("refresh failed"))
	}
	r := st.Subtle.Render(strings.Join(append(right, extra...), " · "))
	gap := w - lipgloss.Width(left) - lipgloss.Width(r)
	if gap < 2 {
		return Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + r
}

// filterKeys are the keys of a list's filter.
type filterKeys struct {
	Filter key.Binding
	// While the filter has focus.
	Apply key.Binding
	Clear key.Binding
}

func newFilterKeys() filterKeys {
	return filterKeys{
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}
