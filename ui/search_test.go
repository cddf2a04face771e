package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/search"
)

func TestPaletteSearchOpensSearchWithQuery(t *testing.T) {
	f := kafkaopstest.NewScanFake(newDemoService())
	f.Events <- kafkaops.ScanEvent{Matches: []kafkaops.Record{kafkaopstest.TestRecord(1, 12, "acct-9", `{"kind":"atm"}`)}}
	h := newHarness(t, f.FakeService, func(o *Options) { o.Build = DefaultBuilder; o.Service = f })
	h.press(":")
	h.typeText("search bankbranch atm")
	h.press("enter")
	s, ok := h.top().(*search.Search)
	if !ok {
		t.Fatalf("top screen is %T (stack %q), want the search", h.top(), h.titles())
	}
	defer s.Close()
	req, ok := f.LastRequest()
	if !ok || req.Topic != "bankbranch" || req.Filter == nil || req.Filter.Text() != "atm" {
		t.Fatalf("scan request = %+v, want bankbranch filtered by atm", req)
	}
	v := h.view()
	for _, want := range []string{"Search bankbranch", "/atm", "acct-9", `{"kind":"atm"}`} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}
