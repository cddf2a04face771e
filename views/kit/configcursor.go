package kit

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
)

// configCursor is the config pane's row cursor, when the screen asks for
// one (EnableCursor): the config the movement keys select, by name so
// that a refresh that reorders the list keeps it on the same config.
type configCursor struct {
	on   bool
	name string
	// filter is the filter the cursor was last placed for: a new filter
	// puts it on the config the filter names exactly, else the first
	// match.
	filter string
	// starts is the first rendered line of each shown entry, in order;
	// line is the cursor entry's, when the lines were last built.
	starts []int
	line   int
}

// EnableCursor gives the pane a row cursor: the movement keys move it
// from config to config (the window follows), the focused pane shows it,
// and Selected returns the config under it. Without it the pane scrolls
// by line and Selected is the top line's config.
func (c *ConfigPane) EnableCursor() {
	c.cur.on = true
	c.dirty = true
}

// cursorIndex is the shown entry the cursor is on, -1 when none shows.
func (c *ConfigPane) cursorIndex() int {
	if len(c.cur.starts) == 0 {
		return -1
	}
	for i, l := range c.cur.starts {
		if c.lineEntry[l].Name == c.cur.name {
			return i
		}
	}
	return 0
}

// placeCursor keeps the cursor on a config that shows after the lines
// were rebuilt (the same one, the filter's exact name when the filter
// changed, else the first) and the window on the cursor.
func (c *ConfigPane) placeCursor() {
	if !c.cur.on {
		return
	}
	q := strings.TrimSpace(c.Filter.Value())
	moved := q != c.cur.filter
	if moved {
		c.cur.filter, c.cur.name = q, ""
		for _, l := range c.cur.starts {
			if strings.EqualFold(c.lineEntry[l].Name, q) {
				c.cur.name = c.lineEntry[l].Name
			}
		}
	}
	i := c.cursorIndex()
	if i < 0 {
		c.cur.name = ""
		return
	}
	c.cur.name = c.lineEntry[c.cur.starts[i]].Name
	// Follow the cursor when the list moved under it (an override now
	// sorts first), not when only the wheel scrolled the window.
	if moved || c.cur.starts[i] != c.cur.line {
		c.follow(i)
	}
	c.cur.line = c.cur.starts[i]
}

// moveCursor handles a movement key in cursor mode; false when msg is
// not one.
func (c *ConfigPane) moveCursor(km tea.KeyPressMsg) bool {
	i := c.cursorIndex()
	if i < 0 {
		return KeyScroll(&Scroller{}, c.Keys.list, km)
	}
	n := len(c.cur.starts)
	page := max(c.listHeight()/2, 1)
	switch {
	case Matches(km, c.Keys.list.Up):
		i--
	case Matches(km, c.Keys.list.Down):
		i++
	case Matches(km, c.Keys.list.PageUp):
		i -= page
	case Matches(km, c.Keys.list.PageDown):
		i += page
	case Matches(km, c.Keys.list.Home):
		i = 0
	case Matches(km, c.Keys.list.End):
		i = n - 1
	default:
		return false
	}
	i = min(max(i, 0), n-1)
	c.cur.name = c.lineEntry[c.cur.starts[i]].Name
	c.cur.line = c.cur.starts[i]
	c.follow(i)
	return true
}

// follow scrolls the window so that entry i shows whole (as much of it as
// the window holds).
func (c *ConfigPane) follow(i int) {
	first := c.cur.starts[i]
	last := len(c.lines) - 1
	if i+1 < len(c.cur.starts) {
		last = c.cur.starts[i+1] - 1
	}
	h := c.listHeight()
	switch {
	case first < c.Offset:
		c.Offset = first
	case last >= c.Offset+h:
		c.Offset = min(last-h+1, first)
	}
	c.setOffset(c.Offset)
}

// cursorLines returns the first and last rendered line of the entry under
// the cursor, ok false when there is no cursor.
func (c *ConfigPane) cursorLines() (first, last int, ok bool) {
	i := c.cursorIndex()
	if !c.cur.on || i < 0 {
		return 0, 0, false
	}
	first, last = c.cur.starts[i], len(c.lines)-1
	if i+1 < len(c.cur.starts) {
		last = c.cur.starts[i+1] - 1
	}
	return first, last, true
}

// markCursor draws the cursor over the rendered window lines (view starts
// at line offset): the entry's lines in the selected style, a ▸ first.
func (c *ConfigPane) markCursor(view []string, offset int) {
	first, last, ok := c.cursorLines()
	if !ok {
		return
	}
	for l := max(first, offset); l <= last && l-offset < len(view); l++ {
		plain := ansi.Strip(view[l-offset])
		if l == first {
			plain = cursorMark + strings.TrimPrefix(strings.TrimPrefix(plain, NoMark), "● ")
		}
		view[l-offset] = c.st.Selected.Render(plain)
	}
}

// cursorEntry is the config under the cursor.
func (c *ConfigPane) cursorEntry() (kafkaops.ConfigEntry, bool) {
	i := c.cursorIndex()
	if i < 0 {
		return kafkaops.ConfigEntry{}, false
	}
	return c.lineEntry[c.cur.starts[i]], true
}

// CursorToRow puts the cursor on the config drawn on the window's row
// (0 is the first config line under the headings), as a mouse click
// does; false when the row shows no config or there is no cursor.
func (c *ConfigPane) CursorToRow(row int) bool {
	c.ensure()
	line := c.Offset + row
	if !c.cur.on || row < 0 || row >= c.listHeight() || line >= len(c.lineEntry) {
		return false
	}
	c.cur.name = c.lineEntry[line].Name
	for _, l := range c.cur.starts {
		if l <= line {
			c.cur.line = l
		}
	}
	return true
}
