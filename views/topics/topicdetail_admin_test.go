package topics

import (
	"testing"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// TestDetailAdminKeys: in the configs pane e edits the config on the top
// line (the first match of a kept filter), a adds an override, P purges;
// each asks the root for the route (which refuses it when read-only).
func TestDetailAdminKeys(t *testing.T) {
	f := BankFake()
	var s kit.Screen = newTestDetail(t, f, 120, 40)
	nav := func(keys ...any) kit.Route {
		t.Helper()
		s2, ms := kittest.KeysAll(s, keys...)
		s = s2
		out := kittest.Navigations(ms)
		if len(out) != 1 {
			t.Fatalf("keys %v: navigations %v (messages %v)", keys, out, ms)
		}
		return out[0]
	}
	if r := nav("e"); r.Kind != kit.RouteEditTopicConfig || r.Topic != "bankbranch" || r.Config != "leader.replication.throttled.replicas" {
		t.Errorf("e on the unfiltered pane: %+v, want the first override", r)
	}
	if r := nav("/", "retention.ms", "enter", "e"); r.Kind != kit.RouteEditTopicConfig || r.Config != "retention.ms" {
		t.Errorf("e on the filtered pane: %+v, want retention.ms", r)
	}
	if r := nav("a"); r.Kind != kit.RouteEditTopicConfig || r.Config != "" || r.Topic != "bankbranch" {
		t.Errorf("a: %+v, want an edit route without a name", r)
	}
	if r := nav("P"); r.Kind != kit.RoutePurge || r.Topic != "bankbranch" {
		t.Errorf("P: %+v, want the purge of bankbranch", r)
	}
}

// TestDetailReloadsWhenItsTopicChanged: after a config edit or a purge
// (kit.TopicsChangedMsg for this topic) the detail asks for its configs
// again at once; another topic's change leaves it alone.
func TestDetailReloadsWhenItsTopicChanged(t *testing.T) {
	f := BankFake()
	s := newTestDetail(t, f, 120, 40)
	before := f.CallCount("TopicConfigs")
	kittest.Feed(s, kit.TopicsChangedMsg{Topic: "other"})
	if got := f.CallCount("TopicConfigs"); got != before {
		t.Errorf("another topic's change reloaded the configs (%d → %d calls)", before, got)
	}
	kittest.Feed(s, kit.TopicsChangedMsg{Topic: "bankbranch"})
	if got := f.CallCount("TopicConfigs"); got != before+1 {
		t.Errorf("configs loaded %d times after the change, want %d", got, before+1)
	}
}
