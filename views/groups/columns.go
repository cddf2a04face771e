package groups

import "kscope/views/kit"

// fitColumns returns the columns for w cells, their widths, and whether
// they are the narrow ones: wide while its first column (the topic)
// keeps its width, else narrow.
func fitColumns(wide, narrow []kit.Column, w int) ([]kit.Column, []int, bool) {
	if ws := kit.Layout(wide, w); ws[0] >= wide[0].Width {
		return wide, ws, false
	}
	return narrow, kit.Layout(narrow, w), true
}
