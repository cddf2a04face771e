package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"kscope/internal/textsafe"
	"kscope/kafkaops"
)

// consumeDecoder is a consume's decoder, as the explorer picks it: the
// --schema-registry flag, else KSCOPE_SCHEMA_REGISTRY, else the
// context's registry, with the context's local schema files; nil when
// there is none of them. A registry unavailable for a reason that may
// pass is tried again a few times per record (kafkaops.DecodeRetry)
// before the record is written undecoded.
func consumeDecoder(cf *connFlags, flag string) (kafkaops.Decoder, error) {
	t, err := cf.target()
	if err != nil {
		return nil, usageError{err}
	}
	d, err := explorerDecoder(flag, os.Getenv, t.context)
	if err != nil {
		return nil, err
	}
	return kafkaops.NewDecodeRetry().Wrap(d), nil
}

// noteUndecoded writes to w, when set, why r's key or value is written
// undecoded: "kscope: bankbranch partition 0 offset 7: value not
// decoded: schema id 1: registry unavailable: …".
func noteUndecoded(w io.Writer, r *kafkaops.Record) {
	if w == nil {
		return
	}
	for _, part := range []struct {
		name, why string
		decoded   bool
	}{{"key", r.KeyDecodeErr, r.KeyDecoded != nil}, {"value", r.DecodeErr, r.Decoded != nil}} {
		if part.why != "" && !part.decoded {
			fmt.Fprintf(w, "kscope: %s partition %d offset %d: %s not decoded: %s\n",
				textsafe.Sanitize(r.Topic), r.Partition, r.Offset, part.name, textsafe.Sanitize(part.why))
		}
	}
}

// decodeAll decodes a followed batch before the filter sees it, waiting
// for a schema being fetched as a scan does.
func decodeAll(ctx context.Context, d kafkaops.Decoder, recs []kafkaops.Record) {
	if d == nil {
		return
	}
	for i := range recs {
		kafkaops.DecodeWait(ctx, d, &recs[i], kafkaops.ScanDecodeWait)
	}
}

// writtenValue is what -o value and -o table write of r: its decoded
// JSON when it was decoded, else its bytes.
func writtenValue(r *kafkaops.Record) []byte {
	if r.Decoded != nil {
		return r.Decoded
	}
	return r.Value
}
