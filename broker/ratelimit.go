package broker

import (
	"sync"
	"time"
)

// maxRefusalLines is how many refused requests the broker logs per
// second; a client looping on a bad request must not flood stderr.
const maxRefusalLines = 10

// refusalLimiter counts refusal lines per one-second window.
type refusalLimiter struct {
	mu         sync.Mutex
	window     time.Time
	n          int
	suppressed int
}

// allow reports whether one more line may be logged now, and how many
// were suppressed in the window that just ended (to be told once).
func (l *refusalLimiter) allow(now time.Time) (ok bool, suppressed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.window) >= time.Second {
		suppressed, l.suppressed = l.suppressed, 0
		l.window, l.n = now, 0
	}
	if l.n >= maxRefusalLines {
		l.suppressed++
		return false, 0
	}
	l.n++
	return true, suppressed
}

// refused logs a refused request, at most maxRefusalLines a second.
func (g *guard) refused(format string, args ...any) {
	ok, suppressed := g.limit.allow(time.Now())
	if suppressed > 0 {
		g.log.warnf("%d more refused requests were not logged", suppressed)
	}
	if ok {
		g.log.warnf(format, args...)
	}
}
