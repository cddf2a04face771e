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
	// for data not in the wire format, ErrDecodePending while the schema
	// is still being fetched and ErrDecodeUnavailable (DecodeUnavailable)
	// when it could not be fetched for a reason that may pass; any other
	// error says in words why the data could not be decoded.
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

// partState is how one key or value's decoding ended.
type partState int

const (
	partSettled     partState = iota // decoded, not encoded, or failed for good
	partFetching                     // its schema is still being fetched
	partUnavailable                  // its schema could not be fetched yet: the registry may come back
)

// again reports whether the part is to be decoded again later.
func (s partState) again() bool { return s != partSettled }

// DecodeRecord decodes r's key and value with d, each when it may be
// encoded (see TopicDecoder for local schema files) and, for the value,
// whole: on success it sets Decoded and Schema (KeyDecoded and
// KeySchema), on a failure other than pending DecodeErr (KeyDecodeErr);
// a part not encoded, or whose schema is still being fetched, is left as
// it is. DecodePending notes a part to decode again later: its schema is
// being fetched, or the registry is unavailable (its reason is in
// DecodeErr, starting with "retrying: "). It reports whether a schema is
// being fetched, which waiting a moment may settle.
func DecodeRecord(ctx context.Context, d Decoder, r *Record) (fetching bool) {
	if d == nil {
		return false
	}
	sv := decodeValue(ctx, d, r)
	sk := decodeKey(ctx, d, r)
	r.DecodePending = sv.again() || sk.again()
	return sv == partFetching || sk == partFetching
}

// decodeValue decodes r's value.
func decodeValue(ctx context.Context, d Decoder, r *Record) partState {
	if r.Decoded != nil || !mayDecode(d, r.Topic, false, r.Value) {
		return partSettled
	}
	if r.Truncated() {
		r.DecodeErr = "the value is held cut: open the record to decode it whole"
		return partSettled
	}
	js, info, errText, state := decodePart(ctx, d, r.Topic, false, r.Value)
	if js != nil {
		r.Decoded, r.Schema = js, info
	}
	if state != partFetching { // a fetch under way keeps the last reason
		r.DecodeErr = errText
	}
	return state
}

// decodeKey decodes r's key.
func decodeKey(ctx context.Context, d Decoder, r *Record) partState {
	if r.KeyDecoded != nil || !mayDecode(d, r.Topic, true, r.Key) {
		return partSettled
	}
	js, info, errText, state := decodePart(ctx, d, r.Topic, true, r.Key)
	if js != nil {
		r.KeyDecoded, r.KeySchema = js, info
	}
	if state != partFetching {
		r.KeyDecodeErr = errText
	}
	return state
}

// decodePart decodes one key or value: its JSON and schema, or the
// reason it could not be decoded ("" when it is not encoded or its
// schema is being fetched).
func decodePart(ctx context.Context, d Decoder, topic string, key bool, data []byte) (js []byte, info, errText string, state partState) {
	js, info, err := decodeWith(ctx, d, topic, key, data)
	switch {
	case err == nil:
		return js, info, "", partSettled
	case errors.Is(err, ErrNotEncoded):
		return nil, "", "", partSettled
	case errors.Is(err, ErrDecodePending):
		return nil, "", "", partFetching
	case errors.Is(err, ErrDecodeUnavailable):
		return nil, "", retryNote + err.Error(), partUnavailable
	}
	return nil, "", err.Error(), partSettled
}
