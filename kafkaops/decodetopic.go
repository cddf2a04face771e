package kafkaops

import (
	"context"
	"encoding/binary"
)

// TopicDecoder is a Decoder that also knows, per topic, local schema
// files for payloads written without the wire format's header (plain
// Avro, Protobuf or JSON Schema). DecodeRecord uses it when the Decoder
// it is given is one.
type TopicDecoder interface {
	Decoder
	// DecodeFor decodes a key (key true) or value of topic: with the
	// topic's local schema when it has one, else as Decode does. Its
	// errors are Decode's.
	DecodeFor(ctx context.Context, topic string, key bool, data []byte) (json []byte, info string, err error)
	// Local reports whether topic's keys (key true) or values have a
	// local schema: those are decoded whatever their first byte.
	Local(topic string, key bool) bool
}

// mayDecode reports whether d may decode data, a key or value of topic:
// it has a local schema for it, or data may be in the wire format.
func mayDecode(d Decoder, topic string, key bool, data []byte) bool {
	if td, ok := d.(TopicDecoder); ok && data != nil && td.Local(topic, key) {
		return true
	}
	return MaybeEncoded(data)
}

// decodeWith decodes with d, by topic when d is a TopicDecoder.
func decodeWith(ctx context.Context, d Decoder, topic string, key bool, data []byte) ([]byte, string, error) {
	if td, ok := d.(TopicDecoder); ok {
		return td.DecodeFor(ctx, topic, key, data)
	}
	return d.Decode(ctx, data)
}

// SchemaID returns the schema id in data's wire-format header, and false
// when data is not in the wire format.
func SchemaID(data []byte) (int, bool) {
	if !MaybeEncoded(data) {
		return 0, false
	}
	return int(binary.BigEndian.Uint32(data[1:5])), true
}

// BatchDecoder decodes many records, such as a tail's delivery, asking
// the Decoder at most once per schema id still being fetched: each ask
// waits the Decoder's bound, so a slow registry costs a delivery one wait
// per new schema id, not one per record. Records whose schema is pending
// are marked DecodePending. It is for one goroutine.
type BatchDecoder struct {
	d       Decoder
	pending map[int]bool
}

// NewBatchDecoder returns a BatchDecoder over d (nil: nothing decodes).
func NewBatchDecoder(d Decoder) *BatchDecoder { return &BatchDecoder{d: d} }

// Decode decodes r, or marks it pending without asking when its key's
// or value's schema id was pending earlier in this batch.
func (b *BatchDecoder) Decode(ctx context.Context, r *Record) {
	if b.d == nil {
		return
	}
	vid, venc := SchemaID(r.Value)
	kid, kenc := SchemaID(r.Key)
	if (venc && b.pending[vid] && r.Decoded == nil) || (kenc && b.pending[kid] && r.KeyDecoded == nil) {
		r.DecodePending = true
		return
	}
	sv := decodeValue(ctx, b.d, r)
	sk := decodeKey(ctx, b.d, r)
	r.DecodePending = sv.again() || sk.again()
	// An unavailable registry answers again at once (the session
	// remembers the failure until its backoff ends): only a fetch under
	// way is worth not asking again.
	if sv == partFetching && venc {
		b.mark(vid)
	}
	if sk == partFetching && kenc {
		b.mark(kid)
	}
}

func (b *BatchDecoder) mark(id int) {
	if b.pending == nil {
		b.pending = map[int]bool{}
	}
	b.pending[id] = true
}
