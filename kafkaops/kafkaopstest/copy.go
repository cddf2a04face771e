package kafkaopstest

import (
	"context"
	"sync"

	"kscope/kafkaops"
)

// CopyFake is a FormsFake whose Copy hands out Events (or fails with
// CopyErr) and records each request with its context, so a test can see
// what was asked and whether it was cancelled.
type CopyFake struct {
	*FormsFake

	Cmu      sync.Mutex
	Events   chan kafkaops.CopyEvent
	CopyErr  error
	Requests []kafkaops.CopyRequest
	ctxs     []context.Context
}

// NewCopyFake returns a CopyFake over f whose Events hold up to 64
// events.
func NewCopyFake(f *FormsFake) *CopyFake {
	return &CopyFake{FormsFake: f, Events: make(chan kafkaops.CopyEvent, 64)}
}

// Copy records r and its context and hands out Events, or fails with
// CopyErr.
func (f *CopyFake) Copy(ctx context.Context, r kafkaops.CopyRequest) (<-chan kafkaops.CopyEvent, error) {
	f.Cmu.Lock()
	defer f.Cmu.Unlock()
	f.Requests = append(f.Requests, r)
	f.ctxs = append(f.ctxs, ctx)
	if f.CopyErr != nil {
		return nil, f.CopyErr
	}
	return f.Events, nil
}

// CopyCancelled reports whether the last copy's context was cancelled.
func (f *CopyFake) CopyCancelled() bool {
	f.Cmu.Lock()
	defer f.Cmu.Unlock()
	return len(f.ctxs) > 0 && f.ctxs[len(f.ctxs)-1].Err() != nil
}
