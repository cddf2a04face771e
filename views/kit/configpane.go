package kit

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/theme"
)

// ConfigsLoaded wraps an answer to TopicConfigs or BrokerConfigs, for Ask.
func ConfigsLoaded(id uint64, cs []kafkaops.ConfigEntry, err error) tea.Msg {
	return ConfigsLoadedMsg{ReqID: id, Configs: cs, Err: err}
}

// ConfigsLoadedMsg is the answer to TopicConfigs or BrokerConfigs.
type ConfigsLoadedMsg struct {
	ReqID   uint64
	Configs []kafkaops.ConfigEntry
	Err     error
}

// configKeys are the config pane's own keys (movement comes from listKeys).
type configKeys struct {
	list   ListKeys
	Filter key.Binding
	Apply  key.Binding
	Clear  key.Binding
}

func newConfigKeys() configKeys {
	return configKeys{
		list:   NewListKeys(),
		Filter: FilterKey("filter configs"),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear:  EscKey("clear filter"),
	}
}

// ConfigPane lists configs (a topic's or a broker's): overrides first and
// highlighted, then defaults, each with value and source; sensitive values
// masked, long names and values wrapped, `/` filters by name. It is a
// component of a screen, not a screen: the screen routes keys to it and
// draws its frame.
type ConfigPane struct {
	st   *theme.Styles
	Keys configKeys

	loaded  bool
	Err     error
	Entries []kafkaops.ConfigEntry // overrides first, then by name

	Filter    LineInput
	filtering bool

	width, height int
	// lines is the rendered list for the current entries, filter and
	// width; rebuilt only when one of them changes, not per frame.
	lines  []string
	shown  int    // entries the filter lets through
	cols   [2]int // name and value column widths of lines
	dirty  bool
	Offset int
	// lineEntry is the entry each of lines shows, for Selected.
	lineEntry []kafkaops.ConfigEntry
	cur       configCursor // the row cursor, when enabled
}

// NewConfigPane returns an empty config pane.
func NewConfigPane(st *theme.Styles) *ConfigPane {
	return &ConfigPane{st: st, Keys: newConfigKeys(), dirty: true}
}

// SetEntries replaces the configs, keeping the scroll position.
func (c *ConfigPane) SetEntries(es []kafkaops.ConfigEntry) {
	c.loaded, c.Err = true, nil
	c.Entries = slices.Clone(es)
	slices.SortStableFunc(c.Entries, func(a, b kafkaops.ConfigEntry) int {
		if a.Default != b.Default {
			if !a.Default {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	c.dirty = true
}

// SetErr records a failed load; configs already shown stay.
func (c *ConfigPane) SetErr(err error) {
	c.Err = err
	c.dirty = true
}

// SetSize sets the size of the pane's content (inside any frame).
func (c *ConfigPane) SetSize(w, h int) {
	if w != c.width {
		c.dirty = true
	}
	c.width, c.height = w, h
}

// overrides counts the configs that are not defaults.
func (c *ConfigPane) overrides() int {
	n := 0
	for _, e := range c.Entries {
		if !e.Default {
			n++
		}
	}
	return n
}

// Value returns the value of the config named name and whether it is
// there.
func (c *ConfigPane) Value(name string) (string, bool) {
	for _, e := range c.Entries {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

// Capturing reports whether the filter input has focus.
func (c *ConfigPane) Capturing() bool { return c.filtering }

// Update handles a key or paste while the pane has focus.
func (c *ConfigPane) Update(msg tea.Msg) tea.Cmd {
	if c.filtering {
		switch msg := msg.(type) {
		case tea.KeyPressMsg:
			switch {
			case Matches(msg, c.Keys.Apply):
				c.filtering = false
				return nil
			case Matches(msg, c.Keys.Clear):
				c.filtering = false
				c.SetFilter("")
				return nil
			}
		}
		old := c.Filter.Value()
		if c.Filter.Update(msg) && c.Filter.Value() != old {
			c.dirty = true
			c.Offset = 0
		}
		return nil
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if Matches(km, c.Keys.Filter) {
		c.filtering = true
		return nil
	}
	c.ensure()
	if c.cur.on {
		c.moveCursor(km)
		return nil
	}
	s := c.scroller()
	// The pane scrolls by line: there is no row cursor, the window moves.
	switch {
	case Matches(km, c.Keys.list.Up):
		s.Offset--
	case Matches(km, c.Keys.list.Down):
		s.Offset++
	case Matches(km, c.Keys.list.PageUp):
		s.Offset -= max(s.Height-1, 1)
	case Matches(km, c.Keys.list.PageDown):
		s.Offset += max(s.Height-1, 1)
	case Matches(km, c.Keys.list.Home):
		s.Offset = 0
	case Matches(km, c.Keys.list.End):
		s.Offset = s.N
	}
	c.setOffset(s.Offset)
	return nil
}

// HasFilter reports whether a filter is kept (not being typed), which esc
// clears before it closes the screen.
func (c *ConfigPane) HasFilter() bool { return !c.filtering && c.Filter.Value() != "" }

// SetFilter sets the filter text.
func (c *ConfigPane) SetFilter(s string) {
	c.Filter.SetValue(s)
	c.dirty = true
	c.Offset = 0
}

// Scroll moves the window by d lines (mouse wheel).
func (c *ConfigPane) Scroll(d int) {
	c.ensure()
	c.setOffset(c.Offset + d)
}

func (c *ConfigPane) setOffset(o int) {
	c.Offset = min(max(o, 0), max(len(c.lines)-c.listHeight(), 0))
}

// scroller describes the line window, for the movement keys.
func (c *ConfigPane) scroller() Scroller {
	return Scroller{Offset: c.Offset, Height: c.listHeight(), N: len(c.lines)}
}

// configHeadLines are the title line and the column headings.
const configHeadLines = 2

// ConfigHeadLines is how many lines come before the first config in the
// pane's content: its title line and the column headings.
const ConfigHeadLines = configHeadLines

func (c *ConfigPane) listHeight() int { return max(c.height-configHeadLines, 1) }

// columns returns the widths of the name, value and source columns.
func (c *ConfigPane) columns() (name, value, source int) {
	w := c.width - len(NoMark) - 2*len(ColGap)
	source = 16
	longest, longestValue := 4, 5
	for _, e := range c.Entries {
		longest = max(longest, lipgloss.Width(Sanitize(e.Name)))
		longestValue = max(longestValue, lipgloss.Width(configValue(c.st, e)))
	}
	name = min(longest, max(w*2/5, 12))
	// On a wide pane the value column is only as wide as the longest
	// value, so the source stays next to it instead of across the screen.
	value = max(min(w-name-source, longestValue), 8)
	if name+value+source > w { // very narrow: let the source go first
		source = max(w-name-value, 0)
	}
	return name, value, source
}

// ensure rebuilds the rendered lines if entries, filter or width changed.
func (c *ConfigPane) ensure() {
	if !c.dirty {
		return
	}
	c.dirty = false
	st := c.st
	nw, vw, sw := c.columns()
	c.cols = [2]int{nw, vw}
	q := strings.ToLower(c.Filter.Value())
	c.lines = c.lines[:0]
	c.lineEntry = c.lineEntry[:0]
	c.cur.starts = c.cur.starts[:0]
	c.shown = 0
	// Names that contain the query come first, then those that only match
	// it as a subsequence, as in the topic browser.
	var fuzzy []kafkaops.ConfigEntry
	entries := c.Entries
	if q != "" {
		entries = nil
		for _, e := range c.Entries {
			switch matchName(strings.ToLower(Sanitize(e.Name)), q) {
			case substringMatch:
				entries = append(entries, e)
			case fuzzyMatch:
				fuzzy = append(fuzzy, e)
			}
		}
		entries = append(entries, fuzzy...)
	}
	for _, e := range entries {
		name := Sanitize(e.Name)
		c.shown++
		nameStyle, mark := lipgloss.NewStyle(), NoMark
		if !e.Default {
			nameStyle, mark = st.Accent.Bold(true), st.Accent.Render("● ")
		}
		if q != "" {
			name = highlight(name, MatchPositions(name, q), nameStyle, st.Match.Inherit(nameStyle), true)
		} else {
			name = nameStyle.Render(name)
		}
		value := configValue(st, e)
		nameLines := strings.Split(ansi.Wrap(name, nw, "._-"), "\n")
		valueLines := strings.Split(ansi.Wrap(value, vw, ",;:/ "), "\n")
		src := st.Subtle.Render(Truncate(sourceLabel(e.Source), sw))
		if !e.Default {
			src = st.Accent.Render(Truncate(sourceLabel(e.Source), sw))
		}
		c.cur.starts = append(c.cur.starts, len(c.lines))
		for i := range max(len(nameLines), len(valueLines)) {
			var n, v, s string
			if i < len(nameLines) {
				n = nameLines[i]
			}
			if i < len(valueLines) {
				v = valueLines[i]
			}
			m := NoMark
			if i == 0 {
				m, s = mark, src
			}
			c.lines = append(c.lines, m+Fit(n, nw, false)+ColGap+Fit(v, vw, false)+ColGap+s)
			c.lineEntry = append(c.lineEntry, e)
		}
	}
	c.setOffset(c.Offset)
	c.placeCursor()
}

// configValue renders a config's value: masked when sensitive, "(none)"
// when empty, sanitized otherwise, with durations (*.ms) and sizes
// (*.bytes) also in human units: "604800000 (7d)".
func configValue(st *theme.Styles, e kafkaops.ConfigEntry) string {
	switch {
	case e.Sensitive:
		return st.Subtle.Render(kafkaops.SensitiveMask + " (sensitive)")
	case e.Value == "":
		return st.Subtle.Render("(none)")
	}
	v := Sanitize(e.Value)
	n, err := strconv.ParseInt(e.Value, 10, 64)
	if err != nil {
		return v
	}
	switch {
	case strings.HasSuffix(e.Name, ".ms") && (n >= 1000 || n == -1):
		v += st.Subtle.Render(" (" + HumanMillis(e.Value) + ")")
	case strings.HasSuffix(e.Name, ".bytes") && (n >= 1024 || n == -1):
		v += st.Subtle.Render(" (" + HumanBytes(e.Value) + ")")
	}
	return v
}

// sourceLabel names where a config value comes from in words.
func sourceLabel(s kafkaops.ConfigSource) string {
	switch s {
	case kafkaops.SourceTopic:
		return "topic override"
	case kafkaops.SourceDynamicBroker:
		return "broker (dynamic)"
	case kafkaops.SourceDynamicDefault:
		return "cluster default"
	case kafkaops.SourceStaticBroker:
		return "broker (static)"
	case kafkaops.SourceDefault:
		return "default"
	case kafkaops.SourceDynamicBrokerLg:
		return "broker logger"
	case kafkaops.SourceGroup:
		return "group override"
	case "", kafkaops.SourceUnknown:
		return "unknown"
	}
	return Sanitize(string(s))
}

// View renders the pane's content at exactly width×height.
func (c *ConfigPane) View(focused bool) string {
	c.ensure()
	st := c.st
	w := max(c.width, 10)
	out := make([]string, 0, c.height)

	left := st.Title.Render("Configs")
	if c.loaded {
		left += " " + st.Subtle.Render(fmt.Sprintf("(%d overridden, %d in all)", c.overrides(), len(c.Entries)))
	}
	if c.filtering || c.Filter.Value() != "" {
		left += "  " + st.Accent.Render("/") + c.Filter.View(st.InputFocus, c.filtering && focused)
		if c.loaded {
			left += st.Subtle.Render(fmt.Sprintf(" %d match", c.shown))
		}
	}
	right := ScrollMarker(c.Offset, c.listHeight(), len(c.lines))
	if right != "" {
		right = st.Subtle.Render(right)
	}
	out = append(out, spread(left, right, w))

	nw, vw := c.cols[0], c.cols[1]
	head := NoMark + Fit("NAME", nw, false) + ColGap + Fit("VALUE", vw, false) + ColGap + "SOURCE"
	out = append(out, st.TableHead.Render(Truncate(head, w)))

	switch {
	case !c.loaded && c.Err != nil:
		// Wrapped, so that the end of a long Kafka error shows.
		out = append(out, WrappedN(st.Error, "Could not load configs: "+Sanitize(kafkaops.Describe(c.Err)), w, min(ErrorLines, max(c.height-2, 1)))...)
	case !c.loaded:
		out = append(out, st.Subtle.Render("  Loading configs…"))
	case len(c.Entries) == 0:
		out = append(out, st.Subtle.Render("  No configs."))
	case len(c.lines) == 0:
		out = append(out, st.Subtle.Render(Truncate(fmt.Sprintf("  No config name matches %q.", c.Filter.Value()), w)))
	default:
		end := min(c.Offset+c.listHeight(), len(c.lines))
		window := slices.Clone(c.lines[c.Offset:end])
		if focused {
			c.markCursor(window, c.Offset)
		}
		out = append(out, window...)
	}
	return Fill(strings.Join(out, "\n"), w, c.height)
}

// Help lists the pane's keys.
func (c *ConfigPane) Help() []key.Binding {
	if c.filtering {
		return []key.Binding{c.Keys.Apply, c.Keys.Clear}
	}
	return []key.Binding{c.Keys.Filter}
}

// spread puts left and right on one line of width w, right-aligned; right
// is dropped when there is no room.
// ScrollMarker says where a window of height rows at offset is in n rows:
// "top ↓", "end ↑" or "40% ↕"; "" when every row shows.
func ScrollMarker(offset, height, n int) string {
	switch {
	case n <= height:
		return ""
	case offset == 0:
		return "top ↓"
	case offset+height >= n:
		return "end ↑"
	}
	return fmt.Sprintf("%d%% ↕", 100*(offset+height)/n)
}

// Spread puts left at the start of a w-cell line and right at its end;
// right is left out when both do not fit.
func Spread(left, right string, w int) string { return spread(left, right, w) }

func spread(left, right string, w int) string {
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if right == "" || gap < 2 {
		return Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// Fill pads or cuts s to exactly h lines of exactly w cells, so that it
// can go into a frame.
func Fill(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = Fit(l, w, false)
	}
	return strings.Join(lines, "\n")
}

// Frame draws content in a pane border, focused or not. The content must
// be a block of equal-width lines (see fill); the box is two cells wider and
// taller than it.
func Frame(st *theme.Styles, content string, focused bool) string {
	if focused {
		return st.FocusPane.Render(content)
	}
	return st.Pane.Render(content)
}
