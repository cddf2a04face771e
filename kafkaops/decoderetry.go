package kafkaops

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DecodeRetry makes a reader that writes each record once (kscope
// consume) try a record again while the registry is unavailable for a
// reason that may pass (ErrDecodeUnavailable: no answer, 5xx, 408, 429),
// a few times with a growing pause and a bounded total wait, before it
// gives up on the record and shows it raw with the reason. The Decoder's
// own backoff (the tail's) says when the registry is asked again; these
// tries only wait for it. Once a schema id's record has used its whole
// wait in vain, the next records of that id are tried once, without
// waiting, until one decodes: a registry that stays down costs one wait,
// not one per record. It is safe for concurrent use.
type DecodeRetry struct {
	// First is the first pause; each pause doubles up to Max, and the
	// pauses for one record add up to at most Total.
	First, Max, Total time.Duration

	mu    sync.Mutex
	spent map[int]bool
}

// NewDecodeRetry returns kscope consume's retry: pauses of 250 ms, 500
// ms, then 1 s, at most 3 s in all per record.
func NewDecodeRetry() *DecodeRetry {
	return &DecodeRetry{First: 250 * time.Millisecond, Max: time.Second, Total: 3 * time.Second}
}

// Wrap returns d with the retries (a TopicDecoder stays one); d as it is
// when it is nil.
func (p *DecodeRetry) Wrap(d Decoder) Decoder {
	if d == nil {
		return nil
	}
	rd := retryDecoder{d: d, p: p}
	if td, ok := d.(TopicDecoder); ok {
		return retryTopicDecoder{retryDecoder: rd, td: td}
	}
	return rd
}

// try calls call until it answers with anything but an unavailable
// registry, or the wait for data's schema id is used up.
func (p *DecodeRetry) try(ctx context.Context, data []byte, call func() ([]byte, string, error)) ([]byte, string, error) {
	id, ok := SchemaID(data)
	if !ok {
		id = -1
	}
	pause, waited := p.First, time.Duration(0)
	for {
		js, info, err := call()
		if !errors.Is(err, ErrDecodeUnavailable) {
			p.setSpent(id, false)
			return js, info, err
		}
		if p.isSpent(id) || pause <= 0 || waited+pause > p.Total || !sleepCtx(ctx, pause) {
			p.setSpent(id, true)
			return js, info, err
		}
		waited += pause
		pause = min(pause*2, p.Max)
	}
}

func (p *DecodeRetry) isSpent(id int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.spent[id]
}

func (p *DecodeRetry) setSpent(id int, spent bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !spent {
		delete(p.spent, id)
		return
	}
	if p.spent == nil {
		p.spent = map[int]bool{}
	}
	p.spent[id] = true
}

// retryDecoder is a Decoder with DecodeRetry's tries.
type retryDecoder struct {
	d Decoder
	p *DecodeRetry
}

// Decode decodes data with the tries.
func (r retryDecoder) Decode(ctx context.Context, data []byte) ([]byte, string, error) {
	return r.p.try(ctx, data, func() ([]byte, string, error) { return r.d.Decode(ctx, data) })
}

// retryTopicDecoder is a TopicDecoder with DecodeRetry's tries.
type retryTopicDecoder struct {
	retryDecoder
	td TopicDecoder
}

// DecodeFor decodes data of topic with the tries.
func (r retryTopicDecoder) DecodeFor(ctx context.Context, topic string, key bool, data []byte) ([]byte, string, error) {
	return r.p.try(ctx, data, func() ([]byte, string, error) { return r.td.DecodeFor(ctx, topic, key, data) })
}

// Local reports whether topic's keys or values have a local schema.
func (r retryTopicDecoder) Local(topic string, key bool) bool { return r.td.Local(topic, key) }
