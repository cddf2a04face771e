package interop

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bufbuild/protocompile"
	"github.com/twmb/franz-go/pkg/sr"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"kscope/schema"
)

var registryRE = regexp.MustCompile(`schema registry serving (http://\S+), data: (.+)`)

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

// paymentProto imports a well-known type and nests a message; Payment is
// the second message, so its Confluent index list is [1].
const paymentProto = `syntax = "proto3";
package bank;
import "google/protobuf/timestamp.proto";
message Other { int32 x = 1; }
message Payment {
  string id = 1;
  double amount = 2;
  google.protobuf.Timestamp at = 3;
  message Line { string sku = 1; int64 qty = 2; }
  repeated Line lines = 4;
}`

// TestSchemaProtobufWithGooglePython: Google's Python Protobuf encodes a
// message with a hand-written Confluent header that kscope decodes through
// the bundled registry, and decodes the one kscope encodes.
func TestSchemaProtobufWithGooglePython(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	err := exec.CommandContext(ctx, pythonKafka, "-c", "import google.protobuf.json_format").Run()
	cancel()
	requireTool(t, "python protobuf", err == nil, pythonKafka+` -c "import google.protobuf" failed; install Debian's python3-protobuf`)
	p := startBroker(t, filepath.Join(t.TempDir(), "data"), "--registry-listen", "127.0.0.1:0")
	url := registryURL(t, p)
	cl, err := sr.NewClient(sr.URLs(url))
	if err != nil {
		t.Fatal(err)
	}
	ss, err := cl.CreateSchema(context.Background(), "payment-value", sr.Schema{Schema: paymentProto, Type: sr.TypeProtobuf})
	if err != nil {
		t.Fatal(err)
	}
	descSet := writeDescriptorSet(t, paymentProto)
	script := filepath.Join("testdata", "schema_protobuf.py")

	doc := `{"id":"p1","amount":12.5,"at":"2026-11-30T14:00:00Z","lines":[{"sku":"a","qty":"3"}]}`
	wire, err := hex.DecodeString(strings.TrimSpace(run(t, time.Minute, "", pythonKafka, script, descSet, "encode", fmt.Sprint(ss.ID), "1", doc)))
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.NewSession(schema.Config{URL: url, Wait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Decode(context.Background(), wire)
	if err != nil {
		t.Fatalf("kscope decoding python-protobuf's record: %v", err)
	}
	if string(d.JSON) != doc || len(d.Indexes) != 1 || d.Indexes[0] != 1 {
		t.Fatalf("kscope decoded %s (indexes %v), want %s", d.JSON, d.Indexes, doc)
	}

	enc, err := s.Encoder(context.Background(), "payment-value", 0)
	if err != nil {
		t.Fatal(err)
	}
	enc.Indexes = []int{1}
	out, err := enc.Encode([]byte(`{"id":"p2","amount":-1,"lines":[{"sku":"b","qty":"4"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(run(t, time.Minute, "", pythonKafka, script, descSet, "decode", "1", hex.EncodeToString(out)))
	want := `{"amount": -1.0, "id": "p2", "lines": [{"qty": "4", "sku": "b"}]}`
	if got != want {
		t.Fatalf("python protobuf decoded kscope's record as\n%s\nwant\n%s", got, want)
	}
}

// writeDescriptorSet compiles .proto text with protocompile and writes its
// FileDescriptorSet (dependencies first) for the Python side.
func writeDescriptorSet(t *testing.T, text string) string {
	t.Helper()
	comp := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{"payment.proto": text}),
	})}
	fds, err := comp.Compile(context.Background(), "payment.proto")
	if err != nil {
		t.Fatal(err)
	}
	set := &descriptorpb.FileDescriptorSet{}
	var add func(fd protoreflect.FileDescriptor)
	seen := map[string]bool{}
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		for i := range fd.Imports().Len() {
			add(fd.Imports().Get(i).FileDescriptor)
		}
		set.File = append(set.File, protodesc.ToFileDescriptorProto(fd))
	}
	add(fds[0])
	b, err := proto.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "payment.desc")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
