package tail

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

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
	// BufferBytes is how many bytes of records the view keeps
	// (DefaultTailBytes when not positive; see RecordBytes).
	BufferBytes int64
	// ValueMax is how much of a value the view keeps (DefaultValueMax
	// when not positive); the record detail fetches the whole record.
	ValueMax int
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
	// Decoder decodes schema-encoded values (nil: none are); it is
	// called off the UI goroutine only.
	Decoder kafkaops.Decoder
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
	// Read counts the records read since the stream last started,
	// including those a backfill holds until the catch-up, which
	// Received counts only then: what the status line says.
	Read uint64
}

// Stats returns the view's counters.
func (t *Tail) Stats() TailStats {
	buf := t.list.buf
	return TailStats{Received: buf.Received(), Dropped: buf.Dropped(), Held: buf.Len(),
		Deliveries: t.stream.deliveries, Ended: t.stream.state == tailEnded, Read: t.received()}
}

// Tail is the live tail of a topic: records of every partition as they
// arrive, newest at the bottom, following like `tail -f` until the
// cursor moves up. It pauses, filters, restarts from another position,
// exports and opens a record. Records arrive from Service.Tail through
// waitForBatch, coalesced so the view redraws at most about 60 times a
// second; they go into a bounded TailBuffer and only visible rows are
// formatted.
//
// Tail composes one small type per concern: the stream, the record list
// (buffer, filter, pause), the viewport (scroll and follow), the row
// format, the rate and the line input. Its own methods coordinate them.
// The stream's, the ticker's and the export's messages are addressed to
// this tail (kit.Asker), so no other screen sees them.
type Tail struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	opts TailOptions
	keys tailKeys

	stream stream
	list   recordList
	view   viewport
	rows   rowFormat
	rate   rateMeter
	mode   inputMode
	fill   backfill
	redec  kit.Redecoder

	// startReceived is the received count when the stream last started:
	// the status line counts from it.
	startReceived uint64
	// earlier is how many records the topic held when a tail from the
	// end started (-1: not known), for the empty list's hint.
	earlier   int64
	earlierID uint64

	exportID uint64
	openID   uint64
	// replacing says the record being fetched replaces the detail in
	// front (ctrl+n, ctrl+p) rather than opening on top of the tail.
	replacing bool
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
		stream:  newStream(opts.Args, opts.Decoder),
		list:    newRecordList(opts.Buffer, opts.BufferBytes),
		earlier: -1,
		view:    viewport{follow: true},
		rows:    newRowFormat(),
	}
	t.SetSize(80, 24)
	return t
}

// Init starts the tail and the rate ticker.
func (t *Tail) Init() tea.Cmd {
	if t.stream.fromErr != nil {
		return kit.Status("tail: "+t.stream.fromErr.Error(), true)
	}
	return tea.Batch(t.start(), t.countEarlier(), t.tick())
}

// start (re)starts the stream from its start position. A start before
// the end reads a backfill, merged by time once caught up.
func (t *Tail) start() tea.Cmd {
	req := t.stream.from.Request(t.opts.Topic, t.opts.Now())
	req.StopAtEnd = t.opts.StopAtEnd
	req.MaxValueBytes = t.valueMax()
	t.startReceived = t.list.buf.Received()
	t.rate.restart(t.opts.Now(), t.startReceived)
	t.fill = backfill{}
	t.earlier = -1
	if req.Start != kafkaops.StartEnd {
		req.NotifyCaughtUp = true
		t.fill.begin(t.list.buf.Cap(), t.list.buf.Budget())
	}
	return t.Send(t.stream.start(t.svc, req))
}

// valueMax is how much of a value the ring keeps.
func (t *Tail) valueMax() int {
	if t.opts.ValueMax > 0 {
		return t.opts.ValueMax
	}
	return DefaultValueMax
}

// tick arms the rate ticker.
func (t *Tail) tick() tea.Cmd { return t.Send(t.rate.tick()) }

// Close stops the stream when the view leaves the stack.
func (t *Tail) Close() { t.stream.stop() }

// Update handles the stream, the rate ticker, keys and the mouse, then
// makes the next frame ready (see layout).
func (t *Tail) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	cmd := t.update(msg)
	t.layout()
	return t, cmd
}

// update handles one message.
func (t *Tail) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tailStartedMsg:
		if msg.id != t.stream.id {
			return nil
		}
		if err := t.stream.started(msg); err != nil {
			return kit.Status(tailError(err), true)
		}
		return t.Send(t.stream.next())
	case tailBatchMsg:
		if msg.id != t.stream.id {
			return nil
		}
		return t.handleBatch(msg)
	case tailTickMsg:
		if msg.id != t.rate.tickID {
			return nil
		}
		t.updateRate()
		return tea.Batch(t.tick(), t.redecode())
	case kit.RedecodedMsg:
		t.redecoded(msg)
	case tailExportedMsg:
		if msg.id != t.exportID {
			return nil
		}
		return msg.status(t.view.width)
	case earlierMsg:
		if msg.id == t.earlierID && msg.err == nil {
			t.earlier = msg.n
		}
	case recordFetchedMsg:
		return t.fetched(msg)
	case kit.RecordStepMsg:
		return t.step(msg)
	case tea.PasteMsg:
		return t.paste(msg)
	case tea.KeyPressMsg:
		switch {
		case t.mode.filtering():
			return t.filterKey(msg)
		case t.mode.prompting():
			return t.promptKey(msg)
		}
		return t.key(msg)
	case tea.MouseWheelMsg:
		if d := kit.WheelDelta(tea.Mouse(msg)); d != 0 {
			t.view.scrollBy(d)
		}
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			t.view.click(msg.Y)
		}
	}
	return nil
}

// layout makes the frame View draws ready: the window on as many rows as
// the list has, and the previews (and so the key column's width) of the
// rows in it. Update and SetSize end with it, so View changes nothing.
func (t *Tail) layout() {
	if n := t.list.shownLen(); t.view.scroll.N != n {
		t.view.scroll.SetN(n)
	}
	limit := 8 * max(t.view.scroll.Height, 16)
	start, end := t.view.scroll.Window()
	for i := start; i < end; i++ {
		r, seq := t.list.shownAt(i)
		t.rows.prepare(r, seq, limit)
	}
}

// handleBatch takes in a delivery: records into the list, stream state
// changes, the end of the stream; while the stream runs it waits for the
// next delivery.
func (t *Tail) handleBatch(msg tailBatchMsg) tea.Cmd {
	t.stream.delivered(msg.at)
	var cmds []tea.Cmd
	for _, b := range msg.batches {
		switch {
		case len(b.Records) > 0 && t.fill.active:
			t.fill.add(b.Records)
		case len(b.Records) > 0:
			t.push(b.Records)
		}
		if b.CaughtUp || b.Err != nil {
			t.endBackfill()
		}
		cmds = append(cmds, t.stream.take(b))
	}
	if msg.closed {
		t.endBackfill()
		t.stream.end()
		return tea.Batch(cmds...)
	}
	cmds = append(cmds, t.Send(t.stream.next()))
	return tea.Batch(cmds...)
}

// endBackfill hands the backfill's records, merged by time, to the list;
// what follows is live.
func (t *Tail) endBackfill() {
	if !t.fill.active {
		return
	}
	recs, cut := t.fill.finish()
	t.list.buf.Discard(cut)
	if len(recs) > 0 {
		t.push(recs)
	}
}

// push adds records to the list and keeps a scrolled-up (or paused) view
// on the same records.
func (t *Tail) push(recs []kafkaops.Record) {
	t.rows.note(recs)
	t.redec.Note(recs, t.list.buf.Received())
	front := t.list.push(recs)
	if !t.list.paused {
		t.view.shift(front, t.list.liveLen())
	}
}

// selected returns the record under the cursor.
func (t *Tail) selected() (*kafkaops.Record, bool) {
	r, _, ok := t.cursorRecord()
	return r, ok
}

// cursorRecord returns the record under the cursor and its sequence
// number.
func (t *Tail) cursorRecord() (*kafkaops.Record, uint64, bool) {
	if t.view.scroll.N == 0 || t.view.scroll.Cursor >= t.list.shownLen() {
		return nil, 0, false
	}
	r, seq := t.list.shownAt(t.view.scroll.Cursor)
	return r, seq, true
}

// updateRate turns the records received in the last tick into a rate.
func (t *Tail) updateRate() { t.rate.update(t.opts.Now(), t.list.buf.Received()) }

// key handles a key while the list has focus.
func (t *Tail) key(msg tea.KeyPressMsg) tea.Cmd {
	k := &t.keys
	if t.view.move(msg, k.ListKeys) {
		return nil
	}
	switch {
	case kit.Matches(msg, k.Pause):
		t.togglePause()
	case kit.Matches(msg, k.Open):
		r, ok := t.selected()
		if !ok {
			return kit.Status("no record to open yet", false)
		}
		return t.open(*r, false)
	case kit.Matches(msg, k.Copy):
		r, ok := t.selected()
		if !ok {
			return kit.Status("no record to copy yet", false)
		}
		if r.Truncated() {
			// The ring holds only the start: the detail has it whole.
			return kit.Status("copy: the tail holds the first "+kit.PluralCount(int64(len(r.Value)), "byte")+
				" of this value; press enter, then c, to copy it whole", false)
		}
		return kit.CopyValue(r.Value)
	case kit.Matches(msg, k.Filter):
		var text string
		if t.list.filter != nil {
			text = t.list.filter.Text()
		}
		t.mode.open(inputFilter, text)
	case kit.Matches(msg, k.From):
		t.mode.open(inputStart, t.stream.from.Words())
	case kit.Matches(msg, k.Clear):
		t.clear()
		return kit.Status("tail: buffer cleared", false)
	case kit.Matches(msg, k.Export):
		return t.export()
	case kit.Matches(msg, k.Search):
		// The ring holds only the newest records: search the whole
		// topic with the filter in use, if any.
		var q string
		if t.list.filter != nil {
			q = t.list.filter.Text()
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteSearch, Topic: t.opts.Topic, Args: q})
	case kit.Matches(msg, k.CopyAll):
		return t.copyAll()
	case kit.Matches(msg, k.Replay):
		r, ok := t.selected()
		if !ok {
			return kit.Status("no record to replay yet", false)
		}
		return replayRecord(*r)
	case kit.Matches(msg, k.Back):
		if t.list.filter != nil {
			t.setFilter(nil)
			return nil
		}
		return kit.Pop()
	}
	return nil
}

// togglePause freezes what the view shows, or goes back to the live
// list, on the same record when not following.
func (t *Tail) togglePause() {
	if !t.list.paused {
		t.list.freeze()
		return
	}
	cur, has := t.list.frozenAt(t.view.scroll.Cursor)
	has = has && t.view.scroll.N > 0
	t.list.thaw()
	t.restore(cur, has)
}

// restore lays the live list out again after a pause, a filter change or
// a clear, with the cursor on record seq (or the nearest after it).
func (t *Tail) restore(seq uint64, has bool) {
	at := -1
	if has {
		at = t.list.liveIndex(seq)
	}
	t.view.relayout(t.list.liveLen(), at)
}

// clear empties the buffer (x); the counters keep counting.
func (t *Tail) clear() {
	t.list.clear()
	t.rows.forget()
	t.view.reset()
}

// setFilter applies f (nil: none) to the buffer, keeping the cursor
// on the same record when it still shows.
func (t *Tail) setFilter(f *kafkaops.Filter) {
	_, cur, has := t.cursorRecord()
	t.list.setFilter(f)
	if t.list.paused {
		// The frozen list follows the filter too: pause again on it.
		t.list.thaw()
		t.restore(cur, has)
		t.list.freeze()
		return
	}
	t.restore(cur, has)
}

// paste types pasted text into the input that has focus.
func (t *Tail) paste(msg tea.PasteMsg) tea.Cmd {
	if !t.mode.capturing() {
		return nil
	}
	t.mode.input.Update(msg)
	t.mode.err = ""
	if t.mode.filtering() {
		return t.liveFilter()
	}
	return nil
}

// liveFilter applies the filter as it is typed; a regular expression
// that does not compile yet leaves the last good filter in place.
func (t *Tail) liveFilter() tea.Cmd {
	f, err := kafkaops.ParseFilter(t.mode.input.Value())
	if err != nil {
		t.mode.err = err.Error()
		return nil
	}
	t.mode.err = ""
	t.setFilter(f)
	return nil
}

// filterKey handles a key while the filter input has focus.
func (t *Tail) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, t.keys.Apply):
		if t.mode.err != "" {
			return kit.Status("filter: "+t.mode.err, true)
		}
		t.mode.close()
		return nil
	case kit.Matches(msg, t.keys.ClearFilter):
		t.mode.close()
		t.mode.input.SetValue("")
		t.setFilter(nil)
		return nil
	}
	if t.mode.input.Update(msg) {
		return t.liveFilter()
	}
	return nil
}

// promptKey handles a key while the `f` (from) prompt has focus.
func (t *Tail) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, t.keys.Apply):
		from, err := kafkaops.ParseTailArgs(strings.Fields(t.mode.input.Value()))
		if err != nil {
			// Shown once, in the prompt's own line.
			t.mode.err = err.Error()
			return nil
		}
		t.mode.close()
		t.stream.restartFrom(from)
		t.clear()
		cmds := []tea.Cmd{t.start(), t.countEarlier(), kit.Status("tail: restarted, "+from.String(), false)}
		if !t.rate.running() {
			cmds = append(cmds, t.tick())
		}
		return tea.Batch(cmds...)
	case kit.Matches(msg, t.keys.Cancel):
		t.mode.close()
		return nil
	case kit.Matches(msg, t.keys.Complete):
		t.mode.complete(startWords())
		return nil
	}
	if t.mode.edit(msg) {
		t.mode.err = ""
	}
	return nil
}

// export writes what the list shows (the buffer, or what matches the
// filter) to a JSON-lines file in a command.
func (t *Tail) export() tea.Cmd {
	if t.list.shownLen() == 0 {
		return kit.Status("export: nothing to export yet", false)
	}
	var cmd tea.Cmd
	t.exportID, cmd = exportRecords(&t.Asker, t.svc, t.opts.ExportDir, t.opts.Topic, t.opts.Now(), t.list.shown())
	return cmd
}

// HandlesEsc reports whether esc clears the filter rather than leaving.
func (t *Tail) HandlesEsc() bool { return t.list.filter != nil }

// Capturing reports whether the filter or the from prompt has focus.
func (t *Tail) Capturing() bool { return t.mode.capturing() }

// Title names the screen.
func (t *Tail) Title() string { return "tail " + kit.Sanitize(t.opts.Topic) }

// SetSize sets the body size; the rows get what the title, headings and
// status bar leave.
func (t *Tail) SetSize(width, height int) {
	if width != t.view.width {
		t.rows.forget()
	}
	t.view.setSize(width, height)
	t.layout()
}

// ShortHelp lists the keys for the bottom line.
func (t *Tail) ShortHelp() []key.Binding {
	k := t.keys
	switch {
	case t.mode.filtering():
		return []key.Binding{k.Apply, k.ClearFilter}
	case t.mode.prompting():
		return []key.Binding{k.Apply, k.Complete, k.Cancel}
	}
	pause := k.Pause
	if t.list.paused {
		pause.SetHelp("space", "resume")
	}
	end := k.End
	if t.view.follow {
		end = k.Up
		end.SetHelp("↑", "scroll back")
	}
	return []key.Binding{pause, k.From, k.Open, k.Filter, end, k.Export, k.Clear}
}

// FullHelp lists every key.
func (t *Tail) FullHelp() [][]key.Binding {
	k := t.keys
	return [][]key.Binding{
		k.ListKeys.Bindings(),
		{k.Pause, k.Open, k.Copy, k.Replay, k.Filter, k.From},
		{k.Export, k.Search, k.CopyAll, k.Clear, k.Back},
	}
}
