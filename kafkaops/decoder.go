package kafkaops

import (
	"context"
	"errors"
)

// Decoder decodes record values written in a schema's wire format (the
// Confluent format: magic byte 0 and a 4-byte schema id). The explorer
// gets one from the command line, over a Schema Registry session; screens
// use it through this interface only. It must be safe for concurrent use.
type Decoder interface {
	// Decode returns data decoded as compact JSON (with no control
	// characters in it) and a one-line description of the schema, such as
	// "schema orders-value v2 id 7 (AVRO)". The error wraps ErrNotEncoded
	// for data not in the wire format and ErrDecodePending while the
	// schema is still being fetched; any other error says in words why
	// the data could not be decoded.
	Decode(ctx context.Context, data []byte) (json []byte, info string, err error)
}

// ErrNotEncoded says a value is not in a schema wire format: it is shown
// as it is, with no reason given.
var ErrNotEncoded = errors.New("not in the schema wire format")

// ErrDecodePending says a value's schema is still being fetched: it is
// shown raw for now and decoded once the schema is there.
var ErrDecodePending = errors.New("schema is still being fetched")

// MaybeEncoded reports whether data could be in the Confluent wire
// format (magic byte 0 and a 4-byte schema id), cheaply, before asking a
// Decoder.
func MaybeEncoded(data []byte) bool { return len(data) >= 5 && data[0] == 0 }

// DecodeRecord decodes r's key and value with d, each when it may be
// encoded (see TopicDecoder for local schema files) and, for the value,
// whole: on success it sets Decoded and Schema (KeyDecoded and
// KeySchema), on a failure other than pending DecodeErr (KeyDecodeErr);
// a part not encoded, or whose schema is still being fetched, is left as
// it is. It reports, and notes in DecodePending, whether a schema was
// pending.
func DecodeRecord(ctx context.Context, d Decoder, r *Record) (pending bool) {
	if d == nil {
		return false
	}
	pv := decodeValue(ctx, d, r)
	pk := decodeKey(ctx, d, r)
	r.DecodePending = pv || pk
	return r.DecodePending
}

// decodeValue decodes r's value; true when its schema is pending.
func decodeValue(ctx context.Context, d Decoder, r *Record) bool {
	if r.Decoded != nil || !mayDecode(d, r.Topic, false, r.Value) {
		return false
	}
	if r.Truncated() {
		r.DecodeErr = "the value is held cut: open the record to decode it whole"
		return false
	}
	js, info, errText, pending := decodePart(ctx, d, r.Topic, false, r.Value)
	if js != nil {
		r.Decoded, r.Schema = js, info
	}
	r.DecodeErr = errText
	return pending
}

// decodeKey decodes r's key; true when its schema is pending.
func decodeKey(ctx context.Context, d Decoder, r *Record) bool {
	if r.KeyDecoded != nil || !mayDecode(d, r.Topic, true, r.Key) {
		return false
	}
	js, info, errText, pending := decodePart(ctx, d, r.Topic, true, r.Key)
	if js != nil {
		r.KeyDecoded, r.KeySchema = js, info
	}
	r.KeyDecodeErr = errText
	return pending
}

// decodePart decodes one key or value: its JSON and schema, or the
// reason it could not be decoded ("" when it is not encoded or pending).
func decodePart(ctx context.Context, d Decoder, topic string, key bool, data []byte) (js []byte, info, errText string, pending bool) {
	js, info, err := decodeWith(ctx, d, topic, key, data)
	switch {
	case err == nil:
		return js, info, "", false
	case errors.Is(err, ErrNotEncoded):
		return nil, "", "", false
	case errors.Is(err, ErrDecodePending):
		return nil, "", "", true
	}
	return nil, "", err.Error(), false
}
