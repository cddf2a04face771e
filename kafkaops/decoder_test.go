package kafkaops

import (
	"context"
	"errors"
	"testing"
)

type stubDecoder struct{ err error }

func (s stubDecoder) Decode(context.Context, []byte) ([]byte, string, error) {
	if s.err != nil {
		return nil, "", s.err
	}
	return []byte(`{"a":1}`), "schema s v1 id 1 (AVRO)", nil
}

// Issue 14: DecodeRecord decodes whole encoded values, leaves plain and
// pending ones alone, gives a failure's reason, and never decodes a value
// held cut.
func TestDecodeRecord(t *testing.T) {
	enc := []byte{0, 0, 0, 0, 1, 2}
	for _, tt := range []struct {
		name    string
		value   []byte
		size    int
		dec     Decoder
		decoded string
		reason  bool
		pending bool
	}{
		{"decoded", enc, 0, stubDecoder{}, `{"a":1}`, false, false},
		{"plain", []byte(`{"a":1}`), 0, stubDecoder{}, "", false, false},
		{"not wire", enc, 0, stubDecoder{err: ErrNotEncoded}, "", false, false},
		{"pending", enc, 0, stubDecoder{err: ErrDecodePending}, "", false, true},
		{"failed", enc, 0, stubDecoder{err: errors.New("schema id 1 is not in the registry")}, "", true, false},
		{"cut", enc, 100, stubDecoder{}, "", true, false},
		{"no decoder", enc, 0, nil, "", false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Record{Value: tt.value, ValueSize: tt.size}
			pending := DecodeRecord(context.Background(), tt.dec, &r)
			if string(r.Decoded) != tt.decoded || (r.DecodeErr != "") != tt.reason || pending != tt.pending {
				t.Errorf("decoded %q reason %q pending %v", r.Decoded, r.DecodeErr, pending)
			}
			if tt.decoded != "" && r.Schema == "" {
				t.Error("no schema description")
			}
		})
	}
}
