package schema

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

const commonProto = `syntax = "proto3";
package common;
message Money { string currency = 1; double amount = 2; }`

const paymentProto = `syntax = "proto3";
package bank;
import "common.proto";
import "google/protobuf/timestamp.proto";
message Other { int32 x = 1; }
message Payment {
  string id = 1;
  common.Money money = 2;
  google.protobuf.Timestamp at = 3;
  message Line { string sku = 1; int64 qty = 2; }
  repeated Line lines = 4;
}`

const txnJSONSchema = `{"type":"object","properties":{"id":{"type":"integer"},"amount":{"type":"number"}},"required":["id","amount"]}`

// newRegistry starts franz-go's srfake registry (an implementation kscope
// did not write) seeded with one schema of each type.
func newRegistry(t *testing.T) *srfake.Registry {
	t.Helper()
	reg := srfake.New()
	t.Cleanup(reg.Close)
	reg.SeedSchema("txn-value", 1, 1, sr.Schema{Schema: atmAvro, Type: sr.TypeAvro})
	reg.SeedSchema("common.proto", 1, 2, sr.Schema{Schema: commonProto, Type: sr.TypeProtobuf})
	reg.SeedSchema("payment-value", 1, 3, sr.Schema{Schema: paymentProto, Type: sr.TypeProtobuf,
		References: []sr.SchemaReference{{Name: "common.proto", Subject: "common.proto", Version: 1}}})
	reg.SeedSchema("json-value", 1, 4, sr.Schema{Schema: txnJSONSchema, Type: sr.TypeJSON})
	return reg
}

func newSession(t *testing.T, url string, wait time.Duration) *Session {
	t.Helper()
	s, err := NewSession(Config{URL: url, Wait: wait, RequestTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func roundTrip(t *testing.T, s *Session, subject string, idx []int, doc string) Decoded {
	t.Helper()
	ctx := context.Background()
	enc, err := s.Encoder(ctx, subject, 0)
	if err != nil {
		t.Fatal(err)
	}
	enc.Indexes = idx
	wire, err := enc.Encode([]byte(doc))
	if err != nil {
		t.Fatalf("encode %s: %v", subject, err)
	}
	d, err := s.Decode(ctx, wire)
	if err != nil {
		t.Fatalf("decode %s: %v", subject, err)
	}
	return d
}

func TestSessionRoundTripsEveryType(t *testing.T) {
	reg := newRegistry(t)
	s := newSession(t, reg.URL(), 5*time.Second)

	d := roundTrip(t, s, "txn-value", nil, hambaTxnJSON)
	if string(d.JSON) != hambaTxnJSON || d.Info.Type != Avro || d.Info.ID != 1 || d.Info.Subject != "txn-value" || d.Info.Version != 1 {
		t.Fatalf("avro: %+v %s", d.Info, d.JSON)
	}

	pay := `{"id":"p1","money":{"currency":"EUR","amount":12.5},"at":"2026-11-30T14:00:00Z","lines":[{"sku":"a","qty":"3"}]}`
	d = roundTrip(t, s, "payment-value", []int{1}, pay)
	if string(d.JSON) != pay || d.Info.Type != Protobuf || len(d.Indexes) != 1 || d.Indexes[0] != 1 {
		t.Fatalf("protobuf: %+v %v %s", d.Info, d.Indexes, d.JSON)
	}
	d = roundTrip(t, s, "payment-value", []int{1, 0}, `{"sku":"b","qty":"4"}`)
	if string(d.JSON) != `{"sku":"b","qty":"4"}` {
		t.Fatalf("nested protobuf message: %s", d.JSON)
	}
	d = roundTrip(t, s, "payment-value", nil, `{"x":5}`)
	if string(d.JSON) != `{"x":5}` || d.Indexes[0] != 0 {
		t.Fatalf("first protobuf message: %v %s", d.Indexes, d.JSON)
	}

	d = roundTrip(t, s, "json-value", nil, `{"id":1,"amount":2.5}`)
	if string(d.JSON) != `{"id":1,"amount":2.5}` || d.Info.Type != JSONSchema {
		t.Fatalf("json schema: %s", d.JSON)
	}
}

func TestEncodeErrorsNameTheFieldForEveryType(t *testing.T) {
	reg := newRegistry(t)
	s := newSession(t, reg.URL(), 5*time.Second)
	ctx := context.Background()
	cases := []struct{ subject, doc, want string }{
		{"payment-value", `{"money":{"amount":"x"}}`, `amount: expected double, got "x"`},
		{"payment-value", `{"nope":1}`, `nope: no such field`},
		{"json-value", `{"id":1,"amount":"x"}`, `amount: expected number, got string`},
	}
	for _, c := range cases {
		enc, err := s.Encoder(ctx, c.subject, 1)
		if err != nil {
			t.Fatal(err)
		}
		enc.Indexes = []int{1}
		_, err = enc.Encode([]byte(c.doc))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %s: %v, want %q", c.subject, c.doc, err, c.want)
		}
	}
}

func TestDecodeFailuresAreWords(t *testing.T) {
	reg := newRegistry(t)
	s := newSession(t, reg.URL(), 5*time.Second)
	ctx := context.Background()
	if _, err := s.Decode(ctx, []byte("plain")); !errors.Is(err, ErrNotWire) {
		t.Fatalf("plain text: %v", err)
	}
	if _, err := s.Decode(ctx, AppendHeader(nil, 999, nil)); err == nil || !strings.Contains(err.Error(), "schema id 999 is not in the registry") {
		t.Fatalf("unknown id: %v", err)
	}
	if _, err := s.Decode(ctx, append(AppendHeader(nil, 1, nil), 0xff, 0xff)); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("corrupt avro: %v", err)
	}
	if _, err := s.Decode(ctx, append(AppendHeader(nil, 3, []int{7}), 1)); err == nil || !strings.Contains(err.Error(), "no message there") {
		t.Fatalf("bad message index: %v", err)
	}
	reg.SeedSchema("broken-value", 1, 50, sr.Schema{Schema: `{"type":"nosuchtype"}`, Type: sr.TypeAvro})
	if _, err := s.Decode(ctx, append(AppendHeader(nil, 50, nil), 0)); err == nil || !strings.Contains(err.Error(), "parse avro schema") {
		t.Fatalf("unparsable schema: %v", err)
	}
	down := newSession(t, "http://127.0.0.1:1", 5*time.Second)
	if _, err := down.Decode(ctx, AppendHeader(nil, 1, nil)); err == nil || !strings.Contains(err.Error(), "registry unavailable") {
		t.Fatalf("registry down: %v", err)
	}
}

// TestSlowRegistryNeverBlocksAndFetchesOnce: a registry answering in 2 s
// costs a decoder at most the wait bound, and a thousand concurrent decodes
// of one id make one schema fetch.
func TestSlowRegistryNeverBlocksAndFetchesOnce(t *testing.T) {
	reg := newRegistry(t)
	var fetches atomic.Int32
	reg.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/1") && !strings.HasSuffix(r.URL.Path, "/versions") {
			fetches.Add(1)
			time.Sleep(2 * time.Second)
		}
		return false
	})
	s := newSession(t, reg.URL(), 50*time.Millisecond)
	enc, err := s.Encoder(context.Background(), "txn-value", 1)
	if err != nil {
		t.Fatal(err)
	}
	wire, err := enc.Encode([]byte(hambaTxnJSON))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var slowest atomic.Int64
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			_, err := s.Decode(context.Background(), wire)
			if !errors.Is(err, ErrPending) {
				t.Errorf("decode during a slow fetch: %v", err)
			}
			if d := int64(time.Since(start)); d > slowest.Load() {
				slowest.Store(d)
			}
		}()
	}
	wg.Wait()
	if d := time.Duration(slowest.Load()); d > time.Second {
		t.Fatalf("a decode waited %v on a slow registry", d)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := s.Decode(context.Background(), wire)
		if err == nil {
			if string(d.JSON) != hambaTxnJSON {
				t.Fatalf("decoded %s", d.JSON)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never decoded: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n := fetches.Load(); n != 1 {
		t.Fatalf("schema id 1 fetched %d times, want 1", n)
	}
}

func TestWireHeader(t *testing.T) {
	for _, idx := range [][]int{nil, {0}, {1}, {2, 0, 5}} {
		b := AppendHeader(nil, 258, idx)
		id, rest, err := SplitID(append(b, 'x'))
		if err != nil || id != 258 {
			t.Fatalf("%v: id %d err %v", idx, id, err)
		}
		if idx == nil {
			if string(rest) != "x" {
				t.Fatalf("rest %q", rest)
			}
			continue
		}
		got, payload, err := SplitIndexes(rest)
		if err != nil || string(payload) != "x" || len(got) != len(idx) {
			t.Fatalf("%v: got %v %q %v", idx, got, payload, err)
		}
	}
	if _, _, err := SplitIndexes([]byte{0x7e}); err == nil {
		t.Fatal("count 63 with no indexes: no error")
	}
}

func TestJSONSchemaOutputEscapesTerminalControls(t *testing.T) {
	c, err := NewCodec(JSONSchema, `{"type":"object"}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.AppendJSON(nil, []byte("{\"a\":\"x\x7fy\u009bz\"}"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":"x\u007fy\u009bz"}`; string(out) != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}

// TestTransientFailuresAreUnavailable: no answer, a 5xx, 408 or 429 is
// ErrUnavailable (fetched again later); a 404, a 401 and a schema that
// does not parse are not.
func TestTransientFailuresAreUnavailable(t *testing.T) {
	reg := newRegistry(t)
	reg.SeedSchema("broken-value", 1, 50, sr.Schema{Schema: `{"type":"nosuchtype"}`, Type: sr.TypeAvro})
	var status atomic.Int32
	reg.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if code := int(status.Load()); code != 0 {
			http.Error(w, `{"error_code":`+strconv.Itoa(code)+`,"message":"no"}`, code)
			return true
		}
		return false
	})
	ctx := context.Background()
	for _, tc := range []struct {
		status      int
		id          int
		unavailable bool
	}{
		{http.StatusServiceUnavailable, 1, true}, {http.StatusInternalServerError, 1, true},
		{http.StatusTooManyRequests, 1, true}, {http.StatusRequestTimeout, 1, true},
		{http.StatusUnauthorized, 1, false}, {0, 999, false}, {0, 50, false},
	} {
		status.Store(int32(tc.status))
		s := newSession(t, reg.URL(), 5*time.Second)
		_, err := s.Decode(ctx, append(AppendHeader(nil, tc.id, nil), 0))
		if err == nil || errors.Is(err, ErrUnavailable) != tc.unavailable {
			t.Errorf("status %d, id %d: %v; unavailable %v, want %v", tc.status, tc.id, err, errors.Is(err, ErrUnavailable), tc.unavailable)
		}
	}
	status.Store(0)
	down := newSession(t, "http://127.0.0.1:1", 5*time.Second)
	if _, err := down.Decode(ctx, AppendHeader(nil, 1, nil)); !errors.Is(err, ErrUnavailable) {
		t.Errorf("registry down: %v", err)
	}
}
