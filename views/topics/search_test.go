package topics

import (
	"testing"

	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestTopicsSearchKeyOpensSearch(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{ReadOnly: true})
	want, _ := tp.Selected()
	_, msgs := kittest.Press(tp, "f")
	if got := kittest.Navigations(msgs); len(got) != 1 || got[0] != (kit.Route{Kind: kit.RouteSearch, Topic: want.Name}) {
		t.Errorf("f navigated to %+v, want the search of %q", got, want.Name)
	}
}

func TestDetailSearchKeyOpensSearch(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	_, msgs := kittest.Press(d, "S")
	if got := kittest.Navigations(msgs); len(got) != 1 || got[0] != (kit.Route{Kind: kit.RouteSearch, Topic: "bankbranch"}) {
		t.Errorf("S navigated to %+v, want the search of bankbranch", got)
	}
}
