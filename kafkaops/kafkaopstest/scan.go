package kafkaopstest

import (
	"context"
	"sync"

	"kscope/kafkaops"
)

// ScanFake is a FakeService whose Scan hands out Events (or fails with
// ScanErr) and records each request with its context, so a test can see
// which filter a scan got and whether it was cancelled.
type ScanFake struct {
	*FakeService

	Smu      sync.Mutex
	Events   chan kafkaops.ScanEvent
	ScanErr  error
	Requests []kafkaops.ScanRequest
	ctxs     []context.Context
}

// NewScanFake returns a ScanFake over svc whose Events hold up to 64
// events; a nil svc is an empty FakeService.
func NewScanFake(svc *FakeService) *ScanFake {
	if svc == nil {
		svc = NewFakeService()
	}
	return &ScanFake{FakeService: svc, Events: make(chan kafkaops.ScanEvent, 64)}
}

// Scan records r and its context and hands out Events, or fails with
// ScanErr.
func (f *ScanFake) Scan(ctx context.Context, r kafkaops.ScanRequest) (<-chan kafkaops.ScanEvent, error) {
	f.Smu.Lock()
	defer f.Smu.Unlock()
	f.Requests = append(f.Requests, r)
	f.ctxs = append(f.ctxs, ctx)
	if f.ScanErr != nil {
		return nil, f.ScanErr
	}
	return f.Events, nil
}

// Scans returns how many scans were asked for.
func (f *ScanFake) Scans() int {
	f.Smu.Lock()
	defer f.Smu.Unlock()
	return len(f.Requests)
}

// LastRequest returns the last scan's request; false when none ran.
func (f *ScanFake) LastRequest() (kafkaops.ScanRequest, bool) {
	f.Smu.Lock()
	defer f.Smu.Unlock()
	if len(f.Requests) == 0 {
		return kafkaops.ScanRequest{}, false
	}
	return f.Requests[len(f.Requests)-1], true
}

// Cancelled reports whether the last scan's context was cancelled.
func (f *ScanFake) Cancelled() bool {
	f.Smu.Lock()
	defer f.Smu.Unlock()
	if len(f.ctxs) == 0 {
		return false
	}
	return f.ctxs[len(f.ctxs)-1].Err() != nil
}
