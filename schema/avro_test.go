package schema

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
)

const atmAvro = `{"type":"record","name":"Txn","namespace":"bank","fields":[
 {"name":"id","type":"long"},
 {"name":"atm","type":"string"},
 {"name":"amount","type":"double"},
 {"name":"ok","type":"boolean"},
 {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["DEPOSIT","WITHDRAW"]}},
 {"name":"fee","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
 {"name":"day","type":{"type":"int","logicalType":"date"}},
 {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
 {"name":"atMicros","type":{"type":"long","logicalType":"timestamp-micros"}},
 {"name":"uid","type":{"type":"string","logicalType":"uuid"}},
 {"name":"note","type":["null","string"],"default":null},
 {"name":"tags","type":{"type":"array","items":"string"}},
 {"name":"attrs","type":{"type":"map","values":"int"}},
 {"name":"raw","type":"bytes"},
 {"name":"f","type":"float"},
 {"name":"fixedDec","type":{"type":"fixed","name":"Money","size":8,"logicalType":"decimal","precision":12,"scale":3}},
 {"name":"next","type":["null","Txn"],"default":null}
]}`

// hambaTxn is the same record as Go values hamba/avro encodes on its own,
// an encoder kscope did not write.
func hambaTxn() map[string]any {
	at := time.Date(2026, 11, 30, 14, 0, 0, 123_000_000, time.UTC)
	return map[string]any{
		"id": int64(7), "atm": "ATM-01 \x1b[31m", "amount": 120.5, "ok": true, "kind": "WITHDRAW",
		"fee": big.NewRat(-125, 100),
		"day": time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		"at":  at, "atMicros": at.Add(456 * time.Microsecond),
		"uid":  "5f2b6c4e-1d7a-4c1e-9a59-3c2f4d7e8a90",
		"note": map[string]any{"string": "hi"}, "tags": []any{"a", "b"},
		"attrs": map[string]any{"x": 1}, "raw": []byte{0, 1, 255}, "f": float32(1.5),
		"fixedDec": big.NewRat(1234567, 1000),
		"next":     nil,
	}
}

const hambaTxnJSON = `{"id":7,"atm":"ATM-01 \u001b[31m","amount":120.5,"ok":true,"kind":"WITHDRAW","fee":"-1.25","day":"2026-11-30","at":"2026-11-30T14:00:00.123Z","atMicros":"2026-11-30T14:00:00.123456Z","uid":"5f2b6c4e-1d7a-4c1e-9a59-3c2f4d7e8a90","note":{"string":"hi"},"tags":["a","b"],"attrs":{"x":1},"raw":"AAH/","f":1.5,"fixedDec":"1234.567","next":null}`

func mustAvro(t testing.TB, text string) *avroCodec {
	t.Helper()
	c, err := newAvroCodec(text, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAvroDecodesWhatHambaEncodes(t *testing.T) {
	c := mustAvro(t, atmAvro)
	payload, err := avro.Marshal(c.schema, hambaTxn())
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.AppendJSON(nil, payload, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != hambaTxnJSON {
		t.Fatalf("decoded\n%s\nwant\n%s", got, hambaTxnJSON)
	}
	if strings.ContainsRune(string(got), 0x1b) {
		t.Fatal("an escape character reached the output")
	}
	// And back: hamba must read what our encoder writes as what it wrote.
	again, err := c.AppendPayload(nil, got, nil)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	if err := avro.Unmarshal(c.schema, again, &a); err != nil {
		t.Fatalf("hamba cannot read kscope's encoding: %v", err)
	}
	if err := avro.Unmarshal(c.schema, payload, &b); err != nil {
		t.Fatal(err)
	}
	if ja, jb := fmtJSON(t, a), fmtJSON(t, b); ja != jb {
		t.Fatalf("kscope's encoding reads as\n%s\nhamba's as\n%s", ja, jb)
	}
}

func TestAvroEncodeAcceptsPlainUnionAndDefaults(t *testing.T) {
	c := mustAvro(t, atmAvro)
	var doc map[string]any
	if err := json.Unmarshal([]byte(hambaTxnJSON), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "note") // default null
	doc["next"] = map[string]any{"bank.Txn": mustMap(t, hambaTxnJSON)}
	b, _ := json.Marshal(doc)
	payload, err := c.AppendPayload(nil, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := avro.Unmarshal(c.schema, payload, &back); err != nil {
		t.Fatalf("hamba cannot read what kscope wrote: %v", err)
	}
	if back["note"] != nil {
		t.Fatalf("note = %v, want the default null", back["note"])
	}
	next, ok := back["next"].(map[string]any)["bank.Txn"].(map[string]any)
	if !ok || next["atm"] != "ATM-01 \x1b[31m" {
		t.Fatalf("nested record lost: %#v", back["next"])
	}
}

func fmtJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustMap(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAvroEncodeErrorsNameTheField(t *testing.T) {
	c := mustAvro(t, atmAvro)
	cases := map[string]string{
		`"amount":"12"`:       "amount: expected double, got string",
		`"kind":"STEAL"`:      `kind: "STEAL" is not a symbol of enum Kind (DEPOSIT, WITHDRAW)`,
		`"tags":["a",3]`:      "tags[1]: expected string, got number",
		`"day":"30/11/2026"`:  `day: expected date as "2006-01-02", got "30/11/2026"`,
		`"fee":"1.234"`:       "fee: 1.234 has more than 2 digits after the point",
		`"id":1.5`:            "id: expected long, got 1.5 (not an integer in range)",
		`"bogus":1`:           "bogus: no such field in record Txn",
		`"note":{"string":1}`: "note: expected string, got number",
	}
	for repl, want := range cases {
		key := repl[:strings.Index(repl, ":")]
		doc := mustMap(t, hambaTxnJSON)
		var v map[string]any
		if err := json.Unmarshal([]byte("{"+repl+"}"), &v); err != nil {
			t.Fatal(err)
		}
		doc[strings.Trim(key, `"`)] = v[strings.Trim(key, `"`)]
		b, _ := json.Marshal(doc)
		_, err := c.AppendPayload(nil, b, nil)
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", repl, err, want)
		}
	}
	doc := mustMap(t, hambaTxnJSON)
	delete(doc, "amount")
	b, _ := json.Marshal(doc)
	if _, err := c.AppendPayload(nil, b, nil); err == nil || err.Error() != "amount: missing (the field has no default)" {
		t.Errorf("missing field: %v", err)
	}
}

func TestAvroCorruptPayloadsAreErrors(t *testing.T) {
	c := mustAvro(t, atmAvro)
	payload, err := avro.Marshal(c.schema, hambaTxn())
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(payload) {
		if _, err := c.AppendJSON(nil, payload[:n], nil); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(payload))
		}
	}
	if _, err := c.AppendJSON(nil, append(payload, 0), nil); err == nil || !strings.Contains(err.Error(), "left over") {
		t.Fatalf("trailing byte: %v", err)
	}
}

func TestAvroWideRecord(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"type":"record","name":"Wide","fields":[`)
	doc := map[string]any{}
	for i := range 10000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		name := "f" + strings.Repeat("x", i%3) + itoa(i)
		sb.WriteString(`{"name":"` + name + `","type":"int"}`)
		doc[name] = i
	}
	sb.WriteString(`]}`)
	c := mustAvro(t, sb.String())
	b, _ := json.Marshal(doc)
	payload, err := c.AppendPayload(nil, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.AppendJSON(nil, payload, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustMap(t, string(out)); len(got) != 10000 || got["f9999"] != float64(9999) {
		t.Fatalf("wide record decoded to %d fields", len(got))
	}
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }
