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
)

// retryListener is a net.Listener whose Accept rides out temporary errors.
type retryListener struct {
	net.Listener
	logf func(format string, args ...any)

	closeOnce sync.Once
	done      chan struct{}
}

// retryAccept wraps ln so that its Accept retries temporary errors; logf
// (which may be nil) is told when a burst of them starts and ends.
func retryAccept(ln net.Listener, logf func(format string, args ...any)) net.Listener {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &retryListener{Listener: ln, logf: logf, done: make(chan struct{})}
}

// Accept waits for the next connection. It returns an error only when the
// listener is closed or the error is not one that passes with time.
func (l *retryListener) Accept() (net.Conn, error) {
	var (
		backoff  time.Duration
		failures int
		since    time.Time
	)
	for {
		conn, err := l.Listener.Accept()
		if err == nil {
			if failures > 0 {
				l.logf("accepting connections again after %d failed attempts over %s", failures, time.Since(since).Round(time.Millisecond))
			}
			return conn, nil
		}
		if !temporaryAcceptError(err) {
			return nil, err
		}
		if failures == 0 {
			since = time.Now()
			l.logf("cannot accept a connection: %v; retrying until it clears (close idle clients or raise the limit: ulimit -n)", err)
		}
		failures++
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
	l.closeOnce.Do(func() { close(l.done) })
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
