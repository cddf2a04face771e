package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kscope/kafkaops"
)

// wideSchema is a record of 10,000 long fields; recursiveSchema a linked
// list.
var wideSchema, recursiveSchema = func() ([]byte, []byte) {
	var f []string
	for i := range 10000 {
		f = append(f, fmt.Sprintf(`{"name":"f%d","type":"long"}`, i))
	}
	wide, _ := json.Marshal(map[string]string{"schema": `{"type":"record","name":"Wide","fields":[` + strings.Join(f, ",") + `]}`})
	rec, _ := json.Marshal(map[string]string{"schema": `{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}`})
	return wide, rec
}()

// badRegistry is a Schema Registry on 127.0.0.1 that misbehaves by id:
// 1 answers after delay, 2 answers garbage (with an escape sequence), 3
// is unknown; 4 answers at once, for corrupt payloads; 6 is a record of
// 10,000 fields and 7 a recursive one.
func badRegistry(t *testing.T, delay time.Duration) (url string, hits *atomic.Int64) {
	t.Helper()
	hits = &atomic.Int64{}
	schema, _ := json.Marshal(map[string]string{"schema": testTxnAvro})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch {
		case strings.HasSuffix(r.URL.Path, "/versions"):
			http.NotFound(w, r)
		case r.URL.Path == "/schemas/ids/1":
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
			w.Write(schema)
		case r.URL.Path == "/schemas/ids/2":
			w.Write([]byte("<html>\x1b[31mproxy error\x1b[0m{{{"))
		case r.URL.Path == "/schemas/ids/4":
			w.Write(schema)
		case r.URL.Path == "/schemas/ids/6":
			w.Write(wideSchema)
		case r.URL.Path == "/schemas/ids/7":
			w.Write(recursiveSchema)
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error_code":40403,"message":"Schema not found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test registry at %s, want 127.0.0.1", srv.URL)
	}
	return srv.URL, hits
}

// Issue 14, bad input: a registry that answers in 2 s, one that answers
// garbage, unknown ids and corrupt payloads never hold a tail's delivery
// up for more than a wait per schema id, never drop a record, and give
// every record that could not be decoded its reason in words, with no
// control characters; the slow schema's records decode once it is there.
func TestBadRegistryKeepsTheTailFlowing(t *testing.T) {
	url, _ := badRegistry(t, 2*time.Second)
	d, err := urlDecoder(url)
	if err != nil {
		t.Fatal(err)
	}
	const perID = 500
	var recs []kafkaops.Record
	for i := range 5 * perID {
		id := byte(i%5) + 1 // ids 1..5
		v := []byte{0, 0, 0, 0, id}
		if id == 4 {
			v = append(v, 0xff, 0xff, 0xff, 0x01) // not a Txn
		} else {
			v = append(v, 0x0c, 'A', 'T', 'M', '-', '0', '1', 0, 0, 0, 0, 0, 0, 0x34, 0x40)
		}
		recs = append(recs, kafkaops.Record{Topic: "txn", Offset: int64(i), Value: v})
	}
	start := time.Now()
	bd := kafkaops.NewBatchDecoder(d)
	for i := range recs {
		bd.Decode(context.Background(), &recs[i])
	}
	// Ids 1, 2, 3 and 4 are fetched at once; only the slow one waits out
	// the 200 ms bound, once for its 500 records.
	if took := time.Since(start); took > time.Second {
		t.Fatalf("a delivery of %d records took %v with a slow registry", len(recs), took)
	}
	if len(recs) != 5*perID {
		t.Fatal("records dropped")
	}
	reasons := map[byte]string{}
	for _, r := range recs {
		id := r.Value[4]
		switch {
		case id == 1:
			if !r.DecodePending || r.Decoded != nil || r.DecodeErr != "" {
				t.Fatalf("slow id: pending %v decoded %q reason %q", r.DecodePending, r.Decoded, r.DecodeErr)
			}
		case r.Decoded != nil || r.DecodeErr == "":
			t.Fatalf("id %d: decoded %q, reason %q", id, r.Decoded, r.DecodeErr)
		default:
			if strings.ContainsAny(r.DecodeErr, "\x1b\x00\r\n") {
				t.Fatalf("id %d: reason holds control characters: %q", id, r.DecodeErr)
			}
			reasons[id] = r.DecodeErr
		}
	}
	for id, want := range map[byte]string{2: "schema id 2: registry unavailable", 3: "schema id 3 is not in the registry", 5: "schema id 5 is not in the registry", 4: "avro payload does not match its schema"} {
		if !strings.Contains(reasons[id], want) {
			t.Errorf("id %d: reason %q, want %q", id, reasons[id], want)
		}
	}
	// Once the slow registry answered, the pending records decode (the
	// tail does this on a later tick).
	r := recs[0]
	r.DecodePending = false
	kafkaops.DecodeWait(context.Background(), d, &r, 5*time.Second)
	if !strings.Contains(string(r.Decoded), `"ATM-01"`) || r.DecodeErr != "" {
		t.Errorf("after the slow answer: decoded %q reason %q", r.Decoded, r.DecodeErr)
	}
}

// A registry that is down costs a delivery no wait: every record gets
// the reason (or waits for the next tick) at once.
func TestRegistryDownSaysSoOnce(t *testing.T) {
	// Port 1 on 127.0.0.1: nothing listens there.
	d, err := urlDecoder("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	bd := kafkaops.NewBatchDecoder(d)
	var recs []kafkaops.Record
	for i := range 1000 {
		recs = append(recs, kafkaops.Record{Offset: int64(i), Value: []byte{0, 0, 0, 0, 7, 1}})
	}
	start := time.Now()
	for i := range recs {
		bd.Decode(context.Background(), &recs[i])
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("1000 records with the registry down took %v", took)
	}
	for _, r := range recs {
		if r.Decoded != nil || (!r.DecodePending && !strings.Contains(r.DecodeErr, "registry unavailable")) {
			t.Fatalf("record %d: decoded %q pending %v reason %q", r.Offset, r.Decoded, r.DecodePending, r.DecodeErr)
		}
	}
}

// Issue 14, bad input: a schema of 10,000 fields decodes, and a
// recursive schema with a payload nested past the bound gives a reason,
// not a stack overflow; neither holds the delivery up.
func TestWideAndRecursiveSchemasKeepFlowing(t *testing.T) {
	url, _ := badRegistry(t, 0)
	d, err := urlDecoder(url)
	if err != nil {
		t.Fatal(err)
	}
	wide := append([]byte{0, 0, 0, 0, 6}, make([]byte, 10000)...) // every long 0
	deep := []byte{0, 0, 0, 0, 7}
	for range 100000 {
		deep = append(deep, 2) // branch 1: another Node
	}
	deep = append(deep, 0)
	recs := []kafkaops.Record{{Value: wide}, {Value: deep}, {Value: wide}}
	start := time.Now()
	for i := range recs {
		kafkaops.DecodeWait(context.Background(), d, &recs[i], 5*time.Second)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("decoding took %v", took)
	}
	for _, i := range []int{0, 2} {
		if !strings.Contains(string(recs[i].Decoded), `"f9999":0`) || recs[i].DecodeErr != "" {
			t.Errorf("wide record %d: %d bytes decoded, reason %q", i, len(recs[i].Decoded), recs[i].DecodeErr)
		}
	}
	if recs[1].Decoded != nil || !strings.Contains(recs[1].DecodeErr, "nesting deeper") {
		t.Errorf("recursive record: decoded %d bytes, reason %q", len(recs[1].Decoded), recs[1].DecodeErr)
	}
}
