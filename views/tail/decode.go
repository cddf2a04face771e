package tail

import (
	"context"
	"time"

	"kscope/kafkaops"
)

// decodeWait bounds how long one delivery waits for schemas still being
// fetched: past it, their records are shown raw and the fetch goes on, so
// that a slow registry never holds the tail up for longer.
const decodeWait = 100 * time.Millisecond

// openDecodeWait bounds the wait for a schema when a record is opened.
const openDecodeWait = 3 * time.Second

// decodeBatches decodes the schema-encoded values of a delivery, in the
// goroutine that delivers it (never the UI's).
func decodeBatches(d kafkaops.Decoder, batches []kafkaops.TailBatch) {
	ctx, cancel := context.WithTimeout(context.Background(), decodeWait)
	defer cancel()
	for _, b := range batches {
		for i := range b.Records {
			kafkaops.DecodeRecord(ctx, d, &b.Records[i])
		}
	}
}

// needsDecode reports whether the detail should decode r before it opens:
// a value that may be encoded and is not decoded yet (its schema was
// pending, or it was held cut).
func needsDecode(d kafkaops.Decoder, r kafkaops.Record) bool {
	return d != nil && r.Decoded == nil && kafkaops.MaybeEncoded(r.Value) && (r.DecodeErr == "" || r.Truncated())
}

// decodeForDetail decodes r for the detail, waiting up to openDecodeWait
// for its schema; a schema still pending then is said in DecodeErr.
func decodeForDetail(ctx context.Context, d kafkaops.Decoder, r *kafkaops.Record) {
	if d == nil {
		return
	}
	r.DecodeErr = ""
	ctx, cancel := context.WithTimeout(ctx, openDecodeWait)
	defer cancel()
	if kafkaops.DecodeRecord(ctx, d, r) {
		r.DecodeErr = "the schema registry has not answered yet"
	}
}
