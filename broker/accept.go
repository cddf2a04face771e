package broker

import (
	"errors"
	"net"
	"sync"
	"syscall"
	"time"
)

// kfake's accept loop returns on the first error from Accept, after which
// the broker refuses every connection for good while the process lives on.
// Out of file descriptors (EMFILE, ENFILE) is the usual one: it clears as
// soon as some connections close. retryListener keeps such errors from
// kfake: it waits, with backoff, and accepts again, logging once per burst
// of failures rather than once per try.

const (
	acceptBackoffMin = 5 * time.Millisecond
	acceptBackoffMax = time.Second
	// acceptQuiet ends a burst: failures closer together than this are
	// one burst, also when a few accepts succeed in between (at the limit,
	// each closed connection lets one more in). Longer than the longest
	// backoff, so a burst still failing is never taken for over.
	acceptQuiet = 2 * acceptBackoffMax
)

// retryListener is a net.Listener whose Accept rides out temporary errors.
type retryListener struct {
	net.Listener
	burst acceptBurst

	closeOnce sync.Once
	done      chan struct{}
}

// acceptBurst logs a burst of accept failures: one line when it starts,
// one when no failure has followed for acceptQuiet.
type acceptBurst struct {
	logf func(format string, args ...any)

	mu          sync.Mutex
	failing     bool
	failures    int
	first, last time.Time
	timer       *time.Timer
}

// failed records one failed accept.
func (a *acceptBurst) failed(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	if !a.failing {
		a.failing, a.failures, a.first = true, 0, now
		a.logf("cannot accept a connection: %v; retrying until it clears (close idle clients or raise the limit: ulimit -n)", err)
	}
	a.failures++
	a.last = now
	if a.timer == nil {
		a.timer = time.AfterFunc(acceptQuiet, a.quiet)
	} else {
		a.timer.Reset(acceptQuiet)
	}
}

// quiet ends the burst once acceptQuiet has passed without a failure.
func (a *acceptBurst) quiet() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.failing {
		return
	}
	if wait := acceptQuiet - time.Since(a.last); wait > 0 {
		a.timer.Reset(wait)
		return
	}
	a.failing = false
	a.logf("accepting connections again after %d failed attempts over %s", a.failures, a.last.Sub(a.first).Round(time.Millisecond))
}

// stop drops a pending end-of-burst line.
func (a *acceptBurst) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timer != nil {
		a.timer.Stop()
	}
}

// retryAccept wraps ln so that its Accept retries temporary errors; logf
// (which may be nil) is told when a burst of them starts and ends.
func retryAccept(ln net.Listener, logf func(format string, args ...any)) net.Listener {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &retryListener{Listener: ln, burst: acceptBurst{logf: logf}, done: make(chan struct{})}
}

// Accept waits for the next connection. It returns an error only when the
// listener is closed or the error is not one that passes with time.
func (l *retryListener) Accept() (net.Conn, error) {
	var backoff time.Duration
	for {
		conn, err := l.Listener.Accept()
		if err == nil {
			return conn, nil
		}
		if !temporaryAcceptError(err) {
			return nil, err
		}
		l.burst.failed(err)
		backoff = min(max(2*backoff, acceptBackoffMin), acceptBackoffMax)
		t := time.NewTimer(backoff)
		select {
		case <-l.done:
			t.Stop()
			return nil, net.ErrClosed
		case <-t.C:
		}
	}
}

// Close closes the listener and ends an Accept waiting to retry.
func (l *retryListener) Close() error {
	l.closeOnce.Do(func() {
		close(l.done)
		l.burst.stop()
	})
	return l.Listener.Close()
}

// temporaryAcceptError reports whether an Accept error passes with time:
// no descriptors or buffers left, or a connection that died before it was
// accepted.
func temporaryAcceptError(err error) bool {
	if errors.Is(err, net.ErrClosed) {
		return false
	}
	for _, errno := range []syscall.Errno{
		syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM,
		syscall.ECONNABORTED, syscall.ECONNRESET, syscall.EINTR, syscall.EAGAIN,
	} {
		if errors.Is(err, errno) {
			return true
		}
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
