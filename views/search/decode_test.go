package search

import (
	"context"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

type nopDecoder struct{}

func (nopDecoder) Decode(context.Context, []byte) ([]byte, string, error) {
	return nil, "", kafkaops.ErrNotEncoded
}

// Issue 14: the search hands its decoder to the scan, and shows a
// decoded match's JSON rather than its bytes.
func TestSearchDecodesMatches(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	r := kafkaopstest.TestRecord(0, 3, "\x00\x00\x00\x00\x01k", "\x00\x00\x00\x00\x01\x02\x04")
	r.Decoded, r.Schema = []byte(`{"amount":2}`), "bank-value v1 id 1 (AVRO)"
	r.KeyDecoded = []byte(`"acct-9"`)
	f.Events <- kafkaops.ScanEvent{Matches: []kafkaops.Record{r}}
	s, _ := kittest.Start(t, NewSearch(f, kittest.TestStyles(), "bank", "amount=2").WithDecoder(nopDecoder{}), 100, 24)
	req, ok := f.LastRequest()
	if !ok || req.Decoder == nil {
		t.Fatalf("the scan got no decoder: %+v", req)
	}
	v := kittest.Plain(s)
	if !strings.Contains(v, `{"amount":2}`) || !strings.Contains(v, `"acct-9"`) {
		t.Errorf("decoded match not shown:\n%s", v)
	}
	s.(*Search).Close()
}
