package cli

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"kscope/kafkaops"
	"kscope/schema"
)

// TestRecordDecodesAfterTheRegistryComesBack: a registry (franz-go's
// srfake on 127.0.0.1) that answers 503 leaves a record undecoded but
// pending, with the reason; the session asks the registry again with a
// bounded backoff, not on every decode; once the registry answers, the
// record decodes. An id the registry does not know is not retried.
func TestRecordDecodesAfterTheRegistryComesBack(t *testing.T) {
	reg := srfake.New()
	t.Cleanup(reg.Close)
	reg.SeedSchema("txn-value", 1, 1, sr.Schema{Schema: testTxnAvro, Type: sr.TypeAvro})
	var down atomic.Bool
	var fetches atomic.Int32
	reg.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/schemas/ids/") || !down.Load() {
			return false
		}
		fetches.Add(1)
		http.Error(w, `{"error_code":50301,"message":"registry is restarting"}`, http.StatusServiceUnavailable)
		return true
	})
	s, err := schema.NewSession(schema.Config{URL: reg.URL(), Wait: time.Second, RetryAfter: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	enc, err := s.Encoder(ctx, "txn-value", 1)
	if err != nil {
		t.Fatal(err)
	}
	value, err := enc.Encode([]byte(`{"atm":"ATM-7","amount":12.5}`))
	if err != nil {
		t.Fatal(err)
	}
	d := schemaDecoder{s: s}
	down.Store(true)

	r := kafkaops.Record{Topic: "txn", Value: value}
	kafkaops.NewBatchDecoder(d).Decode(ctx, &r)
	if !r.DecodePending || r.Decoded != nil || !strings.HasPrefix(r.DecodeErr, "retrying: schema id 1: registry unavailable") {
		t.Fatalf("while the registry is down: pending %v, reason %q", r.DecodePending, r.DecodeErr)
	}
	unknown := kafkaops.Record{Topic: "txn", Value: schema.AppendHeader(nil, 99, nil)}
	down.Store(false)
	kafkaops.NewBatchDecoder(d).Decode(ctx, &unknown)
	if unknown.DecodePending || !strings.Contains(unknown.DecodeErr, "schema id 99 is not in the registry") {
		t.Errorf("unknown id: pending %v, reason %q", unknown.DecodePending, unknown.DecodeErr)
	}
	down.Store(true)

	// Decoded again every 50 ms for 1.2 s, as a tail's ticks would: the
	// registry is asked after 0.5 s, then after 1 s more, not 24 times.
	for start := time.Now(); time.Since(start) < 1200*time.Millisecond; time.Sleep(50 * time.Millisecond) {
		kafkaops.NewBatchDecoder(d).Decode(ctx, &r)
	}
	if n := fetches.Load(); n < 2 || n > 3 || !r.DecodePending {
		t.Errorf("%d fetches of the schema in 1.2 s while down (want 2 or 3, a bounded backoff); pending %v", n, r.DecodePending)
	}

	down.Store(false)
	deadline := time.Now().Add(5 * time.Second)
	for r.DecodePending && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		kafkaops.NewBatchDecoder(d).Decode(ctx, &r)
	}
	if string(r.Decoded) != `{"atm":"ATM-7","amount":12.5}` || r.DecodeErr != "" || !strings.Contains(r.Schema, "txn-value v1 id 1") {
		t.Fatalf("after the registry came back: decoded %s, reason %q, schema %q", r.Decoded, r.DecodeErr, r.Schema)
	}
}
