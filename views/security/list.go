package security

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/theme"
	"kscope/views/kit"
)

// listLoadedMsg is the answer to a list's load.
type listLoadedMsg[T any] struct {
	reqID  uint64
	rows   []T
	err    error
	manual bool
}

// listTickMsg is a list's refresh timer firing.
type listTickMsg struct{ id uint64 }

// listKeys are the keys of the three lists; New, Edit and Delete are
// the write keys, left out of the help line on a read-only context.
type listKeys struct {
	move kit.ListKeys
	kit.FilterKeys
	New, Edit, Delete, Refresh, Back key.Binding
}

// list is what the ACL, user and quota lists share: rows loaded by a
// Poller, a filter that narrows them as you type, a cursor, a table.
type list[T any] struct {
	kit.Poller
	st       *theme.Styles
	noun     string // "binding": for counts and messages
	what     string // the changedMsg that reloads the list (whatACLs…)
	readOnly bool
	// deleteFilters: d works without a selected row (it opens a filter
	// form); otherwise d, like the edit key, needs a row.
	deleteFilters bool
	keys          listKeys
	fetch         func(ctx context.Context) ([]T, error)
	match         func(row *T, query string) bool

	width, height int

	loaded bool
	err    error
	rows   []T
	shown  []int
	filter kit.LineInput
	// filtering: the filter input has focus.
	filtering bool
	scroll    kit.Scroller
}

// load asks for the rows.
func (l *list[T]) load(manual bool) tea.Cmd {
	return kit.Load(&l.Poller, l.fetch, func(id uint64, rows []T, err error) tea.Msg {
		return listLoadedMsg[T]{reqID: id, rows: rows, err: err, manual: manual}
	})
}

// tick arms the refresh timer.
func (l *list[T]) tick() tea.Cmd {
	return l.Poller.Tick(func(id uint64) tea.Msg { return listTickMsg{id: id} })
}

// answered takes a load's answer: the rows, or the error in words.
func (l *list[T]) answered(msg listLoadedMsg[T]) tea.Cmd {
	if !l.Done(msg.reqID) {
		return nil
	}
	if msg.err != nil {
		l.err = msg.err
		return kit.Status(explain("list "+l.noun+"s", msg.err), true)
	}
	l.err, l.loaded, l.rows = nil, true, msg.rows
	l.refilter()
	if msg.manual {
		return kit.Status("refreshed: "+countLine(len(l.rows), l.noun), false)
	}
	return nil
}

// refilter recomputes the shown rows for the filter's text.
func (l *list[T]) refilter() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Value()))
	l.shown = l.shown[:0]
	for i := range l.rows {
		if q == "" || l.match(&l.rows[i], q) {
			l.shown = append(l.shown, i)
		}
	}
	l.scroll.SetN(len(l.shown))
}

// selected is the row under the cursor, nil when none.
func (l *list[T]) selected() *T {
	if len(l.shown) == 0 || l.scroll.Cursor >= len(l.shown) {
		return nil
	}
	return &l.rows[l.shown[l.scroll.Cursor]]
}

// ownKey handles what every list handles alike (see common) and returns
// the key press left for the screen's own keys; ok is false when none is
// left, and cmd is then what the list did.
func (l *list[T]) ownKey(msg tea.Msg) (km tea.KeyPressMsg, ok bool, cmd tea.Cmd) {
	if took, cmd := l.common(msg); took {
		return km, false, cmd
	}
	km, ok = msg.(tea.KeyPressMsg)
	return km, ok, nil
}

// common handles what every list handles alike: a change made elsewhere
// to what it lists, the answer, the timer, the filter while it has
// focus, movement, refresh, the wheel. It reports whether it took msg.
func (l *list[T]) common(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case changedMsg:
		if msg.what == l.what {
			return true, l.load(false)
		}
		return false, nil
	case listLoadedMsg[T]:
		return true, l.answered(msg)
	case listTickMsg:
		return true, l.Fired(msg.id, l.tick, func() tea.Cmd { return l.load(false) })
	case tea.MouseWheelMsg:
		l.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
		return true, nil
	case tea.PasteMsg:
		if l.filtering {
			l.filter.Update(msg)
			l.refilter()
		}
		return true, nil
	case tea.KeyPressMsg:
		return l.commonKey(msg)
	}
	return false, nil
}

func (l *list[T]) commonKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := l.keys
	if l.filtering {
		switch {
		case kit.Matches(msg, k.Apply):
			l.filtering = false
		case kit.Matches(msg, k.Clear):
			l.filtering = false
			l.filter.SetValue("")
			l.refilter()
		case kit.Matches(msg, k.Move.Up):
			l.scroll.Move(-1)
		case kit.Matches(msg, k.Move.Down):
			l.scroll.Move(1)
		default:
			if l.filter.Update(msg) {
				l.refilter()
			}
		}
		return true, nil
	}
	if kit.KeyScroll(&l.scroll, k.move, msg) {
		return true, nil
	}
	switch {
	case kit.Matches(msg, k.Filter):
		l.filtering = true
	case kit.Matches(msg, k.Refresh):
		return true, l.load(true)
	case kit.Matches(msg, k.Back):
		if l.filter.Value() != "" {
			l.filter.SetValue("")
			l.refilter()
			return true, nil
		}
		return true, kit.Pop()
	default:
		return false, nil
	}
	return true, nil
}

// HandlesEsc keeps esc for clearing a kept filter.
func (l *list[T]) HandlesEsc() bool { return l.filtering || l.filter.Value() != "" }

// Capturing reports whether the filter has focus.
func (l *list[T]) Capturing() bool { return l.filtering }

// SetSize sets the body size; the table has the title line, the
// headings and a footer line around it.
func (l *list[T]) SetSize(width, height int) {
	l.width, l.height = width, height
	l.scroll.SetHeight(height - 3)
}

// ShortHelp lists the keys for the bottom line: the write keys only on
// a writable context.
func (l *list[T]) ShortHelp() []key.Binding {
	k := l.keys
	if l.filtering {
		return []key.Binding{k.Apply, k.Clear}
	}
	if l.readOnly {
		return []key.Binding{k.Filter, k.Refresh, k.Back}
	}
	// The write keys take the room of r (in the full help; the list
	// refreshes itself anyway), so the line is not cut at 80 columns.
	return append(append([]key.Binding{k.Filter}, l.writeKeys()...), k.Back)
}

// writeKeys are the list's write keys that work now: none on a
// read-only context, the row keys only while a row is selected.
func (l *list[T]) writeKeys() []key.Binding {
	if l.readOnly {
		return nil
	}
	row := l.selected() != nil
	var out []key.Binding
	for _, k := range []struct {
		b        key.Binding
		needsRow bool
	}{{l.keys.New, false}, {l.keys.Edit, true}, {l.keys.Delete, !l.deleteFilters}} {
		if k.b.Enabled() && (row || !k.needsRow) {
			out = append(out, k.b)
		}
	}
	return out
}

// noRow says a row key was pressed with no row selected.
func (l *list[T]) noRow() tea.Cmd {
	return kit.Status("no "+l.noun+" selected", true)
}

// FullHelp lists every key.
func (l *list[T]) FullHelp() [][]key.Binding {
	k := l.keys
	return [][]key.Binding{k.move.Bindings(), append(append([]key.Binding{k.Filter}, l.writeKeys()...), k.Refresh, k.Back)}
}

// title is "noun (shown/total)".
func (l *list[T]) title(name string) string {
	if !l.loaded {
		return name
	}
	return fmt.Sprintf("%s (%d/%d)", name, len(l.shown), len(l.rows))
}

// titleLine is the list's first line: the title, the filter, and on the
// right the refresh state and extra.
func (l *list[T]) titleLine(name string, w int, extra string) string {
	st := l.st
	left := st.Title.Render(l.title(name))
	if l.filtering || l.filter.Value() != "" {
		left += "  " + st.Accent.Render("/") + l.filter.View(st.InputFocus, l.filtering)
	}
	var right []string
	if l.Loading && l.loaded {
		right = append(right, "refreshing…")
	}
	if l.err != nil && l.loaded {
		right = append(right, st.Warning.Render("refresh failed"))
	}
	if extra != "" {
		right = append(right, extra)
	}
	r := st.Subtle.Render(strings.Join(right, " · "))
	gap := w - lipgloss.Width(left) - lipgloss.Width(r)
	if gap < 2 {
		return kit.Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + r
}

// view draws the title line, the headings, the rows (cells gives a row's
// cells) and the footer line.
func (l *list[T]) view(name, extra string, cols []kit.Column, cells func(*T) []string, empty, footer string) string {
	st := l.st
	w := max(l.width, 20)
	lines := []string{l.titleLine(name, w, extra)}
	ws := kit.Layout(cols, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, cols, ws, -1, ""))
	switch {
	case !l.loaded && l.err != nil:
		lines = append(lines, "")
		lines = append(lines, kit.Wrapped(st.Error, explain("list "+l.noun+"s", l.err), w)...)
		lines = append(lines, st.Subtle.Render("  Press r to try again."))
	case !l.loaded:
		lines = append(lines, "", st.Subtle.Render("  Loading "+l.noun+"s…"))
	case len(l.shown) == 0:
		if l.filter.Value() != "" {
			empty = fmt.Sprintf("No %s matches %q.", l.noun, l.filter.Value())
		}
		lines = append(lines, "")
		lines = append(lines, kit.Wrapped(st.Subtle, empty, w)...)
	default:
		lines = append(lines, kit.WindowRows(st, &l.scroll, cols, ws, true, func(pos int, _ bool, out []string) {
			copy(out, cells(&l.rows[l.shown[pos]]))
		})...)
	}
	// The footer says something a user needs (quotas are not enforced):
	// it wraps to a second line rather than lose its end.
	foot := kit.Wrapped(st.Subtle, footer, w)
	body := kit.PadLines(strings.Join(lines, "\n"), w, max(l.height-len(foot), 1))
	return body + "\n" + strings.Join(foot, "\n")
}

// fitColumns widens each fixed column to its widest value (and title), so
// enumerations such as TRANSACTIONAL_ID are not cut when there is room.
func fitColumns(cols []kit.Column, rows [][]string) []kit.Column {
	out := make([]kit.Column, len(cols))
	copy(out, cols)
	for i := range out {
		if out[i].Flex {
			continue
		}
		wd := lipgloss.Width(out[i].Title)
		for _, r := range rows {
			wd = max(wd, lipgloss.Width(r[i]))
		}
		out[i].Width = wd
	}
	return out
}
