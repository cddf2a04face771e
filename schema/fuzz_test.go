package schema

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/hamba/avro/v2"
)

// fuzzCodecs are one codec per type; random bytes after a valid header go
// to each, and whatever comes out must be an error or clean JSON.
func fuzzCodecs(t testing.TB) []Codec {
	a := mustAvro(t, atmAvro)
	p, err := NewCodec(Protobuf, paymentProto, []Reference{{Name: "common.proto", Text: commonProto}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := NewCodec(JSONSchema, txnJSONSchema, nil)
	if err != nil {
		t.Fatal(err)
	}
	return []Codec{a, p, j}
}

func FuzzDecoders(f *testing.F) {
	codecs := fuzzCodecs(f)
	payload, err := avro.Marshal(codecs[0].(*avroCodec).schema, hambaTxn())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(payload)
	f.Add([]byte{2, 0x0a, 0x02, 'p', '1'})
	f.Add([]byte(`{"id":1,"amount":2}`))
	f.Add([]byte("{\"id\":1,\"amount\":2,\"x\":\"\x7f\u009b\"}"))
	f.Add([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range codecs {
			d, err := DecodeWith(c, Info{ID: 1, Type: c.Type()}, data)
			if err != nil {
				continue
			}
			if !json.Valid(d.JSON) || !utf8.Valid(d.JSON) {
				t.Fatalf("%s decoded to invalid JSON: %q", c.Type(), d.JSON)
			}
			for _, r := range string(d.JSON) {
				if r < 0x20 || r >= 0x7f && r < 0xa0 {
					t.Fatalf("%s output holds control character %U: %q", c.Type(), r, d.JSON)
				}
			}
		}
	})
}
