package kit

import (
	"cmp"
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// Poller is a screen's auto-refresh: the timer, and the latest load
// request, whose answer is the only one the screen takes.
type Poller struct {
	Asker
	Every         time.Duration // how often the timer fires; <= 0: never
	ReqID, TickID uint64
	Loading       bool
}

// Load starts the poller's load: as Ask, with the request marked as the
// one whose answer Done accepts.
func Load[T any](p *Poller, call func(ctx context.Context) (T, error), wrap func(id uint64, v T, err error) tea.Msg) tea.Cmd {
	return LoadWithin(p, LoadTimeout, call, wrap)
}

// SetRefresh sets how often the screen reloads itself; zero or less
// turns auto-refresh off. Every screen that embeds a Poller has it, and
// the root calls it once on each screen it opens.
func (p *Poller) SetRefresh(every time.Duration) { p.Every = every }

// Refresher is a screen that reloads itself on a timer.
type Refresher interface {
	SetRefresh(every time.Duration)
}

// Begin starts a load request and returns its id.
func (p *Poller) Begin() uint64 {
	p.ReqID = NextID()
	p.Loading = true
	return p.ReqID
}

// Done reports whether id is the latest request and, if so, marks the
// load finished.
func (p *Poller) Done(id uint64) bool {
	if id != p.ReqID {
		return false
	}
	p.Loading = false
	return true
}

// Tick arms the timer; msg makes the screen's tick message from its id.
func (p *Poller) Tick(msg func(id uint64) tea.Msg) tea.Cmd {
	if p.Every <= 0 {
		return nil
	}
	p.TickID = NextID()
	id := p.TickID
	return p.Send(tea.Tick(p.Every, func(time.Time) tea.Msg { return msg(id) }))
}

// Fired handles the timer's message with id: it re-arms the timer and
// reloads unless a load is still under way. A stale timer does nothing.
func (p *Poller) Fired(id uint64, rearm, load func() tea.Cmd) tea.Cmd {
	if id != p.TickID {
		return nil
	}
	if p.Loading {
		return rearm()
	}
	return tea.Batch(rearm(), load())
}

// RowKey is what a filterList needs of each row: its id, and the forms
// of the id shown and filtered on. Most ids are plain lower-case already
// (every form is the id itself): those keep one string, not three, which
// at 100,000 rows is 3 MB less to allocate and fault in at launch.
type RowKey struct {
	id  string     // what the cursor stays on across reloads
	alt *rowKeyAlt // the other forms, when they differ from id
}

// rowKeyAlt holds the forms of a row's id that differ from it.
type rowKeyAlt struct {
	name  string // id sanitized, for display
	lower string // name lower-cased, for the filter
}

// NewRowKey returns the key of a row named id.
func NewRowKey(id string) RowKey {
	name := Sanitize(id)
	lower := strings.ToLower(name)
	if name == id && lower == id {
		return RowKey{id: id}
	}
	return RowKey{id: id, alt: &rowKeyAlt{name: name, lower: lower}}
}

// ID returns the row's id, as given to NewRowKey.
func (k *RowKey) ID() string { return k.id }

// name is the id sanitized, for display.
func (k *RowKey) name() string {
	if k.alt != nil {
		return k.alt.name
	}
	return k.id
}

// lower is the displayed name lower-cased, for the filter and the order.
func (k *RowKey) lower() string {
	if k.alt != nil {
		return k.alt.lower
	}
	return k.id
}

// FilterList is the state of a screen that lists what it loads in a table
// that filters as you type, sorts by a column and refreshes itself: the
// topic browser and the consumer groups view.
type FilterList[R any] struct {
	Poller
	Noun string           // "topic": for the status line
	Key  func(*R) *RowKey // a row's key
	Hide func(*R) bool    // rows left out whatever the filter; nil: none

	Loaded bool  // a list arrived at least once
	Err    error // the last load failed (shown inline until a list arrives)

	Rows []R
	col  func(a, b *R) int // the sort column; nil sorts by name
	Desc bool

	Filter    LineInput
	Filtering bool // the filter input has focus
	// query is the filter the shown rows were computed for (lower-cased);
	// cand holds the indexes into rows that match it, ascending, so that a
	// longer query only re-checks those.
	query string
	cand  []int32
	Shown []int32 // what the table lists: substring matches, then fuzzy

	Scroll Scroller
}

// Answer takes a load's answer of n items: it says a failure, or a manual
// refresh, in the status line and, unless same reports the data has not
// changed, rebuilds the rows, sorts and filters them.
func (l *FilterList[R]) Answer(reqID uint64, err error, manual bool, n int, same func() bool, build func() []R) tea.Cmd {
	if !l.Done(reqID) {
		return nil
	}
	if err != nil {
		l.Err = err
		what := "list "
		if l.Loaded {
			what = "refresh "
		}
		return Status(what+l.Noun+"s: "+kafkaops.Describe(err), true)
	}
	l.Err = nil
	var status tea.Cmd
	if manual {
		status = Status("refreshed: "+PluralCount(int64(n), l.Noun), false)
	}
	// A refresh that changed nothing costs nothing: no re-sort, no refilter.
	if l.Loaded && same() {
		return status
	}
	l.Loaded = true
	keep := l.SelectedID()
	l.Rows = build()
	l.sortRows()
	l.Refilter(keep)
	return status
}

// Selected returns the row under the cursor, nil if none.
func (l *FilterList[R]) Selected() *R {
	if len(l.Shown) == 0 || l.Scroll.Cursor >= len(l.Shown) {
		return nil
	}
	return &l.Rows[l.Shown[l.Scroll.Cursor]]
}

// SelectedID is the id of the row under the cursor, "" if none.
func (l *FilterList[R]) SelectedID() string {
	if r := l.Selected(); r != nil {
		return l.Key(r).id
	}
	return ""
}

// OrderBy sorts the rows by col (nil: by name), keeping the cursor on its
// row, and says the new order in the status line: what names the column,
// numeric says whether it holds numbers.
func (l *FilterList[R]) OrderBy(col func(a, b *R) int, desc bool, what string, numeric bool) tea.Cmd {
	keep := l.SelectedID()
	l.col, l.Desc = col, desc
	l.sortRows()
	l.Refilter(keep)
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
func (l *FilterList[R]) sortRows() {
	col, desc := l.col, l.Desc
	sortRowsBy(l.Rows, func(a, b *R) int {
		if col != nil {
			c := col(a, b)
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		ka, kb := l.Key(a), l.Key(b)
		c := cmp.Or(cmp.Compare(ka.lower(), kb.lower()), cmp.Compare(ka.id, kb.id))
		if desc && col == nil {
			c = -c
		}
		return c
	})
}

// applyFilter recomputes the shown rows after the filter text changed,
// re-checking only the previous candidates when the query grew.
func (l *FilterList[R]) applyFilter() {
	q := strings.ToLower(l.Filter.Value())
	if q == l.query {
		return
	}
	keep := l.SelectedID()
	if l.query != "" && strings.HasPrefix(q, l.query) {
		l.match(q, l.cand)
	} else {
		l.match(q, nil)
	}
	l.restoreCursor(keep)
}

// Refilter recomputes the shown rows from scratch (new data, new order,
// hidden rows toggled) and puts the cursor back on the row with id keep.
func (l *FilterList[R]) Refilter(keep string) {
	l.match(strings.ToLower(l.Filter.Value()), nil)
	l.restoreCursor(keep)
}

// ClearFilter empties the filter, keeping the cursor on its row.
func (l *FilterList[R]) ClearFilter() {
	keep := l.SelectedID()
	l.Filter.SetValue("")
	l.Refilter(keep)
}

// match sets query, cand and shown for q, checking the rows in from (all
// rows when from is nil).
func (l *FilterList[R]) match(q string, from []int32) {
	l.query = q
	check := func(i int32, cand, fuzzy []int32) ([]int32, []int32) {
		r := &l.Rows[i]
		if l.Hide != nil && l.Hide(r) {
			return cand, fuzzy
		}
		switch matchName(l.Key(r).lower(), q) {
		case substringMatch:
			l.Shown = append(l.Shown, i)
			cand = append(cand, i)
		case fuzzyMatch:
			fuzzy = append(fuzzy, i)
			cand = append(cand, i)
		}
		return cand, fuzzy
	}
	l.Shown = l.Shown[:0]
	var cand, fuzzy []int32
	if from == nil {
		cand = make([]int32, 0, len(l.Rows))
		for i := range l.Rows {
			cand, fuzzy = check(int32(i), cand, fuzzy)
		}
	} else {
		cand = from[:0] // from is the old candidate list; it only shrinks
		for _, i := range from {
			cand, fuzzy = check(i, cand, fuzzy)
		}
	}
	l.cand = cand
	l.Shown = append(l.Shown, fuzzy...)
	l.Scroll.SetN(len(l.Shown))
}

// restoreCursor puts the cursor on the row with id keep if it is still
// shown; otherwise the cursor stays at the same position, clamped.
func (l *FilterList[R]) restoreCursor(keep string) {
	if keep != "" {
		for pos, i := range l.Shown {
			if l.Key(&l.Rows[i]).id == keep {
				l.Scroll.MoveTo(pos)
				return
			}
		}
	}
	l.Scroll.clamp()
}

// filterKey handles a key while the filter input has focus: apply and
// clear end the editing, the arrows and pages move the cursor, the rest
// edits the filter.
func (l *FilterList[R]) filterKey(msg tea.KeyPressMsg, k FilterKeys) {
	switch {
	case Matches(msg, k.Apply):
		l.Filtering = false
	case Matches(msg, k.Clear):
		l.Filtering = false
		l.ClearFilter()
	case Matches(msg, k.Move.Up):
		l.Scroll.Move(-1)
	case Matches(msg, k.Move.Down):
		l.Scroll.Move(1)
	case Matches(msg, k.Move.PageUp):
		l.Scroll.Page(-1)
	case Matches(msg, k.Move.PageDown):
		l.Scroll.Page(1)
	default:
		if l.Filter.Update(msg) {
			l.applyFilter()
		}
	}
}

// ListRowsTop is the body line of a list's first row: a title line and
// the column headings come first.
const ListRowsTop = 2

// Input handles what every list handles alike: a paste and keys while
// the filter has focus, the wheel, and a left click on a row, which
// selects it. It reports whether it took msg, and open whether the click
// was on the row already selected (which opens it, like a double click).
// Mouse Y is relative to the body's first line.
func (l *FilterList[R]) Input(msg tea.Msg, k FilterKeys) (took, open bool) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if l.Filtering {
			l.Filter.Update(msg)
			l.applyFilter()
		}
	case tea.KeyPressMsg:
		if !l.Filtering {
			return false, false
		}
		l.filterKey(msg, k)
	case tea.MouseWheelMsg:
		l.Scroll.Scroll(WheelDelta(tea.Mouse(msg)))
	case tea.MouseClickMsg:
		row := msg.Y - ListRowsTop
		start, end := l.Scroll.Window()
		if msg.Button != tea.MouseLeft || row < 0 || start+row >= end {
			break
		}
		if start+row == l.Scroll.Cursor {
			return true, true
		}
		l.Scroll.MoveTo(start + row)
	default:
		return false, false
	}
	return true, false
}

// NameCell renders a row's name for its table cell, with the runes the
// filter matched highlighted.
func (l *FilterList[R]) NameCell(st *theme.Styles, k *RowKey, selected bool) string {
	name := k.name()
	if l.query == "" {
		return name
	}
	pos := MatchPositions(name, l.query)
	if selected {
		return highlight(name, pos, st.Selected, st.Match.Inherit(st.Selected), true)
	}
	return highlight(name, pos, lipgloss.Style{}, st.Match, false)
}

// Placeholder is what the table shows instead of rows: the first load's
// error, the loading line, or empty (when there are no rows to show);
// nil when there are rows.
func (l *FilterList[R]) Placeholder(st *theme.Styles, w int, loading, empty string) []string {
	switch {
	case !l.Loaded && l.Err != nil:
		return []string{"",
			st.Error.Render(Truncate("  "+couldNot("list "+l.Noun+"s", l.Err), w)),
			st.Subtle.Render("  Press r to try again.")}
	case !l.Loaded:
		return []string{"", st.Subtle.Render("  " + loading)}
	case len(l.Shown) == 0:
		return []string{"", st.Subtle.Render(Truncate("  "+empty, w))}
	}
	return nil
}

// TitleLine is a list's first body line: the title, the filter, and on
// the right the refresh state and what extra says.
func (l *FilterList[R]) TitleLine(st *theme.Styles, title string, w int, extra ...string) string {
	left := st.Title.Render(title)
	if l.Filtering || l.Filter.Value() != "" {
		left += "  " + st.Accent.Render("/") + l.Filter.View(st.InputFocus, l.Filtering)
	}
	var right []string
	if l.Loading && l.Loaded {
		right = append(right, "refreshing…")
	}
	if l.Err != nil && l.Loaded {
		right = append(right, st.Warning.Render("refresh failed"))
	}
	r := st.Subtle.Render(strings.Join(append(right, extra...), " · "))
	gap := w - lipgloss.Width(left) - lipgloss.Width(r)
	if gap < 2 {
		return Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + r
}

// FilterKeys are the keys of a list's filter.
type FilterKeys struct {
	Filter key.Binding
	// While the filter has focus.
	Apply key.Binding
	Clear key.Binding
	Move  InputMoveKeys
}

// NewFilterKeys returns a list filter's keys.
func NewFilterKeys() FilterKeys {
	return FilterKeys{
		Filter: FilterKey("filter"),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear:  EscKey("clear filter"),
		Move:   NewInputMoveKeys(),
	}
}
