package kafkaops_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"kscope/kafkaops"
)

// countingDown is unavailable for its first fails calls, then decodes.
type countingDown struct {
	fails int32
	calls atomic.Int32
}

func (d *countingDown) Decode(_ context.Context, data []byte) ([]byte, string, error) {
	if d.calls.Add(1) <= d.fails {
		return nil, "", kafkaops.DecodeUnavailable(errors.New("schema id 1: registry unavailable: 503"))
	}
	return []byte(`{"n":1}`), "id 1", nil
}

// DecodeRetry tries an unavailable registry again within its bound; once
// a record of an id used the whole wait in vain, the next one of that id
// is tried once; a decode that succeeds gives the id its wait back.
func TestDecodeRetryBoundedPerSchemaID(t *testing.T) {
	wire := []byte{0, 0, 0, 0, 1, 2}
	ctx := context.Background()
	p := &kafkaops.DecodeRetry{First: 10 * time.Millisecond, Max: 20 * time.Millisecond, Total: 100 * time.Millisecond}
	d := &countingDown{fails: 2}
	js, _, err := p.Wrap(d).Decode(ctx, wire)
	if err != nil || string(js) != `{"n":1}` || d.calls.Load() != 3 {
		t.Fatalf("two failures then the answer: %s, %v after %d calls", js, err, d.calls.Load())
	}
	down := &countingDown{fails: 1 << 20}
	p = &kafkaops.DecodeRetry{First: 10 * time.Millisecond, Max: 20 * time.Millisecond, Total: 100 * time.Millisecond}
	start := time.Now()
	_, _, err = p.Wrap(down).Decode(ctx, wire)
	if !errors.Is(err, kafkaops.ErrDecodeUnavailable) || time.Since(start) > time.Second {
		t.Fatalf("registry down: %v after %v", err, time.Since(start))
	}
	// 10+20+20+20+20 = 90 ms of pauses: 6 tries.
	if n := down.calls.Load(); n != 6 {
		t.Errorf("%d tries within 100 ms of pauses, want 6", n)
	}
	down.calls.Store(0)
	p.Wrap(down).Decode(ctx, wire)
	if n := down.calls.Load(); n != 1 {
		t.Errorf("the next record of a spent id took %d tries, want 1", n)
	}
	down.fails = 0
	down.calls.Store(0)
	if _, _, err := p.Wrap(down).Decode(ctx, wire); err != nil {
		t.Fatal(err)
	}
	down.fails = 1 << 20
	down.calls.Store(0)
	p.Wrap(down).Decode(ctx, wire)
	if n := down.calls.Load(); n != 6 {
		t.Errorf("after a success the id waits again: %d tries, want 6", n)
	}
	if p.Wrap(nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
}

// topicDown is a TopicDecoder whose DecodeFor is countingDown's Decode.
type topicDown struct{ *countingDown }

func (d topicDown) DecodeFor(ctx context.Context, _ string, _ bool, data []byte) ([]byte, string, error) {
	return d.Decode(ctx, data)
}

func (topicDown) Local(string, bool) bool { return true }

// A TopicDecoder stays one, with the retries on DecodeFor.
func TestDecodeRetryKeepsTopicDecoder(t *testing.T) {
	p := &kafkaops.DecodeRetry{First: time.Millisecond, Max: time.Millisecond, Total: 10 * time.Millisecond}
	d := topicDown{&countingDown{fails: 1}}
	td, ok := p.Wrap(d).(kafkaops.TopicDecoder)
	if !ok || !td.Local("t", false) {
		t.Fatal("the wrapped decoder is no TopicDecoder")
	}
	if js, _, err := td.DecodeFor(context.Background(), "t", false, []byte("plain")); err != nil || string(js) != `{"n":1}` || d.calls.Load() != 2 {
		t.Errorf("DecodeFor after one failure: %s, %v, %d calls", js, err, d.calls.Load())
	}
}
