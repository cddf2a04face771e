package schema

import (
	"encoding/json"
	"fmt"
	"testing"
)

// benchAvro is an 8-field record of about 100 bytes of JSON (about 60 of Avro).
const benchAvro = `{"type":"record","name":"Txn","fields":[
 {"name":"id","type":"long"},{"name":"atm","type":"string"},{"name":"amount","type":"double"},
 {"name":"ok","type":"boolean"},{"name":"kind","type":{"type":"enum","name":"K","symbols":["DEPOSIT","WITHDRAW"]}},
 {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"branch","type":"string"},
 {"name":"note","type":["null","string"]}]}`

func benchRecords(b *testing.B, n int) (avroPayloads, jsonDocs [][]byte, c *avroCodec) {
	c = mustAvro(b, benchAvro)
	for i := range n {
		doc := fmt.Sprintf(`{"id":%d,"atm":"ATM-%03d","amount":%d.25,"ok":true,"kind":"WITHDRAW","at":%d,"branch":"Main St","note":null}`,
			i, i%1000, i%5000, 1764511200000+int64(i))
		p, err := c.AppendPayload(nil, []byte(doc), nil)
		if err != nil {
			b.Fatal(err)
		}
		avroPayloads = append(avroPayloads, p)
		jsonDocs = append(jsonDocs, []byte(doc))
	}
	return avroPayloads, jsonDocs, c
}

// BenchmarkAvroDecode decodes one Avro record to JSON per op.
func BenchmarkAvroDecode(b *testing.B) {
	payloads, _, c := benchRecords(b, 1024)
	b.ReportAllocs()
	b.ResetTimer()
	var buf []byte
	for i := 0; b.Loop(); i++ {
		var err error
		buf, err = c.AppendJSON(buf[:0], payloads[i&1023], nil)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONUnmarshal unmarshals the same record as JSON per op, the
// cost of a plain JSON topic.
func BenchmarkJSONUnmarshal(b *testing.B) {
	_, docs, _ := benchRecords(b, 1024)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		var v map[string]any
		if err := json.Unmarshal(docs[i&1023], &v); err != nil {
			b.Fatal(err)
		}
	}
}
