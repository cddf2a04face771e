package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kscope/broker"
)

func userNames(t *testing.T, users []broker.SASLUser) []string {
	t.Helper()
	var out []string
	for _, u := range users {
		if u.Mechanism == "PLAIN" {
			out = append(out, u.User+":"+u.Pass)
		}
	}
	return out
}

func TestBrokerUsersFromFileEnvAndFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "users")
	if err := os.WriteFile(file, []byte("# users\nalice:s3cr:et\n\n  # more\nbob:pw\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(brokerSASLEnv, "carol:c1,dave:d2\n")
	var stderr bytes.Buffer
	users, err := brokerUsers(&stderr, []string{"erin:e3"}, file)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(userNames(t, users), " ")
	if want := "alice:s3cr:et bob:pw carol:c1 dave:d2 erin:e3"; got != want {
		t.Errorf("users %q, want %q", got, want)
	}
	if len(users) != 10 {
		t.Errorf("%d users, want each of 5 with SCRAM-SHA-256 and PLAIN", len(users))
	}
	if !strings.Contains(stderr.String(), "--sasl puts passwords on the command line") {
		t.Errorf("no warning about --sasl: %q", stderr.String())
	}
}

func TestBrokerUsersFileWarningsAndErrors(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	if err := os.WriteFile(open, []byte("alice:topsecret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if _, err := brokerUsers(&stderr, nil, open); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "readable by other users") {
		t.Errorf("no warning for a 0644 users file: %q", stderr.String())
	}

	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("alice:topsecret\nnocolon-topsecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := brokerUsers(&stderr, nil, bad)
	if err == nil || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("bad line: error %v, want one naming line 2 and not the password", err)
	}
	if _, err := brokerUsers(&stderr, nil, filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: error %v", err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("# nobody\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := brokerUsers(&stderr, nil, empty); err == nil {
		t.Errorf("a users file without users was accepted")
	}
	t.Setenv(brokerSASLEnv, "carol-topsecret")
	if _, err := brokerUsers(&stderr, nil, ""); err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("bad env entry: error %v, want one not showing the password", err)
	}
}
