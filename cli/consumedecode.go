package cli

import (
	"context"
	"os"

	"kscope/kafkaops"
)

// consumeDecoder is a consume's decoder, as the explorer picks it: the
// --schema-registry flag, else KSCOPE_SCHEMA_REGISTRY, else the
// context's registry, with the context's local schema files; nil when
// there is none of them.
func consumeDecoder(cf *connFlags, flag string) (kafkaops.Decoder, error) {
	t, err := cf.target()
	if err != nil {
		return nil, usageError{err}
	}
	return explorerDecoder(flag, os.Getenv, t.context)
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
