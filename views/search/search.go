// Package search is the whole-topic search screen: a query in the tail's
// filter language, a scan of every partition through Service.Scan, the
// matches as they are found and the scan's progress.
package search

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// searchState is where the screen's scan is.
type searchState int

const (
	stateIdle searchState = iota // no scan yet
	stateRunning
	stateDone
	stateCancelled
	stateFailed
)

// Search is the search screen of one topic.
type Search struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	keys  searchKeys
	topic string

	input    kit.LineInput
	editing  bool
	parseErr string
	// query is the query the shown results were searched with; window
	// says its from:/to: window in words ("" for the whole topic).
	query  string
	window string

	scan     scanner
	state    searchState
	err      error
	matches  []kafkaops.Record
	progress *kafkaops.ScanProgress
	list     kit.Scroller

	exportID uint64
	// dir is where exports go; "" is the current directory.
	dir  string
	w, h int
	// decoder decodes schema-encoded records as they are scanned.
	decoder kafkaops.Decoder
	// redec decodes again, on the tick tickID, the matches whose
	// registry was unavailable (see redecode.go).
	redec  kit.Redecoder
	tickID uint64
	// keyW is the widest key among the matches, for the key column.
	keyW int
}

// NewSearch returns the search screen of topic; a non-empty query is
// searched for at once, an empty one is typed in first.
func NewSearch(svc kafkaops.Service, st *theme.Styles, topic, query string) *Search {
	s := &Search{svc: svc, st: st, keys: newSearchKeys(), topic: topic}
	s.input.SetValue(strings.TrimSpace(query))
	s.editing = s.input.Value() == ""
	return s
}

// Init starts the scan of the query the screen opened with, if any.
func (s *Search) Init() tea.Cmd {
	if s.editing {
		return nil
	}
	return s.run()
}

// Close cancels a running scan: the root calls it when the screen goes.
func (s *Search) Close() { s.scan.stop() }

// Title names the screen.
func (s *Search) Title() string { return "Search " + kit.Sanitize(s.topic) }

// Capturing reports whether the query input has focus.
func (s *Search) Capturing() bool { return s.editing }

// HandlesEsc reports whether esc has something to stop first: a running
// scan, or the input over results.
func (s *Search) HandlesEsc() bool { return s.state == stateRunning || s.editing }

// SetSize sets the body's size.
func (s *Search) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetHeight(s.tableHeight())
}

// setParseErr sets why the query cannot be read ("": it can), and
// gives the matches what its lines leave.
func (s *Search) setParseErr(why string) {
	s.parseErr = why
	s.list.SetHeight(s.tableHeight())
}

// ShortHelp lists the main keys.
func (s *Search) ShortHelp() []key.Binding {
	if s.editing {
		return []key.Binding{s.keys.Run, s.keys.Cancel}
	}
	esc := s.keys.Cancel
	if s.state == stateRunning {
		esc.SetHelp("esc", "cancel")
	} else {
		esc.SetHelp("esc", "back")
	}
	return []key.Binding{s.keys.Open, s.keys.Edit, s.keys.Copy, s.keys.Export, esc}
}

// FullHelp lists every key.
func (s *Search) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.ShortHelp(), s.keys.list.Bindings()}
}

// Update handles keys and the scan's messages.
func (s *Search) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.editing {
			return s, s.editKey(msg)
		}
		return s, s.listKey(msg)
	case tea.PasteMsg:
		if s.editing {
			s.input.Update(msg)
		}
	case scanStartedMsg:
		return s, s.started(msg)
	case scanEventsMsg:
		return s, s.take(msg)
	case exportedMsg:
		return s, s.exported(msg)
	case searchTickMsg:
		return s, s.ticked(msg)
	case kit.RedecodedMsg:
		return s, s.redecoded(msg)
	}
	return s, nil
}

// editKey handles a key while the query input has focus.
func (s *Search) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, s.keys.Run):
		return s.run()
	case kit.Matches(msg, s.keys.Cancel):
		if s.state == stateRunning {
			s.cancel()
			return nil
		}
		if s.state == stateIdle {
			return kit.Pop()
		}
		s.editing = false
		s.setParseErr("")
		return nil
	}
	if s.input.Update(msg) {
		s.setParseErr("")
	}
	return nil
}

// listKey handles a key while the matches have focus.
func (s *Search) listKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, s.keys.Cancel):
		if s.state == stateRunning {
			s.cancel()
			return nil
		}
		return kit.Pop()
	case kit.Matches(msg, s.keys.Edit):
		s.editing = true
		return nil
	case kit.Matches(msg, s.keys.Open):
		return s.open()
	case kit.Matches(msg, s.keys.Export):
		return s.export()
	case kit.Matches(msg, s.keys.Copy):
		return s.copyMatches()
	}
	kit.KeyScroll(&s.list, s.keys.list, msg)
	return nil
}

// run parses the query and starts its scan; a query that cannot be read
// keeps the input open with the reason.
func (s *Search) run() tea.Cmd {
	q := strings.TrimSpace(s.input.Value())
	sq, err := kafkaops.ParseScanQuery(q)
	if err != nil {
		s.editing = true
		s.setParseErr(kafkaops.Describe(err))
		return nil
	}
	s.editing, s.query = false, q
	s.setParseErr("")
	s.window = ""
	if sq.Windowed() {
		s.window = sq.Window()
	}
	s.state, s.err, s.progress = stateRunning, nil, nil
	s.matches = nil
	s.redec, s.tickID, s.keyW = kit.Redecoder{}, 0, 0
	s.list = kit.Scroller{}
	s.list.SetHeight(s.tableHeight())
	req := sq.Request(s.topic, time.Now())
	req.Limit = kafkaops.DefaultScanLimit
	req.Decoder, req.KeepPending = s.decoder, true
	return s.Send(s.scan.start(s.svc, req))
}

// cancel stops the running scan and keeps what it found.
func (s *Search) cancel() {
	s.scan.stop()
	s.state = stateCancelled
}

// started takes in Service.Scan's answer.
func (s *Search) started(msg scanStartedMsg) tea.Cmd {
	if msg.id != s.scan.id || !s.scan.running() {
		return nil
	}
	if msg.err != nil {
		s.scan.stop()
		s.state, s.err = stateFailed, msg.err
		return kit.Status("search: "+kafkaops.Describe(msg.err), true)
	}
	s.scan.ch = msg.ch
	return s.Send(s.scan.next())
}

// take applies a delivery of events and waits for the next.
func (s *Search) take(msg scanEventsMsg) tea.Cmd {
	if msg.ID != s.scan.id || !s.scan.running() {
		return nil
	}
	var status tea.Cmd
	first := len(s.matches)
	for _, ev := range msg.Events {
		if c := s.apply(ev); c != nil {
			status = c
		}
	}
	s.noteKeys(s.matches[first:])
	tick := s.notePending(s.matches[first:], first)
	if msg.Closed || s.state != stateRunning {
		s.scan.stop()
		if s.state == stateRunning {
			s.state = stateDone
		}
		return tea.Batch(status, tick)
	}
	return tea.Batch(status, tick, s.Send(s.scan.next()))
}

// apply takes in one event.
func (s *Search) apply(ev kafkaops.ScanEvent) tea.Cmd {
	if n := kafkaops.DefaultScanLimit - len(s.matches); n > 0 && len(ev.Matches) > 0 {
		s.matches = append(s.matches, ev.Matches[:min(n, len(ev.Matches))]...)
		s.list.SetN(len(s.matches))
	}
	if ev.Progress != nil {
		s.progress = ev.Progress
		s.list.SetHeight(s.tableHeight())
	}
	switch {
	case ev.Err != nil:
		s.state, s.err = stateFailed, ev.Err
		return kit.Status("search: "+kafkaops.Describe(ev.Err), true)
	case ev.Done:
		s.state = stateDone
	}
	return nil
}

// open shows the match under the cursor in the record detail.
func (s *Search) open() tea.Cmd {
	if s.list.Cursor < 0 || s.list.Cursor >= len(s.matches) {
		return nil
	}
	rec := s.matches[s.list.Cursor]
	return kit.Navigate(kit.Route{Kind: kit.RouteRecord, Record: &rec})
}

// copyMatches opens the copy of every match of the query searched (the
// whole window, not only the matches kept) to a topic the copy screen
// asks for; the root refuses it on a read-only context.
func (s *Search) copyMatches() tea.Cmd {
	if s.state == stateIdle {
		return kit.Status("search first: c copies the matches of the query searched", false)
	}
	if s.state == stateDone && s.matched() == 0 {
		return kit.Status("search: no matches to copy", false)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteCopy, Topic: s.topic, Args: s.query})
}
