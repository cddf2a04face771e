package ui

import (
	"testing"

	"kscope/views/kit"
)

// topicStub is a stub screen that shows one topic, as the topic detail
// does.
type topicStub struct {
	stubScreen
	topic string
}

func (s *topicStub) TopicInView() string { return s.topic }

// Issue 13 item 7: on a topic's screen, :tail, :produce and :delete with
// no argument act on the topic in view; elsewhere they still ask for one.
func TestPaletteUsesTheTopicInView(t *testing.T) {
	for _, cmd := range []string{"tail", "produce", "delete"} {
		var got []kit.Route
		build := func(r kit.Route, env Env) (kit.Screen, bool) {
			switch r.Kind {
			case kit.RouteTopicDetail:
				return &topicStub{stubScreen: stubScreen{title: r.Topic}, topic: r.Topic}, true
			case kit.RouteTail, kit.RouteProduce, kit.RouteDeleteTopic:
				got = append(got, r)
				return &stubScreen{title: "opened " + r.Topic}, true
			}
			return stubBuilder(r, env)
		}
		h := newHarness(t, newFakeService(), func(o *Options) { o.Build = build })
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
		h.press(":")
		h.typeText(cmd)
		h.press("enter")
		if len(got) != 1 || got[0].Topic != "bankbranch" {
			t.Errorf(":%s on bankbranch's detail opened %+v, want bankbranch", cmd, got)
		}
		if h.titles() != "Topics > opened bankbranch" {
			t.Errorf(":%s: stack %q", cmd, h.titles())
		}
	}
}
