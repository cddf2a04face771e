package tail

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// TailRecord is one record of a tail, opened with enter: where it is,
// its timestamp, key, headers and size, then its value, JSON indented
// and coloured, text wrapped, binary as a hex dump (h toggles the hex
// view for any value). c copies the value with OSC 52.
type TailRecord struct {
	st   *theme.Styles
	rec  kafkaops.Record
	keys recordKeys
	kind kit.ValueKind
	hex  bool
	loc  *time.Location

	width, height int
	lines         []string
	scroll        kit.Scroller
}

var _ kit.Screen = (*TailRecord)(nil)

// NewTailRecord returns the detail screen for r.
func NewTailRecord(st *theme.Styles, r kafkaops.Record, loc *time.Location) *TailRecord {
	if loc == nil {
		loc = time.Local
	}
	d := &TailRecord{
		loc:  loc,
		st:   st,
		rec:  r,
		keys: newRecordKeys(),
		kind: kit.Classify(r.Value),
	}
	d.hex = d.kind == kit.ValueBinary
	d.SetSize(80, 24)
	return d
}

// Init does nothing: the record is at hand.
func (d *TailRecord) Init() tea.Cmd { return nil }

// Update scrolls, copies and toggles the hex view.
func (d *TailRecord) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		l, page := d.keys.list, max(d.scroll.Height-1, 1)
		switch {
		case kit.Matches(msg, l.Up):
			d.scroll.Scroll(-1)
		case kit.Matches(msg, l.Down):
			d.scroll.Scroll(1)
		case kit.Matches(msg, l.PageUp):
			d.scroll.Scroll(-page)
		case kit.Matches(msg, l.PageDown):
			d.scroll.Scroll(page)
		case kit.Matches(msg, l.Home):
			d.scroll.Scroll(-d.scroll.N)
		case kit.Matches(msg, l.End):
			d.scroll.Scroll(d.scroll.N)
		case kit.Matches(msg, d.keys.Copy):
			return d, kit.CopyValue(d.rec.Value)
		case kit.Matches(msg, d.keys.Hex):
			d.hex = !d.hex
			d.layout()
		case kit.Matches(msg, d.keys.Back), kit.Matches(msg, d.keys.Close):
			return d, kit.Pop()
		}
	case tea.MouseWheelMsg:
		d.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	}
	return d, nil
}

// Title names the screen.
func (d *TailRecord) Title() string {
	return "record " + strconv.Itoa(d.rec.Partition) + "/" + strconv.FormatInt(d.rec.Offset, 10)
}

// SetSize lays the text out for the new width.
func (d *TailRecord) SetSize(width, height int) {
	d.width, d.height = width, height
	d.scroll.SetHeight(height)
	d.layout()
}

// Capturing is false: the screen has no input.
func (d *TailRecord) Capturing() bool { return false }

// ShortHelp lists the keys for the bottom line.
func (d *TailRecord) ShortHelp() []key.Binding {
	h := d.keys.Hex
	if d.hex {
		h.SetHelp("h", "text view")
	}
	return []key.Binding{d.keys.Copy, h, d.keys.list.Down, d.keys.list.PageDown, d.keys.Back}
}

// FullHelp lists every key.
func (d *TailRecord) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.keys.list.Bindings(), {d.keys.Copy, d.keys.Hex, d.keys.Back}}
}

// layout renders every line of the record for the width.
func (d *TailRecord) layout() {
	st, r := d.st, &d.rec
	w := max(d.width, 20)
	var lines []string
	lines = append(lines, st.Title.Render(kit.Sanitize(r.Topic))+st.Subtle.Render(" · partition ")+strconv.Itoa(r.Partition)+
		st.Subtle.Render(" · offset ")+strconv.FormatInt(r.Offset, 10))
	field := func(name, value string) {
		lines = append(lines, st.Subtle.Render(kit.Fit(name, 10, false))+" "+value)
	}
	ts := noStamp + st.Subtle.Render(" (no timestamp)")
	if hasStamp(r.Timestamp) {
		ts = r.Timestamp.In(d.loc).Format("2006-01-02 15:04:05.000 Z07:00") +
			st.Subtle.Render(" ("+strconv.FormatInt(r.Timestamp.UnixMilli(), 10)+" ms)")
	}
	field("timestamp", ts)
	switch k, kind := kit.Preview(r.Key); {
	case r.Key == nil:
		field("key", st.Subtle.Render("(null)"))
	case kind == kit.ValueBinary:
		field("key", kit.HexString(r.Key)+st.Subtle.Render(" (hex)"))
	default:
		field("key", k)
	}
	hdrBytes := 0
	for _, h := range r.Headers {
		hdrBytes += len(h.Key) + len(h.Value)
	}
	size := "value " + kit.PluralCount(int64(len(r.Value)), "byte") + " (" + d.kind.String() + ") · key " +
		kit.PluralCount(int64(len(r.Key)), "byte")
	if len(r.Headers) > 0 {
		size += " · headers " + kit.PluralCount(int64(hdrBytes), "byte")
	}
	field("size", size)
	if len(r.Headers) == 0 {
		field("headers", st.Subtle.Render("none"))
	}
	for i, h := range r.Headers {
		name := ""
		if i == 0 {
			name = "headers"
		}
		v, _ := kit.Preview(h.Value)
		field(name, st.Accent.Render(kit.Sanitize(h.Key))+st.Subtle.Render(" = ")+v)
	}
	what := d.kind.String()
	if d.hex {
		what = "hex"
	}
	rule := "── value (" + what + ") "
	lines = append(lines, "", st.Subtle.Render(rule+strings.Repeat("─", max(w-len([]rune(rule)), 0))))
	var body []string
	switch {
	case d.kind == kit.ValueEmpty:
		body = []string{st.Subtle.Render("(empty)")}
	case d.hex:
		body = kit.HexDump(r.Value)
	case d.kind == kit.ValueJSON:
		body = kit.PrettyJSON(r.Value, st)
	default:
		for _, l := range strings.Split(string(r.Value), "\n") {
			body = append(body, kit.Sanitize(l))
		}
	}
	for _, l := range body {
		lines = append(lines, strings.Split(ansi.Hardwrap(l, w, true), "\n")...)
	}
	d.lines = lines
	d.scroll.SetN(len(lines))
}

// View renders the lines in the window.
func (d *TailRecord) View() string {
	start := d.scroll.Offset
	end := min(start+d.scroll.Height, len(d.lines))
	return kit.PadLines(strings.Join(d.lines[start:end], "\n"), max(d.width, 20), d.height)
}
