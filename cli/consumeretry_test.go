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

// flakyRegistry is franz-go's srfake on 127.0.0.1 with the txn-value
// schema as id 1, whose schema fetches (not the versions' lookup that
// follows) answer 503 while failures last
// (decremented per fetch); fetches counts them all.
type flakyRegistry struct {
	url      string
	failures atomic.Int32
	fetches  atomic.Int32
}

func newFlakyRegistry(t *testing.T) *flakyRegistry {
	t.Helper()
	reg := srfake.New()
	t.Cleanup(reg.Close)
	reg.SeedSchema("txn-value", 1, 1, sr.Schema{Schema: testTxnAvro, Type: sr.TypeAvro})
	f := &flakyRegistry{url: reg.URL()}
	reg.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/schemas/ids/") || strings.HasSuffix(r.URL.Path, "/versions") {
			return false
		}
		f.fetches.Add(1)
		if f.failures.Add(-1) < 0 {
			return false
		}
		http.Error(w, `{"error_code":50301,"message":"registry is restarting"}`, http.StatusServiceUnavailable)
		return true
	})
	return f
}

// produceTxns writes n txn records encoded with the registry's id 1.
func produceTxns(t *testing.T, e *scriptEnv, url string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := schema.NewSession(schema.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := s.Encoder(ctx, "txn-value", 1)
	if err != nil {
		t.Fatal(err)
	}
	v, err := enc.Encode([]byte(`{"atm":"ATM-7","amount":12.5}`))
	if err != nil {
		t.Fatal(err)
	}
	svc := txnService(t, e.addr, "txn")
	for range n {
		if _, err := svc.Produce(ctx, kafkaops.ProduceRequest{Topic: "txn", Value: v, Partition: 0}); err != nil {
			t.Fatal(err)
		}
	}
}

// kscope consume tries a registry that answers 503 again with a bounded
// backoff before it gives up on a record: two failures, then the
// answer, and the record is written decoded, with nothing on stderr.
func TestConsumeRetriesAnUnavailableRegistry(t *testing.T) {
	e := newScriptEnv(t)
	reg := newFlakyRegistry(t)
	produceTxns(t, e, reg.url, 1)
	reg.failures.Store(2)
	reg.fetches.Store(0)
	start := time.Now()
	r := e.run("", "consume", "txn", "--exit", "--schema-registry", reg.url)
	took := time.Since(start)
	if r.code != 0 || strings.TrimSpace(r.stdout) != `{"atm":"ATM-7","amount":12.5}` || r.stderr != "" {
		t.Fatalf("after two 503s: stdout %q stderr %q code %d", r.stdout, r.stderr, r.code)
	}
	if n := reg.fetches.Load(); n != 3 || took > 5*time.Second {
		t.Errorf("%d schema fetches in %v, want 3 within the bounded wait", n, took)
	}
	// Following decodes the same way.
	reg.failures.Store(2)
	r = e.run("", "consume", "txn", "--max", "1", "--schema-registry", reg.url)
	if r.code != 0 || !strings.Contains(r.stdout, `"ATM-7"`) {
		t.Fatalf("follow after two 503s: stdout %q stderr %q code %d", r.stdout, r.stderr, r.code)
	}
}

// A registry that stays down costs one bounded wait, not one per
// record: every record is written undecoded, each with the reason on
// stderr.
func TestConsumeGivesUpOnARegistryThatStaysDown(t *testing.T) {
	e := newScriptEnv(t)
	reg := newFlakyRegistry(t)
	produceTxns(t, e, reg.url, 3)
	reg.failures.Store(1 << 20)
	reg.fetches.Store(0)
	start := time.Now()
	r := e.run("", "consume", "txn", "--exit", "-o", "table", "--schema-registry", reg.url)
	took := time.Since(start)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 4 || strings.Contains(r.stdout, `"atm"`) {
		t.Fatalf("with the registry down: stdout %q code %d", r.stdout, r.code)
	}
	if n := strings.Count(r.stderr, "kscope: txn partition 0 offset "); n != 3 || !strings.Contains(r.stderr, "value not decoded: schema id 1: registry unavailable") {
		t.Errorf("stderr does not give the 3 records' reason: %q", r.stderr)
	}
	if took < 2*time.Second || took > 6*time.Second {
		t.Errorf("took %v: want one bounded wait of about 3 s", took)
	}
	if n := reg.fetches.Load(); n < 2 || n > 4 {
		t.Errorf("%d schema fetches, want a few (the session's backoff)", n)
	}
}
