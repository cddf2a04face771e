package ui

import (
	"strings"
	"testing"
	"time"
)

// q and ctrl+c quit at once while the first topic listing is still on
// its way (a million topics keep it waiting 10 to 20 seconds).
func TestQuitWhileFirstListingWaits(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		svc := newDemoService()
		release := svc.HoldTopicNames()
		h := newHarness(t, svc, func(o *Options) { o.Build = nil })
		if v := h.view(); !strings.Contains(v, "Loading topics…") {
			release()
			t.Fatalf("the listing is held, yet:\n%s", v)
		}
		start := time.Now()
		h.press(k)
		if !h.quit {
			t.Errorf("%s did not quit while the listing waits", k)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s took %v to quit", k, took)
		}
		release()
	}
}
