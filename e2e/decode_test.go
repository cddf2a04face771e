package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireNodeSchemaRegistry returns node, skipping without it or without
// interop/node's packages, but failing in CI, where they must be.
func requireNodeSchemaRegistry(t *testing.T) string {
	t.Helper()
	fail := func(msg string) {
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " and CI=true requires it")
		}
		t.Skip(msg + "; skipping")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		fail("node is not on PATH (install Node.js 20)")
	}
	for _, pkg := range []string{"kafkajs", "@kafkajs/confluent-schema-registry"} {
		if _, err := os.Stat(filepath.Join("..", "interop", "node", "node_modules", pkg, "package.json")); err != nil {
			fail(pkg + " is not installed (run `npm ci` in interop/node)")
		}
	}
	return node
}

// waitRegistry polls the registry at url until it answers.
func waitRegistry(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/subjects")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the bundled registry at %s does not answer", url)
}

// TestTailShowsKafkajsSchemaRecordsDecoded (issue 14): npm's kafkajs and
// @kafkajs/confluent-schema-registry register an Avro key and value
// schema and a Protobuf schema with the bundled registry and produce
// records; the explorer's tail, in tmux, shows them decoded, and the
// record detail names both schemas.
func TestTailShowsKafkajsSchemaRecordsDecoded(t *testing.T) {
	tmux := requireTmux(t)
	node := requireNodeSchemaRegistry(t)
	bin := buildKscope(t)
	regAddr := freeAddr(t)
	addr := startBroker(t, bin, "--registry-listen", regAddr)
	url := "http://" + regAddr
	waitRegistry(t, url)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, filepath.Join("..", "interop", "node", "produce-schema.js"), addr, url).CombinedOutput()
	if err != nil {
		t.Fatalf("produce-schema.js: %v\n%s", err, out)
	}
	var ids struct{ Value, Key, Proto int }
	if err := json.Unmarshal(out, &ids); err != nil {
		t.Fatalf("produce-schema.js printed %q: %v", out, err)
	}

	home := t.TempDir()
	env := fmt.Sprintf("cd %s && env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= TZ=UTC KSCOPE_SCHEMA_REGISTRY=", t.TempDir(), home)
	s := startTmux(t, tmux, fmt.Sprintf("%s %s --brokers %s --schema-registry %s; echo EXITED:$?; sleep 600", env, bin, addr, url))
	s.waitText("e2e-avro", 15*time.Second)

	s.keys(":")
	s.typeText("tail e2e-avro beginning")
	s.keys("Enter")
	want := []string{`"atm":"ATM-40","amount":120.5,"kind":"WITHDRAW"`, `"atm":"ATM-42"`, `{"branch":"LYON`}
	scr := s.waitFor(fmt.Sprintf("%q", want), 15*time.Second, func(scr string) bool {
		for _, w := range want {
			if !strings.Contains(scr, w) {
				return false
			}
		}
		return true
	})
	if strings.Contains(scr, "00 00 00") {
		t.Errorf("the tail shows raw bytes:\n%s", scr)
	}

	// The detail of the newest record: both schema lines, pretty JSON.
	s.keys("Enter")
	detail := []string{
		fmt.Sprintf("key schema e2e-avro-key v1 id %d (AVRO)", ids.Key),
		fmt.Sprintf("schema     e2e-avro-value v1 id %d (AVRO)", ids.Value),
		`"atm": "ATM-42"`,
	}
	s.waitFor(fmt.Sprintf("%q", detail), 10*time.Second, func(scr string) bool {
		for _, w := range detail {
			if !strings.Contains(scr, w) {
				return false
			}
		}
		return true
	})
	s.keys("Escape")
	s.waitFor("the tail again", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "received 3") && !strings.Contains(scr, "key schema")
	})
	s.keys("Escape")
	s.waitFor("the topic browser again", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "e2e-proto") && !strings.Contains(scr, "received 3")
	})

	s.keys(":")
	s.typeText("tail e2e-proto beginning")
	s.keys("Enter")
	want = []string{`"id":"pay-0","amount":3.5,"city":"Nantes"`, `"id":"pay-2"`}
	s.waitFor(fmt.Sprintf("%q", want), 15*time.Second, func(scr string) bool {
		return strings.Contains(scr, want[0]) && strings.Contains(scr, want[1])
	})
	s.keys("Enter")
	s.waitText(fmt.Sprintf("e2e-proto-value v1 id %d (PROTOBUF)", ids.Proto), 10*time.Second)

	s.keys("q")
	if scr := s.waitText("EXITED:", 10*time.Second); !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}
