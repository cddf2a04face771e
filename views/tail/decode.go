package tail

import (
	"context"
	"time"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// openDecodeWait bounds the wait for a schema when a record is opened.
const openDecodeWait = 3 * time.Second

// decodeBatches decodes the schema-encoded keys and values of a
// delivery, in the goroutine that delivers it (never the UI's). The
// decoder waits a short bound for a schema it has not fetched yet
// (schema.DefaultWait); once a schema id is pending, the delivery's
// other records of that id are marked pending without asking again (see
// kafkaops.BatchDecoder), and the tail decodes them again on a later
// tick (see redecode.go).
func decodeBatches(d kafkaops.Decoder, batches []kafkaops.TailBatch) {
	ctx := context.Background()
	bd := kafkaops.NewBatchDecoder(d)
	for _, b := range batches {
		for i := range b.Records {
			bd.Decode(ctx, &b.Records[i])
		}
	}
}

// needsDecode reports whether the detail should decode r before it opens:
// its schema was pending, or a value that may be encoded is not decoded
// yet (it was held cut).
func needsDecode(d kafkaops.Decoder, r kafkaops.Record) bool {
	if d == nil {
		return false
	}
	return r.DecodePending || (r.Decoded == nil && kafkaops.MaybeEncoded(r.Value) && (r.DecodeErr == "" || r.Truncated()))
}

// decodeForDetail decodes r for the detail, waiting up to openDecodeWait
// for its schema; a schema still pending then is said in DecodeErr.
func decodeForDetail(ctx context.Context, d kafkaops.Decoder, r *kafkaops.Record) {
	if d == nil {
		return
	}
	r.DecodeErr, r.KeyDecodeErr = "", ""
	ctx, cancel := context.WithTimeout(ctx, openDecodeWait)
	defer cancel()
	// Each try waits the decoder's own bound; try again until ours.
	for kafkaops.DecodeRecord(ctx, d, r) {
		select {
		case <-ctx.Done():
			if r.Decoded == nil {
				r.DecodeErr = "the schema registry has not answered yet"
			}
			if r.KeyDecoded == nil && kafkaops.MaybeEncoded(r.Key) {
				r.KeyDecodeErr = "the schema registry has not answered yet"
			}
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// shownKey is what the rows and the detail show of r's key: the key
// decoded with its schema, else the key itself.
func shownKey(r *kafkaops.Record) []byte {
	if r.KeyDecoded != nil {
		return r.KeyDecoded
	}
	return r.Key
}

// keySchemaLine is the detail's "key schema" line: the key's schema, or
// why it could not be decoded; false for a key not schema-encoded.
func keySchemaLine(r *kafkaops.Record, st *theme.Styles) (string, bool) {
	switch {
	case r.KeyDecoded != nil:
		return kit.Sanitize(r.KeySchema), true
	case r.KeyDecodeErr != "":
		return st.Warning.Render("not decoded: " + kit.Sanitize(r.KeyDecodeErr)), true
	}
	return "", false
}
