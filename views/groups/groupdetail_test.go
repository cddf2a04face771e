package groups

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// billingGroup is a stable group with two members on two topics; one
// partition was never committed.
func billingGroup() kafkaops.Group {
	return kafkaops.Group{
		ID: "billing", State: "Stable", ProtocolType: "consumer", Protocol: "range", Coordinator: 0,
		Members: []kafkaops.GroupMember{
			{MemberID: "m-1", ClientID: "billing-app", ClientHost: "/10.0.0.7", Assigned: []kafkaops.TopicPartition{{Topic: "orders", Partition: 0}, {Topic: "orders", Partition: 1}}},
			{MemberID: "m-2", ClientID: "billing-app", ClientHost: "/10.0.0.8", Assigned: []kafkaops.TopicPartition{{Topic: "payments", Partition: 0}}},
		},
		Lag: []kafkaops.PartitionLag{
			{Topic: "orders", Partition: 0, Committed: 900, HasCommitted: true, LogEnd: 1000, MemberID: "m-1"},
			{Topic: "orders", Partition: 1, Committed: 1500, HasCommitted: true, LogEnd: 2920, MemberID: "m-1"},
			{Topic: "payments", Partition: 0, Committed: -1, LogEnd: 40, MemberID: "m-2"},
		},
	}
}

// emptyGroup is billing after its consumers stopped.
func emptyGroup() kafkaops.Group {
	g := billingGroup()
	g.State, g.Protocol, g.Members = "Empty", "", nil
	for i := range g.Lag {
		g.Lag[i].MemberID = ""
	}
	return g
}

func newTestGroupDetail(t *testing.T, f *kafkaopstest.GroupsFake, opts GroupsOptions, w, h int) *GroupDetail {
	t.Helper()
	s, _ := kittest.Start(t, kittest.Refreshing(NewGroupDetail(f, kittest.TestStyles(), "billing", opts), -1), w, h)
	return s.(*GroupDetail)
}

func TestGroupDetailMembersLagTotals(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = billingGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	out := kittest.Plain(d)
	for _, want := range []string{
		"billing · Stable · assignor range · 2 members",
		"total lag 1,520",
		"billing-app", "/10.0.0.7", "orders[0,1]", "payments[0]",
		"no committed offset",           // payments/0, not lag 0
		"total orders", "2/2 committed", // the topic's total row
		"#1 billing-app", "#2 billing-app",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "payments") && strings.Contains(l, "no committed offset") && !strings.Contains(l, "—") {
			t.Errorf("a never-committed partition must show no lag figure: %q", l)
		}
	}
}

func TestGroupDetailSparklineGrowsPerRefresh(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	g := billingGroup()
	f.Groups["billing"] = g
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	// The consumer catches up: committed offsets move towards the end.
	for _, c := range []int64{1000, 1800, 2500, 2900} {
		f.Gmu.Lock()
		g.Lag[1].Committed = c
		f.Groups["billing"] = g
		f.Gmu.Unlock()
		s, _ := kittest.Press(d, "r")
		d = s.(*GroupDetail)
	}
	if n := len(d.history.Samples); n != 5 {
		t.Fatalf("samples = %v, want one per load", d.history.Samples)
	}
	out := kittest.Plain(d)
	if !strings.Contains(out, "█") || !strings.Contains(out, "catching up") {
		t.Errorf("sparkline missing or trend wrong:\n%s", out)
	}
	kittest.Golden(t, "groupdetail_80x24.golden", kittest.PlainAt(d, 80, 24))
	kittest.Golden(t, "groupdetail_160x45.golden", kittest.PlainAt(d, 160, 45))
}

func TestGroupDetailResetRefusedWithMembersAndReadOnly(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = billingGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	_, msgs := kittest.Press(d, "o")
	st := kittest.Statuses(msgs)
	if len(st) != 1 || !strings.Contains(st[0], "refused") || !strings.Contains(st[0], "2 members active") || !strings.Contains(st[0], "stop the consumers") {
		t.Errorf("o with members: %v", st)
	}
	_, msgs = kittest.Press(d, "d")
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "delete group: refused") {
		t.Errorf("d with members: %v", st)
	}

	f.Groups["billing"] = emptyGroup()
	ro := newTestGroupDetail(t, f, GroupsOptions{ReadOnly: true}, 100, 24)
	_, msgs = kittest.Press(ro, "o")
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "reset offsets: disabled, this context is read-only" {
		t.Errorf("o read-only: %v", st)
	}
	help := fmt.Sprint(ro.FullHelp())
	if !strings.Contains(help, "read-only") {
		t.Errorf("full help should say why reset is disabled: %s", help)
	}
}

func TestGroupDetailDeleteConfirm(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = emptyGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	s, _ := kittest.Press(d, "d")
	d = s.(*GroupDetail)
	if !strings.Contains(kittest.Plain(d), "Delete group billing and its committed offsets?") {
		t.Errorf("no confirmation:\n%s", kittest.Plain(d))
	}
	s, msgs := kittest.Press(d, "n")
	d = s.(*GroupDetail)
	if len(f.Deleted) != 0 || kittest.Statuses(msgs)[0] != "delete cancelled" {
		t.Errorf("n must cancel: deleted %v", f.Deleted)
	}
	_, msgs = kittest.Press(d, "d", "y")
	if len(f.Deleted) != 1 || f.Deleted[0] != "billing" {
		t.Errorf("deleted %v", f.Deleted)
	}
	var popped bool
	for _, m := range msgs {
		_, popped = m.(kit.PopMsg)
		if popped {
			break
		}
	}
	if !popped || kittest.Statuses(msgs)[0] != "deleted group billing" {
		t.Errorf("after delete: %v", msgs)
	}

	f.DeleteErr = fmt.Errorf("delete group: %w", kafkaops.ErrGroupActive)
	_, msgs = kittest.Press(d, "d", "y")
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.HasPrefix(st[0], "refused: ") {
		t.Errorf("broker refusal: %v", st)
	}
}

func TestGroupDetailNotFound(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 80, 12)
	if !strings.Contains(kittest.Plain(d), "group billing does not exist") {
		t.Errorf("view:\n%s", kittest.Plain(d))
	}
	f.GroupErr = errors.New("boom")
	s, msgs := kittest.Press(d, "r")
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "boom") {
		t.Errorf("statuses %v", st)
	}
	_ = s
}

func TestGroupDetailOpensResetScopedToCursor(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = emptyGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	s, msgs := kittest.Press(d, "down", "o") // orders/1
	_ = s
	var r *OffsetReset
	for _, m := range msgs {
		if n, ok := m.(kit.NavigateMsg); ok && n.Route.Kind == kit.RouteOffsetReset && n.Route.GroupState != nil {
			rt := n.Route
			r = NewOffsetReset(f, kittest.TestStyles(), *rt.GroupState, ResetScope{Topic: rt.Topic, Partition: rt.Partition}).(*OffsetReset)
		}
	}
	if r == nil {
		t.Fatalf("o should open the reset: %v", msgs)
	}
	if sc := r.scopes[r.scope]; sc != (ResetScope{Topic: "orders", Partition: 1}) {
		t.Errorf("scope = %+v, want orders/1", sc)
	}
}

func TestGroupDetailReloadsAfterReset(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = emptyGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	before := f.CallCount("DescribeGroup")
	kittest.Feed(d, offsetsResetMsg{group: "other"})
	kittest.Feed(d, offsetsResetMsg{group: "billing"})
	if f.CallCount("DescribeGroup") != before+1 {
		t.Errorf("only a reset of this group should reload it")
	}
}

var _ tea.Msg = groupTickMsg{}

// Issue 13 item 3: a group with no members has no assignor: "—", never
// its protocol type.
func TestGroupDetailEmptyGroupHasNoAssignor(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = emptyGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 100, 24)
	out := kittest.Plain(d)
	if !strings.Contains(out, "billing · Empty · assignor — · 0 members") || strings.Contains(out, "consumer ·") {
		t.Errorf("the summary of an empty group should say assignor —:\n%s", out)
	}
}

// At 60 columns the lag table leaves the member column out and says
// "none" for a partition never committed, rather than cut the topic's
// name to a few letters.
func TestGroupDetailNarrowLagKeepsTheTopic(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = billingGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 60, 24)
	d.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	out := kittest.Plain(d)
	for _, want := range []string{"total orders", "payments", "none", "2/2", "COMMITTED"} {
		if !strings.Contains(out, want) {
			t.Errorf("at 60 columns the lag table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "MEMBER") || strings.Contains(out, "pay…") {
		t.Errorf("at 60 columns:\n%s", out)
	}
	kittest.CheckFrame(t, kittest.Plain(d), 60, 24)
}

// An empty group's members pane says what it allows in fewer words at
// 60 columns rather than cut the sentence.
func TestGroupDetailNoMembersFits60(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	g := billingGroup()
	g.Members, g.State = nil, "Empty"
	f.Groups["billing"] = g
	for w, want := range map[int]string{60: "No members: offsets can be reset, the group deleted.", 100: "No active members: offsets can be reset and the group deleted."} {
		d := newTestGroupDetail(t, f, GroupsOptions{}, w, 24)
		if out := kittest.Plain(d); !strings.Contains(out, want) {
			t.Errorf("at %d columns the members pane lacks %q:\n%s", w, want, out)
		}
	}
}

// The delete's question fits 60 columns, esc cancels it without leaving
// the screen, and the help line says so.
func TestGroupDetailDeleteQuestionFits60(t *testing.T) {
	f := kafkaopstest.NewGroupsFake()
	f.Groups["billing"] = emptyGroup()
	d := newTestGroupDetail(t, f, GroupsOptions{}, 60, 24)
	s, _ := kittest.Press(d, "d")
	d = s.(*GroupDetail)
	kittest.MustShow(t, d, "Delete group billing and its offsets? y deletes, esc cancels")
	if h := kit.KeyHints(d.ShortHelp()); h != "y confirm delete · esc cancel" || !d.HandlesEsc() {
		t.Errorf("help %q, esc handled %v", h, d.HandlesEsc())
	}
	s, msgs := kittest.Press(d, "esc")
	if kittest.HasPop(msgs) || len(f.Deleted) != 0 || s.(*GroupDetail).confirmDelete {
		t.Errorf("esc: pop %v, deleted %v", kittest.HasPop(msgs), f.Deleted)
	}
}
