package tail

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// TailRecord is one record of a tail, opened with enter: where it is,
// its timestamp, key, headers and size, then its value, JSON indented
// and coloured, text wrapped, binary as a hex dump (h toggles the hex
// view for any value). c copies the value with OSC 52; ctrl+n and
// ctrl+p step to the next and previous record of the tail.
//
// The value's lines are rendered once per view (text or hex) and
// wrapped once per width: a resize to a width seen last reuses them, and
// only the current width's lines are kept, so memory does not grow with
// resizes. JSON nested deeper than kit.JSONMaxDepth or longer than
// kit.JSONMaxBytes is shown as text with a note.
type TailRecord struct {
	st   *theme.Styles
	rec  kafkaops.Record
	keys recordKeys
	kind kit.ValueKind
	hex  bool
	loc  *time.Location

	// bodies are the value's lines for the text view [0] and the hex
	// view, 16 bytes a line [1] or 8 on a narrow body [2], rendered on
	// first use; note says why JSON shows as text.
	bodies [3][]string
	widths [3][]int // each body line's width in cells
	note   string
	// renders counts value renderings (tests: once per view).
	renders int

	width, height int
	// lines are the wrapped lines for linesW and linesHex.
	lines    []string
	linesW   int
	linesHex bool
	scroll   kit.Scroller
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
		kind: detailKind(shownValue(&r)),
	}
	d.hex = d.kind == kit.ValueBinary
	d.SetSize(80, 24)
	return d
}

// detailKind classifies a value for the detail: as kit.Classify, but
// JSON is tried up to kit.JSONMaxBytes (rendering says when it is not).
func detailKind(v []byte) kit.ValueKind {
	k := kit.Classify(v)
	if k == kit.ValueText && len(v) <= kit.JSONMaxBytes && kit.LooksJSON(v) {
		return kit.ValueJSON
	}
	return k
}

// Init does nothing: the record is at hand.
func (d *TailRecord) Init() tea.Cmd { return nil }

// Update scrolls, copies, toggles the hex view and steps to the next or
// previous record.
func (d *TailRecord) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return d, d.key(msg)
	case tea.MouseWheelMsg:
		d.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	}
	return d, nil
}

// key handles a key press.
func (d *TailRecord) key(msg tea.KeyPressMsg) tea.Cmd {
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
		if d.hex {
			return kit.CopyValue(d.rec.Value)
		}
		return kit.CopyValue(shownValue(&d.rec))
	case kit.Matches(msg, d.keys.Hex):
		d.hex = !d.hex
		d.layout()
	case kit.Matches(msg, d.keys.Next):
		return d.step(1)
	case kit.Matches(msg, d.keys.Prev):
		return d.step(-1)
	case kit.Matches(msg, d.keys.Replay):
		return d.replay()
	case kit.Matches(msg, d.keys.Back), kit.Matches(msg, d.keys.Close):
		return kit.Pop()
	}
	return nil
}

// step asks the screen that opened the record for its neighbour: the
// root hands the message to every screen, and the tail that holds this
// record answers by opening the neighbour in place of this detail.
func (d *TailRecord) step(delta int) tea.Cmd {
	m := kit.RecordStepMsg{Topic: d.rec.Topic, Partition: d.rec.Partition, Offset: d.rec.Offset, Delta: delta}
	return func() tea.Msg { return m }
}

// Record returns the record shown.
func (d *TailRecord) Record() kafkaops.Record { return d.rec }

// Title names the screen: the record's partition and offset.
func (d *TailRecord) Title() string {
	return "p" + strconv.Itoa(d.rec.Partition) + " @ " + strconv.FormatInt(d.rec.Offset, 10)
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
	return []key.Binding{d.keys.Copy, h, d.keys.Replay, d.keys.Next, d.keys.Back}
}

// FullHelp lists every key; ctrl+n and ctrl+p each on its own line
// (the bottom line joins them as "ctrl+n/p").
func (d *TailRecord) FullHelp() [][]key.Binding {
	next := d.keys.Next
	next.SetHelp("ctrl+n", "next record")
	return [][]key.Binding{d.keys.list.Bindings(), {d.keys.Copy, d.keys.Hex, d.keys.Replay, next, d.keys.Prev, d.keys.Back}}
}

// layout wraps the record's lines for the width, unless they are wrapped
// for it already.
func (d *TailRecord) layout() {
	w := max(d.width, 20)
	if d.lines != nil && d.linesW == w && d.linesHex == d.hex {
		return
	}
	body := d.body()
	lines := d.header(w)
	lines = slices.Grow(lines, len(body))
	widths := d.widths[d.view()]
	for i, l := range body {
		if widths[i] <= w {
			lines = append(lines, l)
			continue
		}
		lines = append(lines, kit.WrapLine(l, w)...)
	}
	d.lines, d.linesW, d.linesHex = lines, w, d.hex
	d.scroll.SetN(len(lines))
}

// header renders the lines above the value for width w.
func (d *TailRecord) header(w int) []string {
	st, r := d.st, &d.rec
	lines := []string{st.Title.Render(kit.Sanitize(r.Topic)) + st.Subtle.Render(" · partition ") + strconv.Itoa(r.Partition) +
		st.Subtle.Render(" · offset ") + strconv.FormatInt(r.Offset, 10)}
	field := func(name, value string) {
		lines = append(lines, st.Subtle.Render(kit.Fit(name, 10, false))+" "+value)
	}
	ts := noStamp + st.Subtle.Render(" (no timestamp)")
	if hasStamp(r.Timestamp) {
		ts = r.Timestamp.In(d.loc).Format("2006-01-02 15:04:05.000 Z07:00") +
			st.Subtle.Render(" ("+strconv.FormatInt(r.Timestamp.UnixMilli(), 10)+" ms)")
	}
	field("timestamp", ts)
	switch k, kind := kit.Preview(shownKey(r)); {
	case r.Key == nil:
		field("key", st.Subtle.Render("(null)"))
	case kind == kit.ValueBinary:
		field("key", kit.HexString(r.Key)+st.Subtle.Render(" (hex)"))
	default:
		field("key", k)
	}
	field("size", d.sizeText())
	switch {
	case r.Decoded != nil:
		field("schema", kit.Sanitize(r.Schema))
	case r.DecodeErr != "":
		field("schema", st.Warning.Render("not decoded: "+kit.Sanitize(r.DecodeErr)))
	}
	if line, ok := keySchemaLine(r, st); ok {
		field("key schema", line)
	}
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
	d.body() // the kind shown in the rule depends on the rendering
	what := d.kind.String()
	if d.hex {
		what = "hex"
	}
	rule := "── value (" + what + ") "
	lines = append(lines, "", st.Subtle.Render(rule+strings.Repeat("─", max(w-len([]rune(rule)), 0))))
	if d.note != "" && !d.hex {
		lines = append(lines, st.Warning.Render(d.note))
	}
	return lines
}

// sizeText is the size field: value, key and headers.
func (d *TailRecord) sizeText() string {
	r := &d.rec
	hdrBytes := 0
	for _, h := range r.Headers {
		hdrBytes += len(h.Key) + len(h.Value)
	}
	what := d.kind.String()
	if r.Decoded != nil {
		what = "schema-encoded"
	}
	size := "value " + kit.PluralCount(int64(max(len(r.Value), r.ValueSize)), "byte") + " (" + what + ")"
	if r.Truncated() {
		size += " (first " + kit.PluralCount(int64(len(r.Value)), "byte") + " held)"
	}
	size += " · key " + kit.PluralCount(int64(len(r.Key)), "byte")
	if len(r.Headers) > 0 {
		size += " · headers " + kit.PluralCount(int64(hdrBytes), "byte")
	}
	return size
}

// body returns the value's lines for the current view, rendering them on
// first use.
func (d *TailRecord) body() []string {
	i := d.view()
	if d.bodies[i] == nil {
		body := d.renderBody()
		widths := make([]int, len(body))
		for j, l := range body {
			widths[j] = kit.LineWidth(l)
		}
		d.bodies[i], d.widths[i] = body, widths
		d.renders++
	}
	return d.bodies[i]
}

// view is the index of the current view's body: 0 text, 1 hex, 2 hex
// on a body narrower than 16 bytes' line.
func (d *TailRecord) view() int {
	switch {
	case !d.hex:
		return 0
	case max(d.width, 20) >= kit.HexDumpWidth:
		return 1
	}
	return 2
}

// renderBody renders the value's lines for the current view.
func (d *TailRecord) renderBody() []string {
	v := shownValue(&d.rec)
	switch {
	case d.kind == kit.ValueEmpty:
		return []string{d.st.Subtle.Render("(empty)")}
	case d.hex:
		return kit.HexDumpFor(d.rec.Value, max(d.width, 20))
	case d.kind == kit.ValueJSON:
		lines, note := kit.RenderJSON(v, d.st)
		if lines != nil {
			return lines
		}
		d.kind, d.note = kit.ValueText, "JSON "+note
	}
	var body []string
	for _, l := range strings.Split(string(v), "\n") {
		body = append(body, kit.SanitizeLine(l))
	}
	return body
}

// View renders the lines in the window.
func (d *TailRecord) View() string {
	start := d.scroll.Offset
	end := min(start+d.scroll.Height, len(d.lines))
	return kit.PadLines(strings.Join(d.lines[start:end], "\n"), max(d.width, 20), d.height)
}

// shownValue is what the detail's text view shows of r: the value decoded
// with its schema, else the value itself.
func shownValue(r *kafkaops.Record) []byte {
	if r.Decoded != nil {
		return r.Decoded
	}
	return r.Value
}
