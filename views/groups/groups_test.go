package groups

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// demoGroups is a small set of groups: one stable and lagging, one
// empty, one that never committed and one rebalancing.
func demoGroups() *kafkaopstest.GroupsFake {
	f := kafkaopstest.NewGroupsFake()
	f.Overviews = []kafkaops.GroupOverview{
		{GroupSummary: kafkaops.GroupSummary{ID: "billing", State: "Stable", ProtocolType: "consumer"}, Protocol: "range", Members: 2, Topics: []string{"orders", "payments"}, Partitions: 4, Committed: 4, Lag: 1520},
		{GroupSummary: kafkaops.GroupSummary{ID: "audit", State: "Empty", ProtocolType: "consumer"}, Topics: []string{"orders"}, Partitions: 2, Committed: 2, Lag: 8},
		{GroupSummary: kafkaops.GroupSummary{ID: "lurkers", State: "Stable", ProtocolType: "consumer"}, Protocol: "roundrobin", Members: 1, Topics: []string{"bankbranch"}, Partitions: 2},
		{GroupSummary: kafkaops.GroupSummary{ID: "bank-readers", State: "PreparingRebalance", ProtocolType: "consumer"}, Protocol: "range", Members: 3, Topics: []string{"bankbranch"}, Partitions: 2, Committed: 2, Lag: 0},
	}
	return f
}

func newTestGroups(t *testing.T, f *kafkaopstest.GroupsFake, w, h int) *Groups {
	t.Helper()
	s, _ := kittest.Start(t, kittest.Refreshing(NewGroups(f, kittest.TestStyles(), GroupsOptions{}), -1), w, h)
	return s.(*Groups)
}

// shownIDs lists the group ids in the order the table shows them.
func shownIDs(g *Groups) []string {
	var out []string
	for _, i := range g.Shown {
		out = append(out, g.Rows[i].g.ID)
	}
	return out
}

func TestGroupsListColumnsAndNoCommits(t *testing.T) {
	g := newTestGroups(t, demoGroups(), 100, 12)
	out := kittest.Plain(g)
	for _, want := range []string{"Consumer groups (4/4)", "total lag 1,528", "billing", "Stable", "range", "orders,payments", "1,520", "no commits", "Rebalancing"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if got := shownIDs(g); !slices.Equal(got, []string{"audit", "bank-readers", "billing", "lurkers"}) {
		t.Errorf("order = %v, want by id", got)
	}
	// The empty group has no assignor (issue 13 item 3): "—", never its
	// protocol type.
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "audit") && !regexp.MustCompile(`Empty +— `).MatchString(l) {
			t.Errorf("audit row should show — as its assignor: %q", l)
		}
	}
}

func TestGroupsFilterSortOpen(t *testing.T) {
	g := newTestGroups(t, demoGroups(), 100, 12)
	s, _ := kittest.Press(g, "/", "bank")
	g = s.(*Groups)
	if !g.Capturing() || !slices.Equal(shownIDs(g), []string{"bank-readers"}) {
		t.Errorf("filter bank: capturing %v shown %v", g.Capturing(), shownIDs(g))
	}
	s, _ = kittest.Press(g, "backspace", "backspace", "backspace", "backspace", "blg") // fuzzy: b…l…g
	g = s.(*Groups)
	if !slices.Equal(shownIDs(g), []string{"billing"}) {
		t.Errorf("fuzzy blg: shown %v", shownIDs(g))
	}
	s, msgs := kittest.Press(g, "enter", "enter")
	g = s.(*Groups)
	if nav := kittest.Navigations(msgs); len(nav) != 1 || nav[0] != (kit.Route{Kind: kit.RouteGroupDetail, Group: "billing"}) {
		t.Errorf("enter, enter: navigations %v", nav)
	}
	s, _ = kittest.Press(g, "esc") // clears the kept filter first
	g = s.(*Groups)
	if len(g.Shown) != 4 {
		t.Errorf("esc should clear the filter, shown %v", shownIDs(g))
	}
	// s cycles: state, members, topics, lag (largest first, nothing
	// committed last).
	s, msgs = kittest.Press(g, "s", "s", "s", "s")
	g = s.(*Groups)
	if got := shownIDs(g); !slices.Equal(got, []string{"billing", "audit", "bank-readers", "lurkers"}) {
		t.Errorf("sorted by lag: %v", got)
	}
	if st := kittest.Statuses(msgs); st[len(st)-1] != "sorted by lag, largest first" {
		t.Errorf("status %q", st)
	}
	s, _ = kittest.Press(g, "S")
	if got := shownIDs(s.(*Groups)); got[0] != "lurkers" {
		t.Errorf("reversed lag sort should put the group without commits first: %v", got)
	}
}

func TestGroupsRefreshKeepsCursorAndDropsStale(t *testing.T) {
	f := demoGroups()
	g := newTestGroups(t, f, 100, 12)
	s, _ := kittest.Press(g, "down", "down") // billing
	g = s.(*Groups)
	f.Gmu.Lock()
	f.Overviews = append(f.Overviews, kafkaops.GroupOverview{GroupSummary: kafkaops.GroupSummary{ID: "aaa", State: "Empty"}})
	f.Gmu.Unlock()
	stale := g.ReqID
	s, msgs := kittest.Press(g, "r")
	g = s.(*Groups)
	if g.SelectedID() != "billing" || len(g.Rows) != 5 {
		t.Errorf("after refresh: selected %q rows %d", g.SelectedID(), len(g.Rows))
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "refreshed: 5 groups" {
		t.Errorf("statuses %v", st)
	}
	s, _ = kittest.Feed(g, kit.ListLoadedMsg[kafkaops.GroupOverview]{ReqID: stale, Err: errors.New("old")})
	if s.(*Groups).Err != nil {
		t.Errorf("a stale answer must be dropped")
	}
}

func TestGroupsErrorsAndEmpty(t *testing.T) {
	f := demoGroups()
	f.OverviewsErr = errors.New("boom")
	s, msgs := kittest.Start(t, kittest.Refreshing(NewGroups(f, kittest.TestStyles(), GroupsOptions{}), -1), 80, 10)
	if !strings.Contains(kittest.Plain(s), "Could not list groups: boom") {
		t.Errorf("view:\n%s", kittest.Plain(s))
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "list groups: boom") {
		t.Errorf("statuses %v", st)
	}
	empty := newTestGroups(t, kafkaopstest.NewGroupsFake(), 80, 10)
	if !strings.Contains(kittest.Plain(empty), "No consumer groups yet.") {
		t.Errorf("view:\n%s", kittest.Plain(empty))
	}
}

func TestGroupsAutoRefresh(t *testing.T) {
	f := demoGroups()
	s, _ := kittest.Start(t, kittest.Refreshing(NewGroups(f, kittest.TestStyles(), GroupsOptions{}), time.Hour), 80, 10)
	g := s.(*Groups)
	before := f.CallCount("GroupOverviews")
	kittest.Feed(g, kit.ListTickMsg{ID: g.TickID})
	if f.CallCount("GroupOverviews") != before+1 {
		t.Errorf("a tick should reload")
	}
	kittest.Feed(g, kit.ListTickMsg{ID: g.TickID - 100})
	if f.CallCount("GroupOverviews") != before+1 {
		t.Errorf("an old tick must not reload")
	}
}

func TestGroupsHostileIDs(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Overviews = []kafkaops.GroupOverview{{GroupSummary: kafkaops.GroupSummary{ID: "evil\x1b[2J\nid", State: "Empty"}, Topics: []string{"t\x07"}}}
	g := newTestGroups(t, f, 80, 6)
	if strings.Contains(g.View(), "\x1b[2J") || strings.Contains(g.View(), "\x07") {
		t.Errorf("escape sequences reached the terminal: %q", g.View())
	}
}

func TestGroupsFitEverySize(t *testing.T) {
	for _, sz := range [][2]int{{20, 3}, {40, 8}, {80, 24}, {160, 45}} {
		g := newTestGroups(t, demoGroups(), sz[0], sz[1])
		lines := strings.Split(g.View(), "\n")
		if len(lines) != sz[1] {
			t.Errorf("%v: %d lines", sz, len(lines))
		}
		for i, l := range lines {
			if w := kittest.LipglossWidth(l); w > max(sz[0], 20) {
				t.Errorf("%v: line %d is %d wide", sz, i, w)
			}
		}
	}
}

func TestGroupsGolden(t *testing.T) {
	kittest.Golden(t, "groups_80x24.golden", kittest.Plain(newTestGroups(t, demoGroups(), 80, 24)))
	kittest.Golden(t, "groups_160x12.golden", kittest.Plain(newTestGroups(t, demoGroups(), 160, 12)))
}

// Issue 13 item 19: at 80 columns, and at 60, the sort arrow shows whole
// on every column the list sorts by.
func TestGroupsSortArrowNeverCut(t *testing.T) {
	for _, w := range []int{80, 60} {
		g := newTestGroups(t, demoGroups(), w, 24)
		for i := 0; i < int(groupSortColumns); i++ {
			head := strings.Split(kittest.Plain(g), "\n")[1]
			title := groupColumns[g.sortBy.column()].Title
			if !strings.Contains(head, " ▲") && !strings.Contains(head, " ▼") {
				t.Errorf("%d columns, sorted by %s: no arrow in %q", w, title, head)
			}
			if strings.Contains(head, "…") && w >= 80 {
				t.Errorf("%d columns, sorted by %s: heading cut: %q", w, title, head)
			}
			s, _ := kittest.Press(g, "s")
			g = s.(*Groups)
		}
	}
}

// At 60 columns the list leaves the assignor out rather than cut the
// group's name to a few letters; at 100 it shows it.
func TestGroupsNarrowListKeepsTheName(t *testing.T) {
	g := newTestGroups(t, demoGroups(), 60, 12)
	out := kittest.Plain(g)
	for _, want := range []string{"GROUP ▲", "bank-read…", "billing", "orders,pa…", "no commits", "1,520"} {
		if !strings.Contains(out, want) {
			t.Errorf("at 60 columns the list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ASSIGNOR") {
		t.Errorf("at 60 columns the assignor still takes room:\n%s", out)
	}
	g.SetSize(100, 12)
	if out := kittest.Plain(g); !strings.Contains(out, "ASSIGNOR") || !strings.Contains(out, "bank-readers") {
		t.Errorf("at 100 columns:\n%s", out)
	}
}
