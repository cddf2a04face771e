package kafkaops

import (
	"context"
	"strings"
	"time"
)

// ScanDecodeWait bounds how long a scan waits for a schema still being
// fetched, per record: past it the record is matched and delivered raw.
const ScanDecodeWait = 5 * time.Second

// decode decodes r with the scan's Decoder, if any, waiting for a schema
// being fetched (not past the scan's end: esc is not held up).
func (s *scanSink) decode(r *Record) {
	if d := s.run.req.Decoder; d != nil {
		decodeWait(s.run.ctx, d, r, ScanDecodeWait, s.run.req.KeepPending)
	}
}

// emitDecoded hands a match to the emitter with its decoding, which the
// decoder allocated (the emitter copies only the bytes of the response).
func (s *scanSink) emitDecoded(r *Record) {
	e := &s.emit
	if !e.add(r.Offset, r.Timestamp, r.Key, r.Value, r.Headers) {
		return
	}
	p := &e.pending[len(e.pending)-1]
	p.Decoded, p.Schema, p.DecodeErr = r.Decoded, r.Schema, r.DecodeErr
	p.KeyDecoded, p.KeySchema, p.KeyDecodeErr = r.KeyDecoded, r.KeySchema, r.KeyDecodeErr
	p.DecodePending = r.DecodePending
	e.sealFull()
}

// DecodeWait decodes r with d, trying again while a schema is being
// fetched, for at most wait; a schema still pending then is said in the
// part's reason, and so is an unavailable registry (not waited for: the
// record is not decoded again). For readers that must not show a record
// raw only because the registry is slow to answer once (scans, kscope
// consume).
func DecodeWait(ctx context.Context, d Decoder, r *Record, wait time.Duration) {
	decodeWait(ctx, d, r, wait, false)
}

// decodeWait is DecodeWait; with keep, a part whose registry was
// unavailable or whose schema has not come within wait stays pending, to
// be decoded again later.
func decodeWait(ctx context.Context, d Decoder, r *Record, wait time.Duration, keep bool) {
	if d == nil {
		return
	}
	if !keep {
		defer settle(r)
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for DecodeRecord(ctx, d, r) {
		select {
		case <-ctx.Done():
			const why = "the schema registry has not answered yet"
			if r.Decoded == nil && r.DecodeErr == "" && mayDecode(d, r.Topic, false, r.Value) {
				r.DecodeErr = why
			}
			if r.KeyDecoded == nil && r.KeyDecodeErr == "" && mayDecode(d, r.Topic, true, r.Key) {
				r.KeyDecodeErr = why
			}
			r.DecodePending = keep // a later decode may find the schema
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// settle marks r as decoded for good, for a reader that does not decode
// it again: a reason no longer says it is being retried.
func settle(r *Record) {
	r.DecodeErr = strings.TrimPrefix(r.DecodeErr, retryNote)
	r.KeyDecodeErr = strings.TrimPrefix(r.KeyDecodeErr, retryNote)
	r.DecodePending = false
}
