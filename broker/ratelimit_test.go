package broker

import (
	"testing"
	"time"
)

func TestRefusalLimiter(t *testing.T) {
	var l refusalLimiter
	start := time.Unix(1000, 0)
	allowed := 0
	for i := 0; i < 50; i++ {
		if ok, _ := l.allow(start.Add(time.Duration(i) * time.Millisecond)); ok {
			allowed++
		}
	}
	if allowed != maxRefusalLines {
		t.Errorf("%d lines allowed in one second, want %d", allowed, maxRefusalLines)
	}
	ok, suppressed := l.allow(start.Add(1500 * time.Millisecond))
	if !ok || suppressed != 50-maxRefusalLines {
		t.Errorf("next second: ok=%v suppressed=%d, want true and %d", ok, suppressed, 50-maxRefusalLines)
	}
}
