package interop

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
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

// TestSchemaRegistryWithKafkajsRegistry: npm's
// @kafkajs/confluent-schema-registry registers an Avro, a Protobuf and a
// JSON Schema with the bundled registry and encodes a record with each;
// kscope decodes all three, and the library decodes what kscope encodes.
func TestSchemaRegistryWithKafkajsRegistry(t *testing.T) {
	node := requireKafkajs(t)
	_, err := os.Stat(filepath.Join("node", "node_modules", "@kafkajs", "confluent-schema-registry", "package.json"))
	requireTool(t, "@kafkajs/confluent-schema-registry", err == nil, "run `npm ci` in interop/node")
	p := startBroker(t, filepath.Join(t.TempDir(), "data"), "--registry-listen", "127.0.0.1:0")
	url := registryURL(t, p)

	var enc map[string]string
	if err := json.Unmarshal([]byte(run(t, 90*time.Second, "", node, "node/schema.js", url, "encode")), &enc); err != nil {
		t.Fatal(err)
	}
	s, err := schema.NewSession(schema.Config{URL: url, Wait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"avro":  `{"id":7,"atm":"ATM-1","amount":20.5,"kind":"DEPOSIT","note":{"string":"n"}}`,
		"proto": `{"id":"p1","amount":3.5,"tags":["a","b"]}`,
		"json":  `{"id":9,"amount":1.5}`,
	}
	var ours []string
	for _, kind := range []string{"avro", "proto", "json"} {
		wire, err := hex.DecodeString(enc[kind])
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Decode(context.Background(), wire)
		if err != nil {
			t.Fatalf("kscope decoding kafkajs's %s record: %v", kind, err)
		}
		if string(d.JSON) != want[kind] {
			t.Errorf("%s: kscope decoded %s, want %s", kind, d.JSON, want[kind])
		}
		e, err := s.Encoder(context.Background(), d.Info.Subject, 0)
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.Encode(d.JSON)
		if err != nil {
			t.Fatal(err)
		}
		ours = append(ours, hex.EncodeToString(out))
	}
	got := strings.TrimSpace(run(t, 90*time.Second, "", node, append([]string{"node/schema.js", url, "decode"}, ours...)...))
	wantNode := `[{"id":7,"atm":"ATM-1","amount":20.5,"kind":"DEPOSIT","note":"n"},{"id":"p1","amount":3.5,"tags":["a","b"]},{"id":9,"amount":1.5}]`
	if got != wantNode {
		t.Fatalf("kafkajs decoded kscope's records as\n%s\nwant\n%s", got, wantNode)
	}
}
