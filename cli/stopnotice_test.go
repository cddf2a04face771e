package cli

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A broker that stops at once stops quietly; one that takes longer than
// the notice delay is announced, and its error still comes back.
func TestStopSayingAnnouncesOnlyASlowStop(t *testing.T) {
	var out strings.Builder
	if err := stopSaying(func() error { return nil }, &out, time.Second); err != nil || out.Len() != 0 {
		t.Errorf("a quick stop: err %v, said %q", err, out.String())
	}
	slow := errors.New("final save failed")
	err := stopSaying(func() error { time.Sleep(150 * time.Millisecond); return slow }, &out, 20*time.Millisecond)
	if !errors.Is(err, slow) || !strings.Contains(out.String(), "stopping the bundled broker") {
		t.Errorf("a slow stop: err %v, said %q", err, out.String())
	}
}
