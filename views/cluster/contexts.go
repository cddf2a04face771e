package cluster

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/theme"
	"kscope/views/kit"
)

// ContextEntry is one named cluster connection of the contexts file, as
// the contexts list shows it. It never holds a secret.
type ContextEntry struct {
	// Name identifies the context (:ctx NAME).
	Name string
	// Brokers are the bootstrap servers, comma-separated.
	Brokers string
	// Auth summarises SASL and TLS, e.g. "SCRAM-SHA-512 user app · TLS";
	// "" means neither.
	Auth string
	// ReadOnly says every mutating action is disabled on this context.
	ReadOnly bool
}

// SwitchContextMsg asks the root to switch the explorer to the named
// context (enter on the contexts list).
type SwitchContextMsg struct{ Name string }

// SwitchContext returns a command that asks the root to switch to name.
func SwitchContext(name string) tea.Cmd {
	return func() tea.Msg { return SwitchContextMsg{Name: name} }
}

// contextsRowsTop is the body line of the first context row: a title
// line, a blank line and the column headings come first.
const contextsRowsTop = 3

// Contexts lists the contexts of the contexts file (name, brokers, auth
// summary, read-only) with the current one marked; enter switches to the
// selected one.
type Contexts struct {
	st      *theme.Styles
	entries []ContextEntry
	current string
	path    string
	keys    contextsKeys
	scroll  kit.Scroller

	width, height int
}

var _ kit.Screen = (*Contexts)(nil)

// NewContexts returns the contexts list. current is the context in use
// ("" when the explorer was opened with --brokers); path names the
// contexts file for the empty state. The cursor starts on current.
func NewContexts(st *theme.Styles, entries []ContextEntry, current, path string) *Contexts {
	c := &Contexts{
		st:      st,
		entries: entries,
		current: current,
		path:    path,
		keys:    newContextsKeys(),
	}
	c.scroll.SetN(len(entries))
	for i, e := range entries {
		if e.Name == current {
			c.scroll.MoveTo(i)
		}
	}
	return c
}

// Init does nothing: the entries are given.
func (c *Contexts) Init() tea.Cmd { return nil }

// Selected returns the context under the cursor, false when there is none.
func (c *Contexts) Selected() (ContextEntry, bool) {
	if len(c.entries) == 0 {
		return ContextEntry{}, false
	}
	return c.entries[c.scroll.Cursor], true
}

// Update moves the cursor and asks for a switch on enter or a click on
// the selected row.
func (c *Contexts) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if kit.KeyScroll(&c.scroll, c.keys.list, msg) {
			return c, nil
		}
		switch {
		case kit.Matches(msg, c.keys.Switch):
			return c, c.switchTo()
		case kit.Matches(msg, c.keys.Back):
			return c, kit.Pop()
		}
	case tea.MouseWheelMsg:
		c.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	case tea.MouseClickMsg:
		row := msg.Y - contextsRowsTop
		start, end := c.scroll.Window()
		if msg.Button != tea.MouseLeft || row < 0 || start+row >= end {
			return c, nil
		}
		if start+row == c.scroll.Cursor {
			return c, c.switchTo()
		}
		c.scroll.MoveTo(start + row)
	}
	return c, nil
}

func (c *Contexts) switchTo() tea.Cmd {
	e, ok := c.Selected()
	if !ok {
		return nil
	}
	return SwitchContext(e.Name)
}

// Title names the screen with the context count.
func (c *Contexts) Title() string { return fmt.Sprintf("Contexts (%d)", len(c.entries)) }

// SetSize sets the body size.
func (c *Contexts) SetSize(width, height int) {
	c.width, c.height = width, height
	c.scroll.SetHeight(height - contextsRowsTop)
}

// Capturing is always false: the list has no text input.
func (c *Contexts) Capturing() bool { return false }

// ShortHelp lists the keys for the bottom line.
// With no context, enter switches to nothing: it is left out.
func (c *Contexts) ShortHelp() []key.Binding {
	if len(c.entries) == 0 {
		return []key.Binding{c.keys.Back}
	}
	return []key.Binding{c.keys.Switch, c.keys.Back}
}

// FullHelp lists every key; with no context, enter says why it does
// nothing.
func (c *Contexts) FullHelp() [][]key.Binding {
	if len(c.entries) == 0 {
		return [][]key.Binding{c.keys.list.Bindings(), {kit.ShownDisabled(c.keys.Switch, "no contexts"), c.keys.Back}}
	}
	return [][]key.Binding{c.keys.list.Bindings(), c.ShortHelp()}
}

var contextColumns = []kit.Column{
	{Title: "NAME", Width: 10, Flex: true},
	{Title: "BROKERS", Width: 16, Flex: true},
	{Title: "AUTH", Width: 26, Flex: true},
	{Title: "MODE", Width: 10},
}

// View renders the title line and the contexts table.
func (c *Contexts) View() string {
	st := c.st
	w := max(c.width, 20)
	title := st.Title.Render("Contexts")
	if c.path != "" {
		title += st.Subtle.Render(" · " + kit.Sanitize(c.path))
	}
	lines := []string{kit.Truncate(title, w), ""}
	ws := kit.Layout(contextColumns, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, contextColumns, ws, -1, ""))
	if len(c.entries) == 0 {
		where := "the contexts file"
		if c.path != "" {
			where = kit.Sanitize(c.path)
		}
		lines = append(lines,
			st.Subtle.Render(kit.Truncate("  No contexts: add them to "+where, w)),
			st.Subtle.Render(kit.Truncate("  (see “Connecting to real clusters” in the README).", w)))
		return kit.PadLines(strings.Join(lines, "\n"), w, c.height)
	}
	start, end := c.scroll.Window()
	cells := make([]string, len(contextColumns))
	for i := start; i < end; i++ {
		e := c.entries[i]
		selected := i == c.scroll.Cursor
		cells[0] = kit.Sanitize(e.Name)
		if e.Name == c.current {
			cells[0] = "● " + cells[0]
		}
		cells[1] = kit.Sanitize(e.Brokers)
		cells[2] = kit.Sanitize(e.Auth)
		if e.Auth == "" {
			cells[2] = "none"
		}
		cells[3] = "read-write"
		if e.ReadOnly {
			cells[3] = "read-only"
			if !selected {
				cells[3] = st.Warning.Render(cells[3])
			}
		}
		lines = append(lines, kit.RowLine(cells, contextColumns, ws, selected, st.Selected))
	}
	return kit.PadLines(strings.Join(lines, "\n"), w, c.height)
}
