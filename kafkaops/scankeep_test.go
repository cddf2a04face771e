package kafkaops_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"kscope/kafkaops"
)

// downDecoder says the registry is unavailable for every encoded value.
type downDecoder struct{}

func (downDecoder) Decode(_ context.Context, data []byte) ([]byte, string, error) {
	if !kafkaops.MaybeEncoded(data) {
		return nil, "", kafkaops.ErrNotEncoded
	}
	return nil, "", kafkaops.DecodeUnavailable(errors.New("schema id 1: registry unavailable: 503"))
}

// A scan for a reader that decodes again later (KeepPending) delivers
// the matches whose registry was unavailable still pending, with the
// retry in their reason; without it the reason is final.
func TestScanKeepsUnavailableRecordsPending(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "down", 1)
	if _, err := c.ProduceBatch(testCtx(t), []kafkaops.ProduceRequest{
		{Topic: "down", Partition: 0, Value: []byte{0, 0, 0, 0, 1, 7}},
		{Topic: "down", Partition: 0, Value: []byte("plain")},
	}); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []bool{true, false} {
		ch, err := c.Scan(testCtx(t), kafkaops.ScanRequest{Topic: "down", From: kafkaops.ScanFromBeginning, Decoder: downDecoder{}, KeepPending: keep})
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
		if len(got) != 2 {
			t.Fatalf("keep %v: %d matches, want 2", keep, len(got))
		}
		enc, plain := got[0], got[1]
		if enc.DecodePending != keep || strings.HasPrefix(enc.DecodeErr, "retrying: ") != keep || !strings.Contains(enc.DecodeErr, "registry unavailable") {
			t.Errorf("keep %v: the encoded match is pending %v with reason %q", keep, enc.DecodePending, enc.DecodeErr)
		}
		if plain.DecodePending || plain.DecodeErr != "" {
			t.Errorf("keep %v: the plain match is pending %v with reason %q", keep, plain.DecodePending, plain.DecodeErr)
		}
	}
}
