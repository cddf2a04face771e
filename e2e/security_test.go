package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startACLBroker runs `kscope broker --acls` with SASL user admin (a
// super user, from the environment rather than the command line) on a
// free port and returns its address.
func startACLBroker(t *testing.T, bin string) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, brokerArgs("--listen", addr, "--in-memory", "--acls")...)
	cmd.Env = append(os.Environ(), "KSCOPE_BROKER_SASL=admin:adminpw")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan struct{}, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening on") {
				ready <- struct{}{}
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(15 * time.Second):
		t.Fatalf("kscope broker --acls did not start on %s", addr)
	}
	return addr
}

// TestACLCreateAndDeleteInTheTUI: logged in as the broker's super user,
// :acls creates a binding from the form and deletes it after listing
// what the filter matches and the count is typed; :users lists the
// super user.
func TestACLCreateAndDeleteInTheTUI(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	addr := startACLBroker(t, bin)

	home := t.TempDir()
	cfgHome := filepath.Join(home, "config")
	if err := os.MkdirAll(filepath.Join(cfgHome, "kscope"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`current-context: acl
contexts:
  - name: acl
    brokers: [%s]
    sasl: {mechanism: SCRAM-SHA-256, username: admin, password-env: E2E_KAFKA_PASSWORD}
`, addr)
	if err := os.WriteFile(filepath.Join(cfgHome, "kscope", "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME=%s XDG_DATA_HOME= XDG_STATE_HOME= KSCOPE_BROKERS= E2E_KAFKA_PASSWORD=adminpw %s; echo EXITED:$?; sleep 600", home, cfgHome, bin))
	s.waitText("connected", 15*time.Second)

	s.keys(":")
	s.typeText("acls")
	s.keys("Enter")
	s.waitText("No ACL bindings", 10*time.Second)

	s.keys("n")
	s.waitText("Create an ACL binding", 5*time.Second)
	s.typeText("User:alice")
	s.keys("Tab", "Tab", "Tab", "Right", "Tab")
	s.typeText("orders-")
	s.waitText("Creates: ALLOW User:alice to READ TOPIC orders-* from any host", 5*time.Second)
	s.keys("Enter")
	scr := s.waitText("ACLs (1/1)", 10*time.Second)
	if l := lineWith(scr, "User:alice"); !strings.Contains(l, "PREFIXED") || !strings.Contains(l, "orders-") {
		t.Errorf("the list's row for the new binding: %q\n%s", l, scr)
	}

	s.keys("d")
	s.waitText("Delete ACL bindings matching", 5*time.Second)
	s.keys("Enter")
	s.waitText("Matches 1 binding", 10*time.Second)
	s.typeText("1")
	s.keys("Enter")
	s.waitText("Deleted 1 binding", 10*time.Second)
	s.keys("Escape")
	s.waitText("No ACL bindings", 10*time.Second)

	s.keys(":")
	s.typeText("users")
	s.keys("Enter")
	scr = s.waitText("SCRAM credentials (1/1)", 10*time.Second)
	if l := lineWith(scr, "admin"); !strings.Contains(l, "SCRAM-SHA-256") {
		t.Errorf("the users list's row for admin: %q", l)
	}

	s.keys("q")
	if scr := s.waitText("EXITED:", 5*time.Second); !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}
