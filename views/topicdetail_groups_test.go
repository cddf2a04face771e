package views

import (
	"strings"
	"testing"

	"kscope/kafkaops"
)

func bankGroupsFake() *groupsFake {
	f := &groupsFake{fakeService: bankFake()}
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
	s, _ := start(t, NewTopicDetail(f, testStyles(), "bankbranch"), 100, 30)
	d := s.(*TopicDetail)
	out := plain(d)
	for _, want := range []string{"Consumer groups (2, total lag 1,251)", "atm-audit", "Empty", "3/3", "1,234", "bank-readers", "2/3", "17"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	golden(t, "topicdetail_groups.golden", out)
	golden(t, "topicdetail_groups_160x45.golden", plainAt(d, 160, 45))

	// tab: configs → partitions → groups; enter opens the group.
	s, _ = press(d, "tab", "tab")
	d = s.(*TopicDetail)
	if d.focus != paneGroups {
		t.Fatalf("focus = %v, want the groups pane", d.focus)
	}
	_, msgs := press(d, "down", "enter")
	if nav := navigations(msgs); len(nav) != 1 || nav[0] != (Route{Kind: RouteGroupDetail, Group: "bank-readers"}) {
		t.Errorf("enter on bank-readers: %v", nav)
	}
	s, _ = press(d, "tab")
	if s.(*TopicDetail).focus != paneConfigs {
		t.Errorf("tab from the groups should go back to the configs")
	}
}

func TestDetailGroupsNoneAndSmall(t *testing.T) {
	d := newTestDetail(t, bankFake(), 80, 24)
	if !strings.Contains(plain(d), "none has committed offsets on this topic") {
		t.Errorf("view:\n%s", plain(d))
	}
	s, _ := press(d, "tab", "tab")
	if s.(*TopicDetail).focus != paneConfigs {
		t.Errorf("with no groups, tab skips the groups pane")
	}
	// Too short for a third pane: it is left out, the others stay usable.
	d.SetSize(80, 12)
	if strings.Contains(plain(d), "Consumer groups") {
		t.Errorf("no groups pane at 80x12:\n%s", plain(d))
	}
}
