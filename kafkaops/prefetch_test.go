package kafkaops

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// countingLister is a Service whose ListTopicNames counts its calls and
// answers one topic named after the call's number, after a delay.
type countingLister struct {
	Service
	calls  atomic.Int32
	delay  time.Duration
	fail   error
	closed atomic.Bool
}

func (c *countingLister) ListTopicNames(ctx context.Context) ([]Topic, error) {
	n := c.calls.Add(1)
	select {
	case <-time.After(c.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if c.fail != nil {
		return nil, c.fail
	}
	return []Topic{{Name: string(rune('0' + n))}}, nil
}

func (c *countingLister) Close() error { c.closed.Store(true); return nil }

// The first call waits for the listing already on its way instead of
// asking again; the second asks.
func TestPrefetchAnswersTheFirstCallOnce(t *testing.T) {
	inner := &countingLister{delay: 50 * time.Millisecond}
	svc := PrefetchTopicNames(inner)
	ctx := context.Background()
	topics, err := svc.ListTopicNames(ctx)
	if err != nil || len(topics) != 1 || topics[0].Name != "1" {
		t.Fatalf("first call: %v, %v; want the prefetched listing (call 1)", topics, err)
	}
	if n := inner.calls.Load(); n != 1 {
		t.Fatalf("the first call asked the service again: %d calls", n)
	}
	topics, err = svc.ListTopicNames(ctx)
	if err != nil || topics[0].Name != "2" {
		t.Fatalf("second call: %v, %v; want a fresh listing (call 2)", topics, err)
	}
	if err := svc.Close(); err != nil || !inner.closed.Load() {
		t.Errorf("Close did not close the service (err %v)", err)
	}
}

// A listing older than prefetchFresh, or one that failed, is not used.
func TestPrefetchStaleOrFailedAsksAgain(t *testing.T) {
	for name, p := range map[string]*prefetched{
		"stale":  {topics: []Topic{{Name: "old"}}, at: time.Now().Add(-prefetchFresh - time.Second)},
		"failed": {err: errors.New("refused"), at: time.Now()},
	} {
		inner := &countingLister{}
		p.Service, p.done, p.cancel = inner, make(chan struct{}), func() {}
		close(p.done)
		topics, err := p.ListTopicNames(context.Background())
		if err != nil || len(topics) != 1 || topics[0].Name != "1" {
			t.Errorf("%s: %v, %v; want the service's own listing", name, topics, err)
		}
	}
}

// Close stops a prefetch that is still waiting for its answer.
func TestPrefetchCloseCancels(t *testing.T) {
	inner := &countingLister{delay: time.Hour}
	svc := PrefetchTopicNames(inner).(*prefetched)
	for inner.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	_ = svc.Close()
	select {
	case <-svc.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the prefetch kept waiting after Close")
	}
}
