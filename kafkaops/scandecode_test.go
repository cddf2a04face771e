package kafkaops_test

import (
	"context"
	"fmt"
	"testing"

	"kscope/kafkaops"
)

// wireDecoder decodes [0 0 0 0 1 n] as {"n":n} and says id 2 is unknown.
type wireDecoder struct{}

func (wireDecoder) Decode(_ context.Context, data []byte) ([]byte, string, error) {
	if !kafkaops.MaybeEncoded(data) {
		return nil, "", kafkaops.ErrNotEncoded
	}
	if data[4] != 1 {
		return nil, "", fmt.Errorf("schema id %d is not in the registry", data[4])
	}
	return []byte(fmt.Sprintf(`{"n":%d}`, data[5])), "t-value v1 id 1 (AVRO)", nil
}

// Issue 14: a scan with a Decoder filters on decoded fields and its
// matches, delivered on the channel or to Visit, carry the decoding; a
// record that cannot be decoded is matched raw, never dropped.
func TestScanDecodesBeforeFiltering(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "enc", 1)
	var rs []kafkaops.ProduceRequest
	for i := range 300 {
		v := []byte{0, 0, 0, 0, 1, byte(i % 10)}
		if i == 7 {
			v = []byte{0, 0, 0, 0, 2, 7}
		}
		rs = append(rs, kafkaops.ProduceRequest{Topic: "enc", Partition: 0, Value: v})
	}
	if _, err := c.ProduceBatch(testCtx(t), rs); err != nil {
		t.Fatal(err)
	}
	f, err := kafkaops.ParseFilter("n=7")
	if err != nil {
		t.Fatal(err)
	}
	req := kafkaops.ScanRequest{Topic: "enc", From: kafkaops.ScanFromBeginning, Filter: f, Decoder: wireDecoder{}}
	ch, err := c.Scan(testCtx(t), req)
	if err != nil {
		t.Fatal(err)
	}
	var got []kafkaops.Record
	for ev := range ch {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		got = append(got, ev.Matches...)
	}
	if len(got) != 29 {
		t.Fatalf("%d matches for n=7, want 29 (30 sevens, one of them undecodable)", len(got))
	}
	for _, r := range got {
		if string(r.Decoded) != `{"n":7}` || r.Schema != "t-value v1 id 1 (AVRO)" {
			t.Fatalf("match %d: decoded %q schema %q", r.Offset, r.Decoded, r.Schema)
		}
	}
	// Through Visit, every record, the undecodable one with its reason.
	req.Filter, req.Visit = nil, nil
	n, reasons := 0, 0
	req.Visit = func(r *kafkaops.Record) error {
		n++
		if r.DecodeErr == "schema id 2 is not in the registry" {
			reasons++
		} else if r.Decoded == nil {
			return fmt.Errorf("offset %d not decoded", r.Offset)
		}
		return nil
	}
	ch, err = c.Scan(testCtx(t), req)
	if err != nil {
		t.Fatal(err)
	}
	for ev := range ch {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
	}
	if n != 300 || reasons != 1 {
		t.Errorf("visited %d records, %d with a reason; want 300 and 1", n, reasons)
	}
}
