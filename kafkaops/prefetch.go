package kafkaops

import (
	"context"
	"sync"
	"time"
)

// prefetchFresh is how long after it arrived a prefetched topic listing
// may still answer the first ListTopicNames call: the launch asks for it
// within a few hundred milliseconds; a screen opened later lists afresh.
const prefetchFresh = 2 * time.Second

// PrefetchTopicNames starts listing every topic of svc at once, in the
// background, and returns svc with ListTopicNames answering its first call
// with that listing when it is fresh (under prefetchFresh old, waiting for
// it while it is on its way). The explorer calls it as soon as the
// service exists: the broker builds its answer (a quarter of a second at
// 100,000 topics) while the terminal and the first screen are set up,
// instead of after. Every other call, and every later or stale one, goes
// to svc. Close stops a prefetch still waiting for its answer.
func PrefetchTopicNames(svc Service) Service {
	ctx, cancel := context.WithCancel(context.Background())
	p := &prefetched{Service: svc, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.topics, p.err = svc.ListTopicNames(ctx)
		p.at = time.Now()
	}()
	return p
}

// prefetched is a Service whose first ListTopicNames may be answered by
// a listing started earlier.
type prefetched struct {
	Service
	cancel context.CancelFunc
	done   chan struct{} // closed when the listing has arrived or failed

	once   sync.Once // the listing answers at most one call
	topics []Topic
	err    error
	at     time.Time // when the listing arrived
}

// ListTopicNames answers the first call with the prefetched listing if it
// is fresh and succeeded, else asks the service.
func (p *prefetched) ListTopicNames(ctx context.Context) ([]Topic, error) {
	var topics []Topic
	ok := false
	p.once.Do(func() {
		select {
		case <-p.done:
		case <-ctx.Done():
			return
		}
		ok = p.err == nil && time.Since(p.at) < prefetchFresh
		topics = p.topics
		p.topics = nil // the screen owns the slice from here
	})
	if ok {
		return topics, nil
	}
	return p.Service.ListTopicNames(ctx)
}

// Close stops a prefetch still on its way, then closes the service.
func (p *prefetched) Close() error {
	p.cancel()
	return p.Service.Close()
}
