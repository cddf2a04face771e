package kafkaopstest

import "context"

// HoldTopicNames keeps every ListTopicNames call from now on waiting, as
// a cluster of a million topics keeps the first listing waiting for 10
// to 20 seconds, until release is called or the call's context ends
// (the call then fails with the context's error). release may be called
// more than once.
func (f *FakeService) HoldTopicNames() (release func()) {
	held := make(chan struct{})
	f.Mu.Lock()
	f.namesHeld = held
	f.Mu.Unlock()
	closed := false
	return func() {
		f.Mu.Lock()
		defer f.Mu.Unlock()
		if !closed {
			closed = true
			close(held)
		}
		if f.namesHeld == held {
			f.namesHeld = nil
		}
	}
}

// waitNames waits while ListTopicNames is held; it returns ctx's error
// when ctx ends first.
func (f *FakeService) waitNames(ctx context.Context) error {
	f.Mu.Lock()
	held := f.namesHeld
	f.Mu.Unlock()
	if held == nil {
		return nil
	}
	select {
	case <-held:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
