package ui

import (
	"context"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/search"
)

type routeDecoder struct{}

func (routeDecoder) Decode(context.Context, []byte) ([]byte, string, error) {
	return nil, "", kafkaops.ErrNotEncoded
}

// Issue 14: :search scans with the explorer's decoder, so field=value
// reads decoded values there as in the tail.
func TestSearchRouteGetsTheDecoder(t *testing.T) {
	f := kafkaopstest.NewScanFake(newDemoService())
	h := newHarness(t, f.FakeService, func(o *Options) { o.Build = DefaultBuilder; o.Service = f; o.Decoder = routeDecoder{} })
	h.press(":")
	h.typeText("search bankbranch amount=20")
	h.press("enter")
	s, ok := h.top().(*search.Search)
	if !ok {
		t.Fatalf("top screen is %T, want the search", h.top())
	}
	defer s.Close()
	req, ok := f.LastRequest()
	if !ok || req.Decoder == nil {
		t.Fatalf("the scan got no decoder: %+v", req)
	}
}
