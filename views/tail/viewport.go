package tail

import (
	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// tailRowsTop is the body line of the first row: the title line and the
// column headings come first.
const tailRowsTop = 2

// viewport is the window on the list: its size, the scroll position and
// cursor, and whether it follows the newest record like `tail -f`.
type viewport struct {
	width, height int
	scroll        kit.Scroller
	follow        bool
}

// setSize gives the rows what the title, headings and status bar leave.
func (v *viewport) setSize(width, height int) {
	v.width, v.height = width, height
	v.scroll.SetHeight(height - tailRowsTop - 1)
	if v.follow {
		v.scroll.MoveTo(v.scroll.N - 1)
	}
}

// move handles a movement key and reports whether it was one; moving up
// stops following, the end follows again.
func (v *viewport) move(msg tea.KeyPressMsg, k kit.ListKeys) bool {
	switch {
	case kit.Matches(msg, k.Up):
		v.unfollow()
		v.scroll.Move(-1)
	case kit.Matches(msg, k.Down):
		v.scroll.Move(1)
	case kit.Matches(msg, k.PageUp):
		v.unfollow()
		v.scroll.Page(-1)
	case kit.Matches(msg, k.PageDown):
		v.scroll.Page(1)
	case kit.Matches(msg, k.Home):
		v.unfollow()
		v.scroll.MoveTo(0)
	case kit.Matches(msg, k.End):
		v.follow = true
		v.scroll.MoveTo(v.scroll.N - 1)
	default:
		return false
	}
	return true
}

// unfollow stops following: the view holds still as records arrive.
func (v *viewport) unfollow() { v.follow = false }

// scrollBy scrolls the window (mouse wheel); up stops following.
func (v *viewport) scrollBy(d int) {
	if d < 0 {
		v.unfollow()
	}
	v.scroll.Scroll(d)
}

// click puts the cursor on the row at body line y, if there is one;
// following goes on only when that row is the newest.
func (v *viewport) click(y int) {
	row := y - tailRowsTop
	if row < 0 || row >= v.scroll.Height {
		return
	}
	start, end := v.scroll.Window()
	if i := start + row; i < end {
		v.follow = v.follow && i == v.scroll.N-1
		v.scroll.MoveTo(i)
	}
}

// shift keeps the window on the same records after front rows left the
// start of a list of n rows, or on the newest when following.
func (v *viewport) shift(front, n int) {
	if v.follow {
		v.scroll.SetN(n)
		v.scroll.MoveTo(n - 1)
		return
	}
	v.scroll.Cursor -= front
	v.scroll.Offset -= front
	if v.scroll.Offset < 0 {
		v.scroll.Offset = 0
	}
	v.scroll.SetN(n)
}

// relayout lays a list of n rows out again with the cursor on row at,
// or on the newest when following or when at < 0.
func (v *viewport) relayout(n, at int) {
	v.scroll.SetN(n)
	if v.follow || at < 0 {
		v.scroll.MoveTo(n - 1)
		return
	}
	v.scroll.MoveTo(min(at, n-1))
}

// reset empties the window and follows again.
func (v *viewport) reset() {
	v.follow = true
	v.scroll.SetN(0)
}
