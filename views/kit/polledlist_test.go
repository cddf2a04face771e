package kit_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// fruitStore is what the polled test list lists: names, or an error,
// and how many times it was asked.
type fruitStore struct {
	mu    sync.Mutex
	names []string
	err   error
	calls int
}

func (f *fruitStore) list(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return append([]string(nil), f.names...), f.err
}

func (f *fruitStore) set(err error, names ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.names, f.err = names, err
}

func (f *fruitStore) asked() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// fruitScreen is a list screen built on a PolledList: r reloads, the
// list keys move, enter opens the fruit as a topic.
type fruitScreen struct {
	kit.PolledList[string, fruitRow]
	keys    kit.ListScreenKeys
	refresh key.Binding
	rebuilt int // how many times rows were built
}

func newFruitScreen(store *fruitStore) *fruitScreen {
	s := &fruitScreen{keys: kit.NewListScreenKeys("open"), refresh: kit.RefreshKey()}
	s.PolledList = kit.PolledList[string, fruitRow]{
		FilterList: kit.FilterList[fruitRow]{Noun: "fruit", Key: func(r *fruitRow) *kit.RowKey { return &r.RowKey }},
		Same:       func(a, b string) bool { return a == b },
		Row: func(n string) fruitRow {
			s.rebuilt++
			return fruitRow{RowKey: kit.NewRowKey(n), count: len(n)}
		},
	}
	if store != nil {
		s.Fetch = store.list
	}
	return s
}

func (s *fruitScreen) Init() tea.Cmd { return s.Start() }

func (s *fruitScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if took, cmd := s.Poll(msg); took {
		return s, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		if took, cmd := s.CommonKey(msg, s.keys, s.open); took {
			return s, cmd
		}
		if kit.Matches(msg, s.refresh) {
			return s, s.Reload(true)
		}
	}
	return s, nil
}

func (s *fruitScreen) open() tea.Cmd {
	return s.Open(func(id string) kit.Route { return kit.Route{Topic: id} })
}

func (s *fruitScreen) View() string {
	st := kittest.TestStyles()
	ws := kit.Layout(fruitColumns, 60)
	lines := append([]string{s.CountTitle("Fruits")}, s.TableBody(st, 60, "Loading fruits…", s.EmptyText("No fruits yet."), fruitColumns, ws,
		func(r *fruitRow, selected bool, cells []string) {
			cells[0] = s.NameCell(st, &r.RowKey, selected)
			cells[1] = kit.FormatCount(int64(r.count))
		})...)
	return strings.Join(lines, "\n")
}

func (s *fruitScreen) SetSize(_, h int)          { s.SizeRows(h) }
func (s *fruitScreen) Title() string             { return "Fruits" }
func (s *fruitScreen) ShortHelp() []key.Binding  { return nil }
func (s *fruitScreen) FullHelp() [][]key.Binding { return nil }
func (s *fruitScreen) Capturing() bool           { return s.Filtering }

// startFruits opens a fruit screen over store with auto-refresh off.
func startFruits(t *testing.T, store *fruitStore) *fruitScreen {
	t.Helper()
	s, _ := kittest.Start(t, kittest.Refreshing(newFruitScreen(store), -1), 30, 12)
	return s.(*fruitScreen)
}

// TestPolledListLoadsAndReloadsOnR: Init lists the items into rows; r
// lists them again, says so, keeps the cursor on its row and rebuilds
// nothing when nothing changed.
func TestPolledListLoadsAndReloadsOnR(t *testing.T) {
	store := &fruitStore{names: []string{"apple", "banana", "cherry"}}
	s := startFruits(t, store)
	kittest.MustShow(t, s, "Fruits (3/3)", "apple", "banana", "cherry")
	built := s.rebuilt
	sc, out := kittest.Press(s, "down", "r")
	s = sc.(*fruitScreen)
	if st := kittest.Statuses(out); len(st) != 1 || st[0] != "refreshed: 3 fruits" {
		t.Errorf("r's statuses %q", st)
	}
	if s.rebuilt != built {
		t.Errorf("an unchanged list was rebuilt (%d rows built, had %d)", s.rebuilt, built)
	}
	store.set(nil, "avocado", "apple", "banana", "cherry")
	sc, _ = kittest.Press(s, "r")
	s = sc.(*fruitScreen)
	kittest.MustShow(t, s, "Fruits (4/4)", "avocado")
	if s.SelectedID() != "banana" {
		t.Errorf("the cursor left banana for %q", s.SelectedID())
	}
	if _, out := kittest.Press(s, "enter"); len(kittest.Navigations(out)) != 1 || kittest.Navigations(out)[0].Topic != "banana" {
		t.Errorf("enter opened %v", kittest.Navigations(out))
	}
}

// TestPolledListFailureAndStaleAnswers: a failed load is shown and said;
// an answer to an older request and an old timer change nothing.
func TestPolledListFailureAndStaleAnswers(t *testing.T) {
	store := &fruitStore{err: errors.New("orchard closed")}
	s, out := kittest.Start(t, kittest.Refreshing(newFruitScreen(store), -1), 30, 12)
	if st := kittest.Statuses(out); len(st) != 1 || st[0] != "list fruits: orchard closed" {
		t.Errorf("statuses %q", st)
	}
	kittest.MustShow(t, s, "orchard closed")
	store.set(nil, "fig")
	s, _ = kittest.Press(s, "r")
	kittest.MustShow(t, s, "Fruits (1/1)", "fig")
	f := s.(*fruitScreen)
	s, _ = kittest.Feed(s, kit.ListLoadedMsg[string]{ReqID: f.ReqID - 1, Items: []string{"stale"}})
	kittest.MustNotShow(t, s, "stale")
	before := store.asked()
	kittest.Feed(s, kit.ListTickMsg{ID: f.TickID + 1})
	if store.asked() != before {
		t.Error("a timer that is not the armed one reloaded")
	}
}

// TestPolledListTimerReloads: the armed timer lists the items again.
func TestPolledListTimerReloads(t *testing.T) {
	store := &fruitStore{names: []string{"apple"}}
	s, _ := kittest.Start(t, kittest.Refreshing(newFruitScreen(store), time.Hour), 30, 12)
	f := s.(*fruitScreen)
	store.set(nil, "apple", "kiwi")
	s, _ = kittest.Feed(s, kit.ListTickMsg{ID: f.TickID})
	kittest.MustShow(t, s, "Fruits (2/2)", "kiwi")
}

// TestPolledListWithoutFetch: no Fetch loads nothing and arms no timer;
// r does nothing.
func TestPolledListWithoutFetch(t *testing.T) {
	s := newFruitScreen(nil)
	if s.Init() != nil || s.Reload(true) != nil {
		t.Fatal("a list with nothing to fetch started a load")
	}
	s.SizeRows(12)
	kittest.MustShow(t, s, "Loading fruits…")
}
