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

// DecodeRecord decodes r's value with d, when it may be encoded and is
// whole: on success it sets Decoded and Schema, on a failure other than
// pending it sets DecodeErr; a record not encoded, or whose schema is
// still being fetched, is left as it is. It reports whether the schema
// was pending.
func DecodeRecord(ctx context.Context, d Decoder, r *Record) (pending bool) {
	if d == nil || r.Decoded != nil || !MaybeEncoded(r.Value) {
		return false
	}
	if r.Truncated() {
		r.DecodeErr = "the value is held cut: open the record to decode it whole"
		return false
	}
	js, info, err := d.Decode(ctx, r.Value)
	switch {
	case err == nil:
		r.Decoded, r.Schema, r.DecodeErr = js, info, ""
	case errors.Is(err, ErrNotEncoded):
	case errors.Is(err, ErrDecodePending):
		return true
	default:
		r.DecodeErr = err.Error()
	}
	return false
}
