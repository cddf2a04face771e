package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSchemasAndEncodedProduce drives the real binary in tmux against
// `kscope --local --demo` and its bundled registry: :schemas lists the
// demo's subject, a new version is registered only after the dry run,
// the two versions are diffed, the new one soft-deleted with its subject
// typed, and the produce form shows a schema error with its field path
// and sends a record that matches.
func TestSchemasAndEncodedProduce(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	data := filepath.Join(t.TempDir(), "broker")
	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --local --local-listen 127.0.0.1:0 --data-dir %s --demo; echo EXITED:$?; sleep 600",
		home, bin, data))
	s.waitText("bankbranch", 15*time.Second)

	s.keys(":")
	s.typeText("schemas")
	s.keys("Enter")
	s.waitText("bankbranch-avro-value", 10*time.Second)
	s.keys("Enter")
	s.waitText("compatibility BACKWARD", 10*time.Second)

	s.keys("n")
	s.waitText("this is v1 as registered", 10*time.Second)
	// Add a field with a default before the closing "]".
	s.keys("Up", "Home")
	s.typeText(`    ,{"name":"branch","type":"string","default":"main"}`)
	s.keys("Enter", "C-s")
	s.waitText("✓ Compatible", 10*time.Second)
	s.keys("y")
	scr := s.waitText("registered bankbranch-avro-value v2", 10*time.Second)
	if !strings.Contains(lineWith(scr, "▸"), "v2") {
		t.Errorf("the cursor is not on the new version:\n%s", scr)
	}

	s.keys("c")
	scr = s.waitText("v1 → v2", 5*time.Second)
	if !strings.Contains(scr, `+      "name": "branch",`) {
		t.Errorf("the diff lacks the new field:\n%s", scr)
	}
	s.keys("Escape")
	s.waitText("VERSION", 5*time.Second)
	s.keys("d")
	s.waitText("Type the subject's name", 5*time.Second)
	s.typeText("bankbranch-avro-value")
	s.keys("Enter")
	s.waitText("soft-deleted bankbranch-avro-value v2", 10*time.Second)

	s.keys(":")
	s.typeText("produce bankbranch-avro")
	s.keys("Enter")
	s.waitText("Value schema", 10*time.Second)
	s.keys("Down", "Down", "Tab", "Tab")
	s.waitText("Value (Avro)", 10*time.Second)
	s.typeText(`{"atmid": 1, "transid": 2, "amount": "12", "type": "deposit", "timestamp": 0}`)
	s.waitText("schema: amount: expected double, got string", 5*time.Second)
	s.keys("C-a")
	for range len(`{"atmid": 1, "transid": 2, "amount": "12", "type": "deposit", "timestamp": 0}`) {
		s.keys("Delete")
	}
	s.typeText(`{"atmid": 1, "transid": 2, "amount": 12, "type": "deposit", "timestamp": 0}`)
	s.waitText("valid for bankbranch-avro-value v1", 5*time.Second)
	s.keys("C-s")
	s.waitText("sent to bankbranch-avro", 10*time.Second)
	s.keys("Escape")
	// Wait for the form to close: an Escape and a q sent together reach
	// the program as one alt+q.
	s.waitFor("the form to close", 10*time.Second, func(scr string) bool { return !strings.Contains(scr, "Value (Avro)") })
	s.keys("q")
	if scr := s.waitText("EXITED:", 10*time.Second); !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}
