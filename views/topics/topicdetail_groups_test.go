package topics

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func bankGroupsFake() *kafkaopstest.GroupsFake {
	f := &kafkaopstest.GroupsFake{FakeService: BankFake()}
	f.TopicLags = map[string][]kafkaops.TopicGroupLag{
		"bankbranch": {
			{Group: "atm-audit", State: "Empty", Partitions: 3, Lag: 1234},
			{Group: "bank-readers", State: "Stable", Members: 2, Partitions: 2, Lag: 17},
		},
	}
	return f
}

func TestDetailGroupsSection(t *testing.T) {
	f := bankGroupsFake()
	s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), 100, 30)
	d := s.(*TopicDetail)
	out := kittest.Plain(d)
	for _, want := range []string{"Consumer groups (2, total lag 1,251)", "atm-audit", "Empty", "3/3", "1,234", "bank-readers", "2/3", "17"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	kittest.Golden(t, "topicdetail_groups.golden", out)
	kittest.Golden(t, "topicdetail_groups_160x45.golden", kittest.PlainAt(d, 160, 45))

	// tab: configs → partitions → groups; enter opens the group.
	s, _ = kittest.Press(d, "tab", "tab")
	d = s.(*TopicDetail)
	if d.focus != paneGroups {
		t.Fatalf("focus = %v, want the groups pane", d.focus)
	}
	_, msgs := kittest.Press(d, "down", "enter")
	if nav := kittest.Navigations(msgs); len(nav) != 1 || nav[0] != (kit.Route{Kind: kit.RouteGroupDetail, Group: "bank-readers"}) {
		t.Errorf("enter on bank-readers: %v", nav)
	}
	s, _ = kittest.Press(d, "tab")
	if s.(*TopicDetail).focus != paneConfigs {
		t.Errorf("tab from the groups should go back to the configs")
	}
}

func TestDetailGroupsNoneAndSmall(t *testing.T) {
	d := newTestDetail(t, BankFake(), 80, 24)
	if !strings.Contains(kittest.Plain(d), "none has committed offsets on this topic") {
		t.Errorf("view:\n%s", kittest.Plain(d))
	}
	s, _ := kittest.Press(d, "tab", "tab")
	if s.(*TopicDetail).focus != paneConfigs {
		t.Errorf("with no groups, tab skips the groups pane")
	}
	// Too short for a third pane: it is left out, the others stay usable.
	d.SetSize(80, 12)
	if strings.Contains(kittest.Plain(d), "Consumer groups") {
		t.Errorf("no groups pane at 80x12:\n%s", kittest.Plain(d))
	}
}

// On a 60x15 terminal's body the groups pane is not drawn: tab skips it
// rather than leave no pane focused, and a focused groups pane that a
// resize hides gives the focus to the configs.
func TestDetailGroupsPaneSkippedWhenNotDrawn(t *testing.T) {
	s, _ := kittest.Start(t, NewTopicDetail(bankGroupsFake(), kittest.TestStyles(), "bankbranch"), 60, 12)
	d := s.(*TopicDetail)
	for i, want := range []detailPane{panePartitions, paneConfigs, panePartitions} {
		s, _ = kittest.Press(d, "tab")
		d = s.(*TopicDetail)
		if d.focus != want {
			t.Fatalf("tab %d: focus %v, want %v", i+1, d.focus, want)
		}
	}
	if h := kit.KeyHints(d.FullHelp()[1]); !strings.Contains(h, "enter open group (no group shown)") {
		t.Errorf("at 60x12 the full help offers enter without saying it does nothing: %q", h)
	}
	d.SetSize(100, 30)
	if h := kit.KeyHints(d.FullHelp()[1]); !strings.Contains(h, "enter open group ·") {
		t.Errorf("at 100x30: %q", h)
	}
	s, _ = kittest.Press(d, "tab")
	d = s.(*TopicDetail)
	if d.focus != paneGroups {
		t.Fatalf("at 100x30 tab from the partitions: focus %v, want the groups", d.focus)
	}
	d.SetSize(60, 12)
	if d.focus != paneConfigs {
		t.Errorf("after shrinking to 60x12 the focus stays on the hidden groups pane (%v)", d.focus)
	}
}
