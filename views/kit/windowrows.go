package kit

import "kscope/theme"

// WindowRows renders the rows of a table laid out as ws that sc's window
// shows: cells fills the cells of row i (len(cols) of them, reused from
// row to row; selected says the row is under the cursor and the table
// has focus), and that row is drawn highlighted.
func WindowRows(st *theme.Styles, sc *Scroller, cols []Column, ws []int, focused bool, cells func(i int, selected bool, out []string)) []string {
	start, end := sc.Window()
	out := make([]string, 0, max(end-start, 0))
	row := make([]string, len(cols))
	for i := start; i < end; i++ {
		selected := focused && i == sc.Cursor
		cells(i, selected, row)
		out = append(out, RowLine(row, cols, ws, selected, st.Selected))
	}
	return out
}
