package reassign

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// watchEvery is the most time between two refreshes of the watch: a
// reassignment on a small cluster ends in seconds.
const watchEvery = 2 * time.Second

// listedMsg is the answer to ListReassignments.
type listedMsg struct {
	reqID  uint64
	items  []kafkaops.ReassignmentStatus
	err    error
	manual bool
}

// watchTickMsg is the watch's refresh timer.
type watchTickMsg struct{ id uint64 }

// cancelledMsg says a reassignment was cancelled, so the watch reloads.
type cancelledMsg struct{}

// Watch lists the reassignments in progress (ListPartitionReassignments),
// refreshing itself, with the replicas each adds and removes; c cancels
// the selected one after a confirmation.
type Watch struct {
	kit.Poller
	svc  kafkaops.Service
	st   *theme.Styles
	keys watchKeys

	width, height int
	loaded        bool
	err           error
	items         []kafkaops.ReassignmentStatus
	scroll        kit.Scroller
	last          time.Time // when the last list arrived
}

var _ kit.Screen = (*Watch)(nil)

// NewWatch returns the watch of reassignments in progress.
func NewWatch(svc kafkaops.Service, st *theme.Styles) kit.Screen {
	w := &Watch{svc: svc, st: st, keys: newWatchKeys(), Poller: kit.Poller{Every: watchEvery}}
	w.SetSize(80, 24)
	return w
}

// SetRefresh sets the refresh interval: the explorer's, but at least
// every two seconds; zero turns it off.
func (w *Watch) SetRefresh(every time.Duration) {
	if every > 0 {
		every = min(every, watchEvery)
	}
	w.Poller.SetRefresh(every)
}

// Init lists the reassignments and starts the timer.
func (w *Watch) Init() tea.Cmd { return tea.Batch(w.load(false), w.tick()) }

func (w *Watch) load(manual bool) tea.Cmd {
	return kit.Load(&w.Poller, w.svc.ListReassignments, func(id uint64, items []kafkaops.ReassignmentStatus, err error) tea.Msg {
		return listedMsg{reqID: id, items: items, err: err, manual: manual}
	})
}

func (w *Watch) tick() tea.Cmd {
	return w.Poller.Tick(func(id uint64) tea.Msg { return watchTickMsg{id: id} })
}

// Update handles keys, the timer and the answers.
func (w *Watch) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case listedMsg:
		return w, w.listed(msg)
	case watchTickMsg:
		return w, w.Fired(msg.id, w.tick, func() tea.Cmd { return w.load(false) })
	case cancelledMsg:
		return w, w.load(false)
	case tea.KeyPressMsg:
		if kit.KeyScroll(&w.scroll, w.keys.list, msg) {
			return w, nil
		}
		switch {
		case kit.Matches(msg, w.keys.Cancel):
			return w, w.cancel()
		case kit.Matches(msg, w.keys.Refresh):
			return w, w.load(true)
		case kit.Matches(msg, w.keys.Back):
			return w, kit.Pop()
		}
	case tea.MouseWheelMsg:
		w.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	}
	return w, nil
}

func (w *Watch) listed(msg listedMsg) tea.Cmd {
	if !w.Done(msg.reqID) {
		return nil
	}
	if msg.err != nil {
		w.err = msg.err
		return kit.Status("list reassignments: "+kafkaops.Describe(msg.err), true)
	}
	w.loaded, w.err, w.items, w.last = true, nil, msg.items, time.Now()
	w.scroll.SetN(len(w.items))
	if msg.manual {
		return kit.Status(kit.PluralCount(int64(len(w.items)), "reassignment")+" in progress", false)
	}
	return nil
}

// cancel asks to cancel the selected reassignment.
func (w *Watch) cancel() tea.Cmd {
	if len(w.items) == 0 {
		return kit.Status("no reassignment in progress to cancel", true)
	}
	it := w.items[w.scroll.Cursor]
	return kit.Navigate(kit.Route{Kind: kit.RouteCancelReassignment, Topic: it.Topic, Partition: int(it.Partition), Args: originalReplicas(it)})
}

// originalReplicas are the replicas a cancel goes back to: the current
// ones without those being added, as broker ids ("1,2,0").
func originalReplicas(it kafkaops.ReassignmentStatus) string {
	var out []int32
	for _, id := range it.Replicas {
		adding := false
		for _, a := range it.Adding {
			adding = adding || a == id
		}
		if !adding {
			out = append(out, id)
		}
	}
	return joinIDs(out)
}

// Title names the screen with the count.
func (w *Watch) Title() string {
	if !w.loaded {
		return "Reassignments"
	}
	return fmt.Sprintf("Reassignments (%d)", len(w.items))
}

// watchTop is the body line of the first row.
const watchTop = 3

// SetSize sets the body size.
func (w *Watch) SetSize(width, height int) {
	w.width, w.height = width, height
	w.scroll.SetHeight(height - watchTop)
}

// Capturing is always false: the watch has no input.
func (w *Watch) Capturing() bool { return false }

// ShortHelp lists the keys for the bottom line: c only when there is a
// reassignment to cancel.
func (w *Watch) ShortHelp() []key.Binding {
	var out []key.Binding
	if len(w.items) > 0 {
		out = append(out, w.keys.Cancel)
	}
	return append(out, w.keys.Refresh, w.keys.Back)
}

// FullHelp lists every key.
func (w *Watch) FullHelp() [][]key.Binding {
	return [][]key.Binding{w.keys.list.Bindings(), w.ShortHelp()}
}

var watchColumns = []kit.Column{
	{Title: "TOPIC", Width: 12, Flex: true},
	{Title: "P", Width: 4, Right: true},
	{Title: "REPLICAS", Width: 9, Flex: true},
	{Title: "ADDING", Width: 7},
	{Title: "REMOVING", Width: 8},
}

// View renders the list of reassignments in progress.
func (w *Watch) View() string {
	st := w.st
	width := max(w.width, 20)
	head := st.Title.Render("Reassignments in progress")
	switch {
	case w.loaded:
		head += st.Subtle.Render(fmt.Sprintf(" · %d · checked %s · every %s", len(w.items), w.last.Format("15:04:05"), w.Every))
	case w.err == nil:
		head += st.Subtle.Render(" · loading…")
	}
	lines := []string{kit.Truncate(head, width), ""}
	ws := kit.Layout(watchColumns, width)
	lines = append(lines, kit.HeaderLine(st.TableHead, watchColumns, ws, -1, ""))
	switch {
	case !w.loaded && w.err != nil:
		lines = append(lines, st.Error.Render(kit.Truncate("  Could not list reassignments: "+kafkaops.Describe(w.err), width)),
			st.Subtle.Render("  Press r to try again."))
	case !w.loaded:
	case len(w.items) == 0:
		lines = append(lines, kit.Wrapped(st.Subtle, "No reassignment in progress: every partition is where it should be.", width)...)
	default:
		lines = append(lines, kit.WindowRows(st, &w.scroll, watchColumns, ws, true, func(i int, _ bool, cells []string) {
			it := w.items[i]
			copy(cells, []string{kit.Sanitize(it.Topic), strconv.Itoa(int(it.Partition)), joinIDs(it.Replicas), joinIDs(it.Adding), joinIDs(it.Removing)})
		})...)
	}
	return kit.PadLines(strings.Join(lines, "\n"), width, w.height)
}
