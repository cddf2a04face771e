package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// helpService answers every screen the help tests open: the demo fake,
// with a tail and a search that stream nothing and no consumer groups.
type helpService struct {
	*fakeService
	tail   *kafkaopstest.TailFake
	scan   *kafkaopstest.ScanFake
	groups *kafkaopstest.GroupsFake
}

func (s helpService) Tail(ctx context.Context, r kafkaops.TailRequest) (<-chan kafkaops.TailBatch, error) {
	return s.tail.Tail(ctx, r)
}

func (s helpService) Scan(ctx context.Context, r kafkaops.ScanRequest) (<-chan kafkaops.ScanEvent, error) {
	return s.scan.Scan(ctx, r)
}

func (s helpService) GroupOverviews(ctx context.Context) ([]kafkaops.GroupOverview, error) {
	return s.groups.GroupOverviews(ctx)
}

// helpHarness is the explorer on helpService.
func helpHarness(t *testing.T) *harness {
	demo := newDemoService()
	tail, groups := kafkaopstest.NewTailFake(), kafkaopstest.NewGroupsFake()
	tail.FakeService, groups.FakeService = demo, demo
	svc := helpService{fakeService: demo, tail: tail, scan: kafkaopstest.NewScanFake(demo), groups: groups}
	return newHarness(t, demo, func(o *Options) { o.Build = DefaultBuilder; o.Service = svc })
}

// The full help fits the body at 60x15 and 80x24 on every screen family:
// the box is whole (its bottom border drawn), the global keys are in it,
// and when screen keys had to be left out its last line says how many.
func TestFullHelpFitsSmallTerminals(t *testing.T) {
	routes := map[string]kit.Route{
		"topics":  {Kind: kit.RouteTopics},
		"tail":    {Kind: kit.RouteTail, Topic: "bankbranch"},
		"groups":  {Kind: kit.RouteGroups},
		"brokers": {Kind: kit.RouteBrokers},
		"schemas": {Kind: kit.RouteSchemas},
		"search":  {Kind: kit.RouteSearch, Topic: "bankbranch", Args: "atm"},
	}
	for name, r := range routes {
		for _, size := range [][2]int{{60, 15}, {80, 24}, {40, 12}} {
			h := helpHarness(t)
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			h.send(kit.NavigateMsg{Route: r})
			h.press("?")
			v := h.view()
			lines := strings.Split(v, "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			box := strings.Join(lines[headerHeight:len(lines)-2], "\n")
			if !strings.Contains(box, "┗") {
				t.Errorf("%s at %dx%d: the help box has no bottom border:\n%s", name, size[0], size[1], v)
			}
			for _, want := range []string{"esc", "q", "quit", "ctrl+c", "? or esc closes"} {
				if !strings.Contains(box, want) {
					t.Errorf("%s at %dx%d: the help box lacks %q:\n%s", name, size[0], size[1], want, v)
				}
			}
			if size[0] == 80 && strings.Contains(box, "more key") {
				t.Errorf("%s at 80x24: keys left out of the help:\n%s", name, v)
			}
		}
	}
}

// At 60x15 the topic browser's help leaves the movement keys out, says
// so, and keeps its own actions.
func TestFullHelpCutSaysHowMany(t *testing.T) {
	h := helpHarness(t)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTail, Topic: "bankbranch"}})
	h.press("?")
	v := h.view()
	for _, want := range []string{"5 more keys need a bigger terminal", "e     export", "C      copy matches", "ctrl+c quit"} {
		if !strings.Contains(v, want) {
			t.Errorf("tail help at 60x15 lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "page up") {
		t.Errorf("tail help at 60x15 kept a movement key rather than say it left it out:\n%s", v)
	}
}

// On the first screen esc goes nowhere: the full help does not offer
// "esc back" there (only "? or esc closes this help"); a screen above it
// does.
func TestFullHelpOffersEscBackOnlyAboveTheFirstScreen(t *testing.T) {
	h := helpHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.press("?")
	if v := h.view(); strings.Contains(v, "esc    back") || strings.Contains(v, "esc back") {
		t.Errorf("the topic browser's help offers esc back:\n%s", v)
	}
	h.press("?")
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
	h.press("?")
	if v := h.view(); !strings.Contains(v, "back") {
		t.Errorf("the brokers' help lacks esc back:\n%s", v)
	}
}
