package tail

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// TailFrameInterval is the shortest time between two deliveries of
// records to the tail view, and so between two of its redraws: about 60
// a second however fast records arrive.
const TailFrameInterval = time.Second / 60

// tailCoalesceMax bounds the records one delivery carries: beyond it a
// delivery goes out early rather than hold more memory (only the newest
// buffer-size records of it are kept anyway).
const tailCoalesceMax = 64 << 10

// TailOptions configures a tail view.
type TailOptions struct {
	// Topic is the topic to tail.
	Topic string
	// Args are the words after the topic, as kafkaops.ParseTailArgs reads them
	// ("beginning", "-5 partition 1"); empty means from the end, all
	// partitions. A word it cannot read is shown in the view, which then
	// waits for a start from its `f` prompt.
	Args string
	// Buffer is how many records the view keeps (DefaultTailBuffer when
	// not positive).
	Buffer int
	// ExportDir is where `e` writes; empty means the current directory,
	// or $TMPDIR when that is not writable.
	ExportDir string
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
	// Location is the time zone timestamps are shown in; nil means local.
	Location *time.Location
	// StopAtEnd reads what the topic holds and stops (benchmarks; see
	// kafkaops.TailRequest.StopAtEnd).
	StopAtEnd bool
}

// TailStats are a tail view's counters, for benchmarks and tests.
type TailStats struct {
	// Received counts every record taken in, Dropped those pushed out of
	// the buffer; Held is how many the buffer holds.
	Received, Dropped uint64
	Held              int
	// Deliveries counts the coalesced deliveries of records (each one
	// redraw at most).
	Deliveries int
	// Ended says the stream ended (with StopAtEnd: everything was read).
	Ended bool
}

// Stats returns the view's counters.
func (t *Tail) Stats() TailStats {
	return TailStats{Received: t.buf.Received(), Dropped: t.buf.Dropped(), Held: t.buf.Len(),
		Deliveries: t.deliveries, Ended: t.state == tailEnded}
}

// tailStartedMsg says whether Service.Tail started; ch is its stream.
type tailStartedMsg struct {
	id  uint64
	ch  <-chan kafkaops.TailBatch
	err error
}

// tailBatchMsg carries every batch that arrived since the last delivery;
// closed says the stream ended after them.
type tailBatchMsg struct {
	id      uint64
	batches []kafkaops.TailBatch
	closed  bool
	at      time.Time
}

// tailTickMsg updates the rate once a second.
type tailTickMsg struct{ id uint64 }

// tailState is where the stream is.
type tailState int

const (
	tailStarting tailState = iota
	tailLive
	tailReconnecting
	tailEnded
	tailBadStart // the start words could not be read: nothing runs
)

// rowCells are a record's key and value previews, kept per record
// (by sequence number) so a frame formats only records it has not shown
// before.
type rowCells struct {
	key, value string
}

// Tail is the live tail of a topic: records of every partition as they
// arrive, newest at the bottom, following like `tail -f` until the
// cursor moves up. It pauses, filters, restarts from another position,
// exports and opens a record. Records arrive from Service.Tail through
// waitForBatch, coalesced so the view redraws at most about 60 times a
// second; they go into a bounded TailBuffer and only visible rows are
// formatted.
type Tail struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	opts TailOptions
	keys tailKeys

	width, height int

	from     kafkaops.TailFrom
	fromErr  error
	streamID uint64
	cancel   context.CancelFunc
	ch       <-chan kafkaops.TailBatch
	lastAt   time.Time
	state    tailState
	err      error

	buf *TailBuffer
	// matches holds the sequence numbers of the held records that pass
	// the filter, oldest first (filter set only).
	matches []uint64
	filter  *kafkaops.Filter

	follow bool
	paused bool
	// frozen is what a paused view shows: its records and their
	// sequence numbers, copied when the pause began.
	frozen    []kafkaops.Record
	frozenSeq []uint64
	scroll    kit.Scroller

	tickID       uint64
	rate         float64
	lastReceived uint64
	lastTick     time.Time

	input     kit.LineInput
	filtering bool
	prompting bool
	inputErr  string

	cells    map[uint64]rowCells
	offsetW  int
	keyW     int
	maxPart  int
	exportID uint64

	deliveries int
}

var _ kit.Screen = (*Tail)(nil)

// NewTail returns the tail view for opts.Topic; Init starts the stream.
func NewTail(svc kafkaops.Service, st *theme.Styles, opts TailOptions) *Tail {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	t := &Tail{
		svc:     svc,
		st:      st,
		opts:    opts,
		keys:    newTailKeys(),
		buf:     NewTailBuffer(opts.Buffer),
		follow:  true,
		cells:   map[uint64]rowCells{},
		offsetW: 6,
	}
	t.from, t.fromErr = kafkaops.ParseTailArgs(strings.Fields(opts.Args))
	if t.fromErr != nil {
		t.state = tailBadStart
	}
	t.SetSize(80, 24)
	return t
}

// Init starts the tail and the rate ticker.
func (t *Tail) Init() tea.Cmd {
	if t.fromErr != nil {
		return kit.Status("tail: "+t.fromErr.Error(), true)
	}
	return tea.Batch(t.startCmd(), t.tick())
}

// startCmd cancels the running stream, if any, and returns the command
// that starts a new one from t.from.
func (t *Tail) startCmd() tea.Cmd {
	t.stop()
	t.streamID = kit.NextID()
	t.state = tailStarting
	t.err = nil
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	id, svc, req := t.streamID, t.svc, t.from.Request(t.opts.Topic, t.opts.Now())
	req.StopAtEnd = t.opts.StopAtEnd
	return func() tea.Msg {
		ch, err := svc.Tail(ctx, req)
		return tailStartedMsg{id: id, ch: ch, err: err}
	}
}

// stop cancels the stream; its goroutines end and close the channel.
func (t *Tail) stop() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	t.ch = nil
}

// Close stops the stream when the view leaves the stack.
func (t *Tail) Close() { t.stop() }

// waitForBatch waits for the next batch on ch, then keeps reading until
// TailFrameInterval has passed since the previous delivery (last), so
// that a flood arrives as at most about 60 messages a second while a
// trickle arrives at once. Whatever is already queued is drained
// without waiting. It is re-armed after every delivery.
func waitForBatch(id uint64, ch <-chan kafkaops.TailBatch, last time.Time) tea.Cmd {
	return func() tea.Msg {
		b, ok := <-ch
		msg := tailBatchMsg{id: id}
		if !ok {
			msg.closed, msg.at = true, time.Now()
			return msg
		}
		msg.batches = append(msg.batches, b)
		n := len(b.Records)
		deadline := last.Add(TailFrameInterval)
		var timer *time.Timer
		defer func() {
			if timer != nil {
				timer.Stop()
			}
		}()
		for n < tailCoalesceMax {
			select {
			case b, ok := <-ch:
				if !ok {
					msg.closed = true
					msg.at = time.Now()
					return msg
				}
				msg.batches = append(msg.batches, b)
				n += len(b.Records)
				continue
			default:
			}
			wait := time.Until(deadline)
			if wait <= 0 {
				break
			}
			if timer == nil {
				timer = time.NewTimer(wait)
			}
			select {
			case b, ok := <-ch:
				if !ok {
					msg.closed = true
					msg.at = time.Now()
					return msg
				}
				msg.batches = append(msg.batches, b)
				n += len(b.Records)
			case <-timer.C:
				deadline = time.Time{}
			}
		}
		msg.at = time.Now()
		return msg
	}
}

func (t *Tail) tick() tea.Cmd {
	t.tickID = kit.NextID()
	id := t.tickID
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tailTickMsg{id: id} })
}

// tailRowsTop is the body line of the first row: the title line and the
// column headings come first.
const tailRowsTop = 2

// Update handles the stream, the rate ticker, keys and the mouse.
func (t *Tail) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tailStartedMsg:
		if msg.id != t.streamID {
			return t, nil
		}
		if msg.err != nil {
			t.state, t.err = tailEnded, msg.err
			t.stop()
			return t, kit.Status("tail: "+kafkaops.Describe(msg.err), true)
		}
		t.ch, t.state = msg.ch, tailLive
		return t, waitForBatch(t.streamID, t.ch, t.lastAt)
	case tailBatchMsg:
		if msg.id != t.streamID {
			return t, nil
		}
		return t, t.handleBatch(msg)
	case tailTickMsg:
		if msg.id != t.tickID {
			return t, nil
		}
		t.updateRate()
		return t, t.tick()
	case tailExportedMsg:
		if msg.id != t.exportID {
			return t, nil
		}
		return t, msg.status()
	case tea.PasteMsg:
		if t.filtering || t.prompting {
			t.input.Update(msg)
			t.inputErr = ""
			if t.filtering {
				return t, t.liveFilter()
			}
		}
		return t, nil
	case tea.KeyPressMsg:
		switch {
		case t.filtering:
			return t, t.filterKey(msg)
		case t.prompting:
			return t, t.promptKey(msg)
		}
		return t, t.key(msg)
	case tea.MouseWheelMsg:
		if d := kit.WheelDelta(tea.Mouse(msg)); d != 0 {
			t.scrollBy(d)
		}
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			if row := msg.Y - tailRowsTop; row >= 0 && row < t.scroll.Height {
				start, end := t.scroll.Window()
				if i := start + row; i < end {
					t.follow = t.follow && i == t.scroll.N-1
					t.scroll.MoveTo(i)
				}
			}
		}
	}
	return t, nil
}

// handleBatch takes in a delivery: records into the buffer, stream
// state changes, the end of the stream.
func (t *Tail) handleBatch(msg tailBatchMsg) tea.Cmd {
	t.lastAt = msg.at
	t.deliveries++
	var cmds []tea.Cmd
	for _, b := range msg.batches {
		if len(b.Records) > 0 {
			t.push(b.Records)
		}
		switch {
		case b.Err != nil:
			t.state, t.err = tailEnded, b.Err
			cmds = append(cmds, kit.Status("tail: "+kafkaops.Describe(b.Err), true))
		case b.Reconnecting:
			t.state = tailReconnecting
		case b.Reconnected:
			t.state = tailLive
			cmds = append(cmds, kit.Status("tail: reconnected, resuming where it stopped", false))
		}
	}
	if msg.closed {
		if t.state != tailEnded {
			t.state = tailEnded
		}
		t.stop()
		return tea.Batch(cmds...)
	}
	cmds = append(cmds, waitForBatch(t.streamID, t.ch, t.lastAt))
	return tea.Batch(cmds...)
}

// base is the sequence number of the oldest record held: the record at
// buffer index i has sequence number base()+i.
func (t *Tail) base() uint64 { return t.buf.Received() - uint64(t.buf.Len()) }

// push adds records to the buffer and the filter's matches, and keeps a
// scrolled-up (or paused) view on the same records.
func (t *Tail) push(recs []kafkaops.Record) {
	before := t.base()
	prevEnd := t.buf.Received()
	t.buf.Push(recs)
	base := t.base()
	for i := range recs {
		if recs[i].Partition > t.maxPart {
			t.maxPart = recs[i].Partition
		}
	}
	if last := recs[len(recs)-1].Offset; last > 0 {
		t.offsetW = max(t.offsetW, len(strconv.FormatInt(last, 10)))
	}
	front := int(base - before)
	if t.filter != nil {
		for seq := max(prevEnd, base); seq < t.buf.Received(); seq++ {
			if t.filter.Match(t.buf.At(int(seq - base))) {
				t.matches = append(t.matches, seq)
			}
		}
		front = sort.Search(len(t.matches), func(i int) bool { return t.matches[i] >= base })
		if front > 0 {
			t.matches = t.matches[front:]
			if cap(t.matches) > 4*len(t.matches)+1024 {
				t.matches = append([]uint64(nil), t.matches...)
			}
		}
	}
	if t.paused {
		return
	}
	t.shift(front)
}

// shift keeps the view on the same records after front rows left the
// start of the list, or at the newest when following.
func (t *Tail) shift(front int) {
	n := t.liveLen()
	if t.follow {
		t.scroll.SetN(n)
		t.scroll.MoveTo(n - 1)
		return
	}
	t.scroll.Cursor -= front
	t.scroll.Offset -= front
	if t.scroll.Offset < 0 {
		t.scroll.Offset = 0
	}
	t.scroll.SetN(n)
}

// liveLen is how many records the live (not frozen) list shows.
func (t *Tail) liveLen() int {
	if t.filter != nil {
		return len(t.matches)
	}
	return t.buf.Len()
}

// shownLen is how many rows the list has now.
func (t *Tail) shownLen() int {
	if t.paused {
		return len(t.frozen)
	}
	return t.liveLen()
}

// shownAt returns row i's record and its sequence number.
func (t *Tail) shownAt(i int) (*kafkaops.Record, uint64) {
	if t.paused {
		return &t.frozen[i], t.frozenSeq[i]
	}
	if t.filter != nil {
		seq := t.matches[i]
		return t.buf.At(int(seq - t.base())), seq
	}
	return t.buf.At(i), t.base() + uint64(i)
}

// selected returns the record under the cursor.
func (t *Tail) selected() (*kafkaops.Record, bool) {
	if t.scroll.N == 0 || t.scroll.Cursor >= t.shownLen() {
		return nil, false
	}
	r, _ := t.shownAt(t.scroll.Cursor)
	return r, true
}

// updateRate turns the records received in the last tick into a rate.
func (t *Tail) updateRate() {
	now := t.opts.Now()
	got := t.buf.Received()
	if !t.lastTick.IsZero() {
		if dt := now.Sub(t.lastTick).Seconds(); dt > 0 {
			t.rate = float64(got-t.lastReceived) / dt
		}
	}
	t.lastTick, t.lastReceived = now, got
}

// key handles a key while the list has focus.
func (t *Tail) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.keys
	switch {
	case kit.Matches(msg, k.Up):
		t.unfollow()
		t.scroll.Move(-1)
	case kit.Matches(msg, k.Down):
		t.scroll.Move(1)
	case kit.Matches(msg, k.PageUp):
		t.unfollow()
		t.scroll.Page(-1)
	case kit.Matches(msg, k.PageDown):
		t.scroll.Page(1)
	case kit.Matches(msg, k.Home):
		t.unfollow()
		t.scroll.MoveTo(0)
	case kit.Matches(msg, k.End):
		t.follow = true
		t.scroll.MoveTo(t.scroll.N - 1)
	case kit.Matches(msg, k.Pause):
		t.togglePause()
	case kit.Matches(msg, k.Open):
		r, ok := t.selected()
		if !ok {
			return kit.Status("no record to open yet", false)
		}
		rec := *r
		return kit.Navigate(kit.Route{Kind: kit.RouteRecord, Record: &rec})
	case kit.Matches(msg, k.Copy):
		r, ok := t.selected()
		if !ok {
			return kit.Status("no record to copy yet", false)
		}
		return kit.CopyValue(r.Value)
	case kit.Matches(msg, k.Filter):
		t.filtering, t.inputErr = true, ""
		if t.filter != nil {
			t.input.SetValue(t.filter.Text())
		} else {
			t.input.SetValue("")
		}
	case kit.Matches(msg, k.From):
		t.prompting, t.inputErr = true, ""
		t.input.SetValue(t.from.Words())
	case kit.Matches(msg, k.Clear):
		t.clear()
		return kit.Status("tail: buffer cleared", false)
	case kit.Matches(msg, k.Export):
		return t.export()
	case kit.Matches(msg, k.Back):
		if t.filter != nil {
			t.setFilter(nil)
			return nil
		}
		return kit.Pop()
	}
	return nil
}

// unfollow stops following: the view holds still as records arrive.
func (t *Tail) unfollow() { t.follow = false }

// scrollBy scrolls the window (mouse wheel); up stops following.
func (t *Tail) scrollBy(d int) {
	if d < 0 {
		t.unfollow()
	}
	t.scroll.Scroll(d)
}

// togglePause freezes what the view shows, or goes back to the live
// list, on the same record when not following.
func (t *Tail) togglePause() {
	if !t.paused {
		n := t.liveLen()
		t.frozen = make([]kafkaops.Record, n)
		t.frozenSeq = make([]uint64, n)
		for i := 0; i < n; i++ {
			r, seq := t.shownAt(i)
			t.frozen[i], t.frozenSeq[i] = *r, seq
		}
		t.paused = true
		return
	}
	var cur uint64
	hadCur := t.scroll.N > 0 && t.scroll.Cursor < len(t.frozenSeq)
	if hadCur {
		cur = t.frozenSeq[t.scroll.Cursor]
	}
	t.paused, t.frozen, t.frozenSeq = false, nil, nil
	t.restore(cur, hadCur)
}

// restore lays the live list out again after a pause, a filter change or
// a clear, with the cursor on record seq (or the nearest after it).
func (t *Tail) restore(seq uint64, has bool) {
	n := t.liveLen()
	t.scroll.SetN(n)
	if t.follow || !has {
		t.scroll.MoveTo(n - 1)
		return
	}
	var i int
	if t.filter != nil {
		i = sort.Search(len(t.matches), func(i int) bool { return t.matches[i] >= seq })
	} else if seq > t.base() {
		i = int(seq - t.base())
	}
	t.scroll.MoveTo(min(i, n-1))
}

// clear empties the buffer (x); the counters keep counting.
func (t *Tail) clear() {
	t.buf.Clear()
	t.matches = t.matches[:0]
	t.frozen, t.frozenSeq = nil, nil
	t.cells = map[uint64]rowCells{}
	t.follow = true
	t.scroll.SetN(0)
}

// setFilter applies f (nil: none) to the buffer, keeping the cursor
// on the same record when it still shows.
func (t *Tail) setFilter(f *kafkaops.Filter) {
	var cur uint64
	r, has := t.selected()
	if has {
		_, cur = t.shownAt(t.scroll.Cursor)
	}
	_ = r
	t.filter = f
	t.matches = t.matches[:0]
	if f != nil {
		base := t.base()
		for i := 0; i < t.buf.Len(); i++ {
			if f.Match(t.buf.At(i)) {
				t.matches = append(t.matches, base+uint64(i))
			}
		}
	}
	if t.paused {
		// The frozen list follows the filter too: pause again on it.
		t.paused = false
		t.frozen, t.frozenSeq = nil, nil
		t.restore(cur, has)
		t.togglePause()
		return
	}
	t.restore(cur, has)
}

// liveFilter applies the filter as it is typed; a regular expression
// that does not compile yet leaves the last good filter in place.
func (t *Tail) liveFilter() tea.Cmd {
	f, err := kafkaops.ParseFilter(t.input.Value())
	if err != nil {
		t.inputErr = err.Error()
		return nil
	}
	t.inputErr = ""
	t.setFilter(f)
	return nil
}

// filterKey handles a key while the filter input has focus.
func (t *Tail) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, t.keys.Apply):
		if t.inputErr != "" {
			return kit.Status("filter: "+t.inputErr, true)
		}
		t.filtering = false
		return nil
	case kit.Matches(msg, t.keys.ClearFilter):
		t.filtering, t.inputErr = false, ""
		t.input.SetValue("")
		t.setFilter(nil)
		return nil
	}
	if t.input.Update(msg) {
		return t.liveFilter()
	}
	return nil
}

// promptKey handles a key while the `f` (from) prompt has focus.
func (t *Tail) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, t.keys.Apply):
		from, err := kafkaops.ParseTailArgs(strings.Fields(t.input.Value()))
		if err != nil {
			t.inputErr = err.Error()
			return kit.Status("tail: "+err.Error(), true)
		}
		t.prompting, t.inputErr = false, ""
		t.from, t.fromErr = from, nil
		t.clear()
		cmds := []tea.Cmd{t.startCmd(), kit.Status("tail: restarted, "+from.String(), false)}
		if t.tickID == 0 {
			cmds = append(cmds, t.tick())
		}
		return tea.Batch(cmds...)
	case kit.Matches(msg, t.keys.Cancel):
		t.prompting, t.inputErr = false, ""
		return nil
	}
	if t.input.Update(msg) {
		t.inputErr = ""
	}
	return nil
}

// HandlesEsc reports whether esc clears the filter rather than leaving.
func (t *Tail) HandlesEsc() bool { return t.filter != nil }

// Capturing reports whether the filter or the from prompt has focus.
func (t *Tail) Capturing() bool { return t.filtering || t.prompting }

// Title names the screen.
func (t *Tail) Title() string { return "tail " + kit.Sanitize(t.opts.Topic) }

// SetSize sets the body size; the rows get what the title, headings and
// status bar leave.
func (t *Tail) SetSize(width, height int) {
	if width != t.width {
		t.cells = map[uint64]rowCells{}
	}
	t.width, t.height = width, height
	t.scroll.SetHeight(height - tailRowsTop - 1)
	if t.follow {
		t.scroll.MoveTo(t.scroll.N - 1)
	}
}

// ShortHelp lists the keys for the bottom line.
func (t *Tail) ShortHelp() []key.Binding {
	k := t.keys
	switch {
	case t.filtering:
		return []key.Binding{k.Apply, k.ClearFilter}
	case t.prompting:
		return []key.Binding{k.Apply, k.Cancel}
	}
	pause := k.Pause
	if t.paused {
		pause.SetHelp("space", "resume")
	}
	end := k.End
	if t.follow {
		end = k.Up
		end.SetHelp("↑", "scroll back")
	}
	return []key.Binding{pause, k.Open, k.Filter, end, k.From, k.Export, k.Clear}
}

// FullHelp lists every key.
func (t *Tail) FullHelp() [][]key.Binding {
	k := t.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Pause, k.Open, k.Copy, k.Filter, k.From},
		{k.Export, k.Clear, k.Back},
	}
}

// View renders the title line, the column headings, the visible rows
// and the status bar. Only the rows in the window are formatted.
func (t *Tail) View() string {
	st := t.st
	w := max(t.width, 20)
	lines := make([]string, 0, t.height)
	lines = append(lines, t.titleLine(w))

	n := t.shownLen()
	if t.scroll.N != n {
		t.scroll.SetN(n)
	}
	start, end := t.scroll.Window()
	// Previews first: the key column's width depends on them.
	type shownRow struct {
		r *kafkaops.Record
		c rowCells
	}
	rows := make([]shownRow, 0, end-start)
	for i := start; i < end; i++ {
		r, seq := t.shownAt(i)
		rows = append(rows, shownRow{r, t.rowCells(r, seq)})
	}
	cols := t.columns(w)
	ws := kit.Layout(cols, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, cols, ws, -1, ""))
	if n == 0 {
		lines = append(lines, "")
		for _, l := range strings.Split(t.emptyText(), "\n") {
			lines = append(lines, st.Subtle.Render(kit.Truncate("  "+l, w)))
		}
	}
	cells := make([]string, len(cols))
	wide := ws[0] >= 23
	for j, row := range rows {
		cells[0] = formatStamp(row.r.Timestamp, t.opts.Location, wide)
		cells[1] = strconv.Itoa(row.r.Partition)
		cells[2] = strconv.FormatInt(row.r.Offset, 10)
		cells[3] = row.c.key
		cells[4] = row.c.value
		lines = append(lines, kit.RowLine(cells, cols, ws, start+j == t.scroll.Cursor, st.Selected))
	}
	body := kit.PadLines(strings.Join(lines, "\n"), w, max(t.height-1, 1))
	return body + "\n" + t.statusLine(w)
}

// rowCells returns the record's key and value previews, from the cache
// when the record was shown before.
func (t *Tail) rowCells(r *kafkaops.Record, seq uint64) rowCells {
	if c, ok := t.cells[seq]; ok {
		return c
	}
	if len(t.cells) > 8*max(t.scroll.Height, 16) {
		t.cells = map[uint64]rowCells{}
	}
	var c rowCells
	c.key, _ = kit.Preview(r.Key)
	t.keyW = max(t.keyW, lipgloss.Width(c.key))
	c.value, _ = kit.Preview(r.Value)
	if len(r.Headers) > 0 && c.value == "" {
		c.value = "(no value)"
	}
	t.cells[seq] = c
	return c
}

// formatStamp renders a record timestamp in local time, with the date
// when wide; noStamp when there is none.
func formatStamp(ts time.Time, loc *time.Location, wide bool) string {
	if !hasStamp(ts) {
		return noStamp
	}
	if wide {
		return ts.In(loc).Format("2006-01-02 15:04:05.000")
	}
	return ts.In(loc).Format("15:04:05.000")
}

// columns lays the row out for a body w cells wide: the time with the
// date when there is room, the key a sixth of the line.
func (t *Tail) columns(w int) []kit.Column {
	stamp := 12
	if w >= 120 {
		stamp = 23
	}
	part := max(len(strconv.Itoa(t.maxPart)), 1)
	// The key column grows to the widest key shown so far, up to a
	// sixth of the line.
	keyW := min(max(t.keyW, 3), max(w/6, 8), 32)
	return []kit.Column{
		{Title: "TIME", Width: stamp},
		{Title: "P", Width: part, Right: true},
		{Title: "OFFSET", Width: t.offsetW, Right: true},
		{Title: "KEY", Width: keyW},
		{Title: "VALUE", Width: 10, Flex: true},
	}
}

// titleLine is the first body line: the topic, where the tail started,
// and the input when filtering or choosing a start.
func (t *Tail) titleLine(w int) string {
	st := t.st
	left := st.Title.Render(kit.Truncate(t.Title(), max(w/2, 10))) + st.Subtle.Render(" · "+t.from.String())
	switch {
	case t.filtering:
		left = st.Title.Render(t.Title()) + "  " + st.Accent.Render("/") + t.input.View(st.InputFocus, true)
	case t.prompting:
		left = st.Title.Render(t.Title()) + "  " + st.Accent.Render("from: ") + t.input.View(st.InputFocus, true)
	}
	var right string
	switch {
	case t.prompting:
		right = st.Subtle.Render("end · beginning · -N · @OFFSET · 10m · RFC 3339 · partition N")
	case t.filtering:
		right = st.Subtle.Render("text · re:EXPR · field=value")
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if right == "" || gap < 2 {
		return kit.Truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// statusLine is the last body line: counters, rate, buffer, state.
func (t *Tail) statusLine(w int) string {
	st := t.st
	if (t.filtering || t.prompting) && t.inputErr != "" {
		return st.Error.Render(kit.Truncate(kit.Sanitize(t.inputErr), w))
	}
	shown := t.shownLen()
	parts := []string{
		"received " + kit.FormatCount(int64(t.buf.Received())),
		formatRate(t.rate),
		"shown " + kit.FormatCount(int64(shown)) + "/" + kit.FormatCount(int64(t.buf.Cap())),
	}
	if d := t.buf.Dropped(); d > 0 {
		parts = append(parts, "dropped "+kit.FormatCount(int64(d)))
	}
	if t.filter != nil {
		parts = append(parts, "filter "+kit.Sanitize(t.filter.Describe()))
	}
	left := st.Status.Render(strings.Join(parts, " · "))

	var state string
	switch {
	case t.state == tailReconnecting:
		state = st.Warning.Render("reconnecting…")
	case t.state == tailEnded && t.err != nil:
		state = st.Error.Render("stopped")
	case t.state == tailEnded:
		state = st.Subtle.Render("ended")
	case t.state == tailStarting:
		state = st.Subtle.Render("starting…")
	case t.state == tailBadStart:
		state = st.Error.Render("no start")
	}
	var mode string
	switch {
	case t.paused:
		mode = st.Warning.Render("PAUSED")
	case t.follow:
		mode = st.OK.Render("following")
	default:
		mode = st.Accent.Render("scrolled (G follows)")
	}
	right := mode
	if state != "" {
		right = state + st.Subtle.Render(" · ") + mode
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		// Narrow: the state first, then as many counters as fit.
		return kit.Truncate(right+"  "+left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// formatRate renders records a second.
func formatRate(r float64) string {
	switch {
	case r >= 10_000:
		return kit.FormatCount(int64(r+0.5)) + "/s"
	case r >= 10 || r == 0:
		return strconv.FormatFloat(r, 'f', 0, 64) + "/s"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "/s"
}

// emptyText says why no row shows.
func (t *Tail) emptyText() string {
	topic := kit.Sanitize(t.opts.Topic)
	switch {
	case t.state == tailBadStart:
		return "Press f to choose a start; this one cannot be read:\n" + kit.Sanitize(t.fromErr.Error())
	case t.state == tailEnded && t.err != nil:
		return "The tail stopped; press f to start again.\n" + kit.Sanitize(kafkaops.Describe(t.err))
	case t.filter != nil && t.buf.Len() > 0:
		return "No record held matches the filter; new ones that do will show here."
	case t.state == tailStarting:
		return "Starting the tail of " + topic + "…"
	case t.state == tailEnded:
		return "The tail ended."
	case t.from.Start == kafkaops.StartEnd:
		return "Waiting for new records on " + topic + "…"
	}
	return "No records yet on " + topic + "; waiting for new ones…"
}

// export writes what the list shows (the buffer, or what matches the
// filter) to a JSON-lines file in a command.
func (t *Tail) export() tea.Cmd {
	n := t.shownLen()
	if n == 0 {
		return kit.Status("export: nothing to export yet", false)
	}
	recs := make([]kafkaops.Record, n)
	for i := range recs {
		r, _ := t.shownAt(i)
		recs[i] = *r
	}
	var cmd tea.Cmd
	t.exportID, cmd = exportRecords(&t.Asker, t.opts.ExportDir, t.opts.Topic, t.opts.Now(), recs)
	return cmd
}
