package kit

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"kscope/theme"
)

// CountTitle is a list screen's title: name and, once a list arrived,
// how many rows show of how many, as in "Topics (12/10000)".
func (l *FilterList[R]) CountTitle(name string) string {
	if !l.Loaded {
		return name
	}
	return fmt.Sprintf("%s (%d/%d)", name, len(l.Shown), len(l.Rows))
}

// SizeRows fits the table's rows to a body h lines tall (the rows start
// at ListRowsTop).
func (l *FilterList[R]) SizeRows(h int) { l.Scroll.SetHeight(h - ListRowsTop) }

// Capturing reports whether the filter input has focus, so that keys
// type into it.
func (l *FilterList[R]) Capturing() bool { return l.Filtering }

// Open returns the navigation to the selected row's own screen,
// route(id of the row); nil when no row shows.
func (l *FilterList[R]) Open(route func(id string) Route) tea.Cmd {
	if len(l.Shown) == 0 {
		return nil
	}
	return Navigate(route(l.SelectedID()))
}

// EmptyText is what the table says when no row shows: none, or with a
// filter kept, that nothing matches it ("No group matches \"x\".").
func (l *FilterList[R]) EmptyText(none string) string {
	if q := l.Filter.Value(); q != "" {
		return fmt.Sprintf("No %s matches %q.", l.Noun, q)
	}
	return none
}

// RowLines renders the rows in the scroll window, the cursor's
// highlighted; cells fills a row's cells (len(cols) of them) for it.
func (l *FilterList[R]) RowLines(st *theme.Styles, cols []Column, ws []int, cells func(r *R, selected bool, out []string)) []string {
	return WindowRows(st, &l.Scroll, cols, ws, true, func(pos int, selected bool, out []string) {
		cells(&l.Rows[l.Shown[pos]], selected, out)
	})
}

// TableBody is what a list shows under its headings: the placeholder
// (loading, its failure, or empty) while no row shows, else RowLines.
func (l *FilterList[R]) TableBody(st *theme.Styles, w int, loading, empty string, cols []Column, ws []int, cells func(r *R, selected bool, out []string)) []string {
	if ph := l.Placeholder(st, w, loading, empty); ph != nil {
		return ph
	}
	return l.RowLines(st, cols, ws, cells)
}
