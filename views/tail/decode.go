package tail

import (
	"context"
	"time"

	"kscope/kafkaops"
)

// openDecodeWait bounds the wait for a schema when a record is opened.
const openDecodeWait = 3 * time.Second

// decodeBatches decodes the schema-encoded values of a delivery, in the
// goroutine that delivers it (never the UI's). The decoder waits a short
// bound for a schema it has not fetched yet (schema.DefaultWait); once a
// schema id is pending, the delivery's other records of that id are left
// raw without asking again, so a slow registry costs a delivery one wait
// per new schema id, not one per record.
func decodeBatches(d kafkaops.Decoder, batches []kafkaops.TailBatch) {
	ctx := context.Background()
	var pending map[[4]byte]bool
	for _, b := range batches {
		for i := range b.Records {
			r := &b.Records[i]
			if !kafkaops.MaybeEncoded(r.Value) {
				continue
			}
			id := [4]byte(r.Value[1:5])
			if pending[id] {
				continue
			}
			if kafkaops.DecodeRecord(ctx, d, r) {
				if pending == nil {
					pending = map[[4]byte]bool{}
				}
				pending[id] = true
			}
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
	// Each try waits the decoder's own bound; try again until ours.
	for kafkaops.DecodeRecord(ctx, d, r) {
		select {
		case <-ctx.Done():
			r.DecodeErr = "the schema registry has not answered yet"
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}
