package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// requireKcat returns kcat's path; it skips without kcat, but fails in
// CI, where it must run.
func requireKcat(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("kcat is required for the forms end-to-end test in CI: %v", err)
		}
		t.Skip("kcat not found: skipping the forms end-to-end test (install kcat to run it)")
	}
	return path
}

// kcatRead consumes a topic from the beginning to its end with kcat and
// returns the values, one per line.
func kcatRead(t *testing.T, kcat, addr, topic string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kcat, "-C", "-b", addr, "-t", topic, "-e", "-o", "beginning", "-q").Output()
	if err != nil {
		t.Fatalf("kcat -C: %v\n%s", err, out)
	}
	var vals []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			vals = append(vals, l)
		}
	}
	return vals
}

// TestFormsLabAdminAndProducerSteps does the seed lab's admin and
// producer steps in the explorer, against `kscope broker`, and checks them
// with kcat: create bankbranch (2 partitions, RF 1) through the form,
// produce the lab's two JSON records through the produce form, read them
// back, and see the already-exists error on a second create.
func TestFormsLabAdminAndProducerSteps(t *testing.T) {
	tmux := requireTmux(t)
	kcat := requireKcat(t)
	bin := buildKscope(t)
	addr := startBroker(t, bin)

	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --brokers %s; echo EXITED:$?; sleep 600", home, bin, addr))
	s.waitText("connected", 15*time.Second)
	s.waitText("Topics", 15*time.Second)

	// Create bankbranch with 2 partitions and replication factor 1.
	s.keys("n")
	s.waitText("num.partitions", 10*time.Second)
	s.typeText("bankbranch")
	s.waitText("valid name", 5*time.Second)
	s.keys("Tab")
	s.typeText("2")
	s.keys("Tab")
	s.typeText("1")
	s.keys("C-s")
	scr := s.waitFor("bankbranch's detail", 15*time.Second, func(scr string) bool {
		return strings.Contains(scr, "cleanup.policy") && strings.Contains(scr, "2 partitions")
	})
	if !strings.Contains(scr, "created topic bankbranch") || !strings.Contains(scr, "RF 1") {
		t.Errorf("detail or status wrong after create:\n%s", scr)
	}

	// esc from the detail goes back to the topic browser, not the form.
	s.keys("Escape")
	scr = s.waitFor("the topic browser with bankbranch", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Topics (") && strings.Contains(scr, "bankbranch") && !strings.Contains(scr, "cleanup.policy")
	})
	if strings.Contains(scr, "Create topic") {
		t.Fatalf("esc from the detail went back to the form:\n%s", scr)
	}

	// Produce the lab's two records to bankbranch.
	lab := []string{`{"atmid": 1, "transid": 100}`, `{"atmid": 2, "transid": 101}`}
	s.keys("p")
	s.waitText("Produce to bankbranch", 10*time.Second)
	s.waitText("2 partitions", 10*time.Second)
	s.keys("Tab") // key → value
	s.typeText(lab[0])
	s.waitText("valid JSON", 5*time.Second)
	s.keys("C-s")
	s.waitText("Sent this session (1)", 10*time.Second)
	s.keys("C-u") // the form stays filled: clear the value's line
	s.typeText(lab[1])
	s.waitText(`"atmid": 2`, 5*time.Second)
	s.keys("C-s")
	scr = s.waitText("Sent this session (2)", 10*time.Second)
	if !strings.Contains(scr, "sent to bankbranch [") || !strings.Contains(scr, "@ offset") {
		t.Errorf("status line lacks where the record landed:\n%s", scr)
	}

	// An outside client sees both records with the right values.
	deadline := time.Now().Add(10 * time.Second)
	var got []string
	for time.Now().Before(deadline) {
		if got = kcatRead(t, kcat, addr, "bankbranch"); len(got) >= 2 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, want := range lab {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("kcat did not read %s; it read %q", want, got)
		}
	}
	if len(got) != 2 {
		t.Errorf("kcat read %d records, want 2: %q", len(got), got)
	}

	// A tombstone: a key and a null value (ctrl+n), which kcat prints as
	// NULL with -Z, not as an empty string.
	s.keys("BTab") // value → key
	s.typeText("atm-9")
	s.keys("Tab", "C-u", "C-n")
	s.waitText("Value (null)", 5*time.Second)
	s.keys("C-s")
	scr = s.waitText("Sent this session (3)", 10*time.Second)
	if !strings.Contains(scr, "key atm-9  null (tombstone)") {
		t.Errorf("the sends list does not show the tombstone:\n%s", scr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	out, err := exec.CommandContext(ctx, kcat, "-C", "-b", addr, "-t", "bankbranch", "-e", "-o", "beginning", "-q", "-Z", "-f", "%k=%s\n").Output()
	cancel()
	if err != nil || !strings.Contains(string(out), "atm-9=NULL") {
		t.Errorf("kcat did not read the tombstone as key atm-9, value NULL (%v):\n%s", err, out)
	}

	// Creating bankbranch again shows the broker's error and keeps the form.
	s.keys("Escape")
	s.waitFor("the topic browser", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Topics (") && !strings.Contains(scr, "Produce to")
	})
	s.keys("n")
	s.waitText("num.partitions", 10*time.Second)
	s.typeText("bankbranch")
	s.keys("C-s")
	scr = s.waitText("[36] Topic Already Exists", 15*time.Second)
	if l := lineWith(scr, "Name"); !strings.Contains(l, "bankbranch") {
		t.Errorf("the name was not kept after the error: %q\n%s", l, scr)
	}

	// esc asks before dropping what was typed; y leaves; q quits.
	s.keys("Escape")
	s.waitText("Discard this form?", 5*time.Second)
	s.keys("y")
	s.waitFor("the topic browser", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Topics (") && !strings.Contains(scr, "Create topic")
	})
	// :delete completes the topic, asks for its name, and deletes it.
	s.keys(":")
	s.typeText("delete bank")
	// The palette fetches topic names when it opens: complete only once
	// the suggestion is there.
	topicRow := regexp.MustCompile(`bankbranch\s+topic`)
	s.waitFor("the bankbranch suggestion", 10*time.Second, topicRow.MatchString)
	s.keys("Tab", "Enter")
	s.waitText("Delete topic bankbranch?", 10*time.Second)
	s.waitText("holds 3 messages", 10*time.Second)
	s.typeText("bankbranch")
	s.waitText("enter deletes bankbranch", 5*time.Second)
	s.keys("Enter")
	scr = s.waitText("deleted topic bankbranch", 15*time.Second)
	if strings.Contains(scr, "Delete topic bankbranch?") {
		t.Errorf("the confirmation stayed open:\n%s", scr)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
	out, err = exec.CommandContext(ctx, kcat, "-L", "-b", addr).Output()
	cancel()
	if err != nil || strings.Contains(string(out), `topic "bankbranch"`) {
		t.Errorf("kcat -L still lists bankbranch (%v):\n%s", err, out)
	}

	s.keys("q")
	scr = s.waitText("EXITED:", 5*time.Second)
	if !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}
