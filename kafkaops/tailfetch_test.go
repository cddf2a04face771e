package kafkaops_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"kscope/kafkaops"
)

// A tail with MaxValueBytes keeps the start of a long value and its whole
// length; FetchRecord then reads the whole record by partition and offset.
func TestTailCutsLongValuesAndFetchRecordReadsThemWhole(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "big", 2)
	long := []byte(strings.Repeat("é", 50_000)) // 100,000 bytes of two-byte runes
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "big", Value: []byte("short"), Partition: 1})
	res := mustProduce(t, c, kafkaops.ProduceRequest{Topic: "big", Key: []byte("k"), Value: long, Partition: 1})

	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "big", Start: kafkaops.StartBeginning, MaxValueBytes: 1001})
	recs := collect(t, ch, 2)
	if recs[0].Truncated() || string(recs[0].Value) != "short" {
		t.Errorf("a short value is kept whole: %+v", recs[0])
	}
	cut := recs[1]
	if !cut.Truncated() || cut.ValueSize != len(long) || len(cut.Value) != 1000 || !utf8.Valid(cut.Value) {
		t.Fatalf("long value: held %d bytes (valid UTF-8 %v), size %d; want 1000 of %d", len(cut.Value), utf8.Valid(cut.Value), cut.ValueSize, len(long))
	}
	whole, err := c.FetchRecord(context.Background(), "big", 1, res.Offset)
	if err != nil {
		t.Fatal(err)
	}
	if whole.Truncated() || !bytes.Equal(whole.Value, long) || string(whole.Key) != "k" || whole.Offset != res.Offset {
		t.Errorf("FetchRecord: %d bytes at %d, key %q", len(whole.Value), whole.Offset, whole.Key)
	}
	if _, err := c.FetchRecord(context.Background(), "big", 1, res.Offset+5); err == nil {
		t.Error("FetchRecord past the end should fail")
	}
}
