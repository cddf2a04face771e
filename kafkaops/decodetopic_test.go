package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// idDecoder decodes wire-format data by its last header byte: 1 gives
// {"id":1,...}, 2 is pending, 3 fails; it counts its calls.
type idDecoder struct{ calls int }

func (d *idDecoder) Decode(_ context.Context, data []byte) ([]byte, string, error) {
	d.calls++
	if !MaybeEncoded(data) {
		return nil, "", ErrNotEncoded
	}
	switch data[4] {
	case 1:
		return []byte(`{"id":1,"who":"` + string(data[5:]) + `"}`), "s v1 id 1 (AVRO)", nil
	case 2:
		return nil, "", fmt.Errorf("schema id 2: %w", ErrDecodePending)
	}
	return nil, "", errors.New("schema id 3 is not in the registry")
}

// localDecoder has a local schema for topic "plain"'s values: it
// uppercases them into {"v":...}.
type localDecoder struct{ idDecoder }

func (d *localDecoder) DecodeFor(ctx context.Context, topic string, key bool, data []byte) ([]byte, string, error) {
	if d.Local(topic, key) {
		return []byte(`{"v":"` + strings.ToUpper(string(data)) + `"}`), "local file v.avsc (AVRO)", nil
	}
	return d.Decode(ctx, data)
}

func (d *localDecoder) Local(topic string, key bool) bool { return topic == "plain" && !key }

func wireOf(id byte, payload string) []byte { return append([]byte{0, 0, 0, 0, id}, payload...) }

// Issue 14: keys decode as values do, each with its own schema line and
// reason.
func TestDecodeRecordKeys(t *testing.T) {
	d := &idDecoder{}
	r := Record{Key: wireOf(1, "k"), Value: wireOf(3, "x")}
	if DecodeRecord(context.Background(), d, &r) {
		t.Fatal("pending")
	}
	if string(r.KeyDecoded) != `{"id":1,"who":"k"}` || r.KeySchema != "s v1 id 1 (AVRO)" || r.KeyDecodeErr != "" {
		t.Errorf("key: %q %q %q", r.KeyDecoded, r.KeySchema, r.KeyDecodeErr)
	}
	if r.Decoded != nil || r.DecodeErr != "schema id 3 is not in the registry" {
		t.Errorf("value: %q %q", r.Decoded, r.DecodeErr)
	}
	p := Record{Key: wireOf(2, "k"), Value: []byte("plain")}
	if !DecodeRecord(context.Background(), d, &p) || !p.DecodePending || p.KeyDecodeErr != "" {
		t.Errorf("pending key: %+v", p)
	}
}

// Issue 14: a topic with a local schema decodes payloads without the
// header; other topics still need it.
func TestDecodeRecordLocalSchema(t *testing.T) {
	d := &localDecoder{}
	r := Record{Topic: "plain", Key: []byte("k"), Value: []byte("abc")}
	DecodeRecord(context.Background(), d, &r)
	if string(r.Decoded) != `{"v":"ABC"}` || r.KeyDecoded != nil {
		t.Errorf("local: %q key %q", r.Decoded, r.KeyDecoded)
	}
	o := Record{Topic: "other", Value: []byte("abc")}
	DecodeRecord(context.Background(), d, &o)
	if o.Decoded != nil || o.DecodeErr != "" {
		t.Errorf("other topic decoded: %q %q", o.Decoded, o.DecodeErr)
	}
}

// Issue 14: a batch asks once per pending schema id and marks the other
// records of that id pending without asking.
func TestBatchDecoderAsksOncePerPendingID(t *testing.T) {
	d := &idDecoder{}
	b := NewBatchDecoder(d)
	recs := []Record{{Value: wireOf(2, "a")}, {Value: wireOf(2, "b")}, {Value: wireOf(1, "c")}, {Value: wireOf(2, "d")}}
	for i := range recs {
		b.Decode(context.Background(), &recs[i])
	}
	if d.calls != 2 {
		t.Errorf("%d calls, want 2 (one for pending id 2, one for id 1)", d.calls)
	}
	for i, r := range recs {
		if r.DecodePending != (i != 2) {
			t.Errorf("record %d pending %v", i, r.DecodePending)
		}
	}
	if string(recs[2].Decoded) != `{"id":1,"who":"c"}` {
		t.Errorf("record 2: %q", recs[2].Decoded)
	}
}

// Issue 14: field=value filters read the decoded value; text and key:
// terms find decoded text too.
func TestFilterUsesDecoded(t *testing.T) {
	r := Record{Key: wireOf(1, "k"), Value: wireOf(1, "alice")}
	DecodeRecord(context.Background(), &idDecoder{}, &r)
	for q, want := range map[string]bool{
		"who=alice": true, "who=bob": false, "id=1": true, `"who"`: true, "re:who.:.alice": true, "key:who": true,
	} {
		f, err := ParseFilter(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Match(&r); got != want {
			t.Errorf("%s: match %v, want %v", q, got, want)
		}
	}
	raw := Record{Value: wireOf(1, "alice")}
	if f, _ := ParseFilter("who=alice"); f.Match(&raw) {
		t.Error("a record not decoded matched a field of its decoding")
	}
}

// Issue 14: an export of a decoded record carries the JSON, the schema
// ids and the raw bytes; reading it back gives the bytes as in the log.
// A line of the old shape still reads.
func TestKcatDecodedRoundTrip(t *testing.T) {
	r := Record{Topic: "t", Offset: 3, Timestamp: time.UnixMilli(1700000000000), Key: wireOf(1, "k"), Value: wireOf(1, "alice")}
	DecodeRecord(context.Background(), &idDecoder{}, &r)
	line, err := MarshalKcat(&r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"payload":"{\"id\":1,\"who\":\"alice\"}"`, `"value_schema_id":1`, `"key_schema_id":1`,
		`"value_schema":"s v1 id 1 (AVRO)"`, `"payload_raw":"AAAAAAFhbGljZQ=="`} {
		if !strings.Contains(string(line), want) {
			t.Errorf("line %s lacks %s", line, want)
		}
	}
	back, err := ParseKcat(line)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.Value) != string(r.Value) || string(back.Key) != string(r.Key) {
		t.Errorf("back: key %q value %q", back.Key, back.Value)
	}
	// kcat's own Avro output has the ids but no raw bytes: the JSON text is the value.
	k, err := ParseKcat([]byte(`{"topic":"t","partition":0,"offset":1,"tstype":"create","ts":1,"broker":0,"key":null,"payload":"{\"a\":1}","value_schema_id":4}`))
	if err != nil || string(k.Value) != `{"a":1}` {
		t.Errorf("kcat avro line: %q %v", k.Value, err)
	}
	if _, err := ParseKcat([]byte(`{"payload":"x","payload_raw":"!!"}`)); err == nil {
		t.Error("bad raw bytes read")
	}
}
