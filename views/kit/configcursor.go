package kit

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// EnableCursor gives the pane a row cursor: the movement keys move it from
// config to config (the window follows), the cursor's row is highlighted
// and Selected returns its config. Without it the pane scrolls by line.
func (c *ConfigPane) EnableCursor() {
	c.rowCursor = true
	c.dirty = true
}

// entryStart reports whether line i is the first line of its config.
func (c *ConfigPane) entryStart(i int) bool {
	return i == 0 || c.lineEntry[i].Name != c.lineEntry[i-1].Name
}

// entryEnd returns the last line of the config starting at line i.
func (c *ConfigPane) entryEnd(i int) int {
	for i+1 < len(c.lineEntry) && !c.entryStart(i+1) {
		i++
	}
	return i
}

// snapCursor moves line i back to the first line of its config.
func (c *ConfigPane) snapCursor(i int) int {
	i = min(max(i, 0), max(len(c.lineEntry)-1, 0))
	for i > 0 && i < len(c.lineEntry) && !c.entryStart(i) {
		i--
	}
	return i
}

// clampCursor keeps the cursor on a config's first line and in view.
func (c *ConfigPane) clampCursor() {
	if !c.rowCursor {
		return
	}
	c.cursor = c.snapCursor(c.cursor)
	if len(c.lineEntry) == 0 {
		c.cursor = 0
		return
	}
	h := c.listHeight()
	switch {
	case c.cursor < c.Offset:
		c.Offset = c.cursor
	case c.entryEnd(c.cursor) >= c.Offset+h:
		c.Offset = min(c.entryEnd(c.cursor)-h+1, c.cursor)
	}
	c.Offset = min(max(c.Offset, 0), max(len(c.lines)-h, 0))
}

// moveCursor moves the row cursor for a movement key.
func (c *ConfigPane) moveCursor(km tea.KeyPressMsg) {
	k, page := c.Keys.list, max(c.listHeight()-1, 1)
	switch {
	case Matches(km, k.Up):
		c.cursor = c.snapCursor(c.cursor - 1)
	case Matches(km, k.Down):
		if e := c.entryEnd(c.cursor); e+1 < len(c.lineEntry) {
			c.cursor = e + 1
		}
	case Matches(km, k.PageUp):
		c.cursor = c.snapCursor(c.cursor - page)
	case Matches(km, k.PageDown):
		c.cursor = c.snapCursor(c.cursor + page)
	case Matches(km, k.Home):
		c.cursor = 0
	case Matches(km, k.End):
		c.cursor = c.snapCursor(len(c.lineEntry) - 1)
	}
	c.clampCursor()
}

// cursorLines returns lines[start:end], with the cursor's config
// highlighted when the pane has a row cursor.
func (c *ConfigPane) cursorLines(start, end, w int) []string {
	out := c.lines[start:end]
	if !c.rowCursor || len(c.lineEntry) == 0 {
		return out
	}
	out = append([]string(nil), out...)
	last := c.entryEnd(c.cursor)
	for i := start; i < end; i++ {
		if i < c.cursor || i > last {
			continue
		}
		plain := ansi.Strip(out[i-start])
		// The mark column ("● " for an override) shows the cursor.
		if r := []rune(plain); i == c.cursor && len(r) >= 2 {
			plain = cursorMark + string(r[2:])
		}
		out[i-start] = c.st.Selected.Render(Fit(plain, w, false))
	}
	return out
}
