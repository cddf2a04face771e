package interop

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kscope/schema"
)

var registryRE = regexp.MustCompile(`schema registry listening on (http://\S+), data: (.+)`)

// registryURL waits for the broker's registry line and returns its URL.
func registryURL(t *testing.T, p *brokerProc) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := registryRE.FindStringSubmatch(p.output.String()); m != nil {
			if want := p.DataDir + "-registry"; m[2] != want {
				t.Errorf("registry data: %q, want %q", m[2], want)
			}
			return m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no schema registry line; output:\n%s", p.output.String())
	return ""
}

func requireConfluentPython(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := exec.CommandContext(ctx, pythonKafka, "-c", "import confluent_kafka.schema_registry, avro.io").Run()
	requireTool(t, "confluent-kafka's schema registry client and python avro", err == nil,
		pythonKafka+` -c "import confluent_kafka.schema_registry, avro.io" failed; install Debian's python3-confluent-kafka, python3-requests and python3-avro`)
}

// TestSchemaRegistryWithConfluentPythonAndAvro: Confluent's Python registry
// client registers, looks up, checks compatibility and deletes against the
// bundled registry; Apache's Python Avro encodes a record with the
// Confluent header that kscope decodes, and decodes one kscope encodes; the
// schema is still there after the broker restarts.
func TestSchemaRegistryWithConfluentPythonAndAvro(t *testing.T) {
	requireConfluentPython(t)
	script := filepath.Join("testdata", "schema_client.py")
	dataDir := filepath.Join(t.TempDir(), "data")
	p := startBroker(t, dataDir, "--registry-listen", "127.0.0.1:0")
	url := registryURL(t, p)

	var reg struct{ ID int }
	if err := json.Unmarshal([]byte(run(t, time.Minute, "", pythonKafka, script, url, "register")), &reg); err != nil || reg.ID == 0 {
		t.Fatalf("register: %+v %v", reg, err)
	}

	// The broker restarts: the registry keeps its schemas.
	p.stop(t)
	p = startBroker(t, dataDir, "--registry-listen", "127.0.0.1:0")
	url = registryURL(t, p)

	wire, err := hex.DecodeString(strings.TrimSpace(run(t, time.Minute, "", pythonKafka, script, url, "encode")))
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.NewSession(schema.Config{URL: url, Wait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Decode(context.Background(), wire)
	if err != nil {
		t.Fatalf("kscope decoding python-avro's record: %v", err)
	}
	want := `{"id":42,"atm":"ATM-7 é","amount":120.5,"kind":"WITHDRAW","fee":"-1.25","day":"2026-11-30","at":"2026-11-30T14:00:00.123Z","note":{"string":"hi"},"place":{"city":"Lyon"}}`
	if string(d.JSON) != want || d.Info.ID != reg.ID || d.Info.Subject != "atm-value" || d.Info.Version != 1 {
		t.Fatalf("kscope decoded %s (%+v)\nwant %s", d.JSON, d.Info, want)
	}

	enc, err := s.Encoder(context.Background(), "atm-value", 0)
	if err != nil {
		t.Fatal(err)
	}
	out, err := enc.Encode([]byte(strings.Replace(want, `"id":42`, `"id":43`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(run(t, time.Minute, "", pythonKafka, script, url, "decode", hex.EncodeToString(out)))
	wantPy := `{"amount": 120.5, "at": "2026-11-30 14:00:00.123000+00:00", "atm": "ATM-7 \u00e9", "day": "2026-11-30", "fee": "-1.25", "id": 43, "kind": "WITHDRAW", "note": "hi", "place": {"city": "Lyon"}}`
	if got != wantPy {
		t.Fatalf("python avro decoded kscope's record as\n%s\nwant\n%s", got, wantPy)
	}
}
