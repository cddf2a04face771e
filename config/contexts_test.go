package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kscope/internal/testcert"
)

// writeCA writes a CA certificate (and a server certificate it signed)
// as PEM into dir and returns the CA's file name.
func writeCA(t *testing.T, dir string) string { return testcert.New(t, dir).CAFile }

// writeFile writes a contexts file with the given mode and loads it.
func writeFile(t *testing.T, dir, body string, mode fs.FileMode) (*Contexts, error) {
	t.Helper()
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // umask may have cut bits
		t.Fatal(err)
	}
	return LoadContexts(p)
}

const secretPW = "hunter2-very-secret"

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // each must appear in the error
	}{
		{"unknown top-level field", "current-context: a\ncontxts: []\n", []string{":2:", `unknown field "contxts"`}},
		{"unknown context field", "contexts:\n  - name: a\n    brokers: [h:1]\n    readonly: true\n", []string{":4:", `unknown field "contexts[0].readonly"`}},
		{"unknown sasl field", "contexts:\n  - name: a\n    brokers: [h:1]\n    sasl:\n      mechanism: PLAIN\n      username: u\n      password-file: /x\n", []string{":7:", `"contexts[0].sasl.password-file"`, "missing password"}},
		// yaml.v3 reports where the unclosed flow list's context starts, a line early.
		{"bad YAML", "contexts:\n  - name: a\n    brokers: [h:1\n", []string{"config.yaml: line 2: did not find expected ',' or ']'"}},
		{"tab indentation", "contexts:\n\t- name: a\n", []string{"config.yaml", "line 2"}},
		{"missing CA file", "contexts:\n  - name: a\n    brokers: [h:1]\n    tls: {ca-file: nope/ca.pem}\n", []string{":4:", "contexts[0].tls.ca-file", "nope/ca.pem", "no such file"}},
		{"current-context missing", "current-context: prod\ncontexts:\n  - name: local\n    brokers: [h:1]\n", []string{":1:", `"prod" is not one of the contexts (local)`}},
		{"duplicate names", "contexts:\n  - name: a\n    brokers: [h:1]\n  - name: a\n    brokers: [h:2]\n", []string{":4:", `context name "a" is already used at line 2`}},
		{"duplicate key", "contexts:\n  - name: a\n    name: b\n    brokers: [h:1]\n", []string{":3:", "given twice (first at line 2)"}},
		{"bad broker", "contexts:\n  - name: a\n    brokers: [kafka-1]\n", []string{":3:", `"kafka-1": want host:port`}},
		{"no brokers", "contexts:\n  - name: a\n", []string{":2:", "contexts[0].brokers: missing"}},
		{"no name", "contexts:\n  - brokers: [h:1]\n", []string{":2:", "contexts[0].name: missing"}},
		{"bad mechanism", "contexts:\n  - name: a\n    brokers: [h:1]\n    sasl: {mechanism: GSSAPI, username: u, password-env: X}\n", []string{":4:", `"GSSAPI": want PLAIN`}},
		{"two password sources", "contexts:\n  - name: a\n    brokers: [h:1]\n    sasl: {mechanism: PLAIN, username: u, password: " + secretPW + ", password-env: X}\n", []string{":4:", "only one of password, password-env"}},
		{"password not a string", "contexts:\n  - name: a\n    brokers: [h:1]\n    sasl: {mechanism: PLAIN, username: u, password: [" + secretPW + "]}\n", []string{":4:", "sasl.password: want a string"}},
		{"bad bool", "contexts:\n  - name: a\n    brokers: [h:1]\n    read-only: sometimes\n", []string{":4:", "read-only: want true or false"}},
		{"bad refresh", "contexts:\n  - name: a\n    brokers: [h:1]\n    refresh: 5\n", []string{":4:", "refresh: want a positive duration"}},
		{"bad tail buffer", "contexts:\n  - name: a\n    brokers: [h:1]\n    tail-buffer: -3\n", []string{":4:", "tail-buffer: want a positive whole number"}},
		{"cert without key", "contexts:\n  - name: a\n    brokers: [h:1]\n    tls: {cert-file: ca.pem}\n", []string{":4:", "cert-file and key-file go together"}},
		{"contexts not a list", "contexts: {name: a}\n", []string{":1:", "contexts: want a list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCA(t, dir)
			_, err := writeFile(t, dir, tt.body, 0o600)
			if err == nil {
				t.Fatal("no error")
			}
			t.Logf("%v", err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, "config.yaml")) {
				t.Errorf("error %q does not name the file", err)
			}
			if strings.Contains(err.Error(), secretPW) {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestInlinePasswordWarnsWhenOthersCanRead(t *testing.T) {
	body := "contexts:\n  - name: a\n    brokers: [h:1]\n    sasl: {mechanism: PLAIN, username: u, password: " + secretPW + "}\n"
	for _, tt := range []struct {
		mode fs.FileMode
		warn bool
	}{{0o644, true}, {0o640, true}, {0o600, false}} {
		t.Run(fmt.Sprintf("%04o", tt.mode), func(t *testing.T) {
			got, err := writeFile(t, t.TempDir(), body, tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := got.Context("a")
			if (len(a.Warnings) > 0) != tt.warn || len(got.Warnings) > 0 {
				t.Errorf("warnings = %v (file: %v), want a warning on context a: %v", a.Warnings, got.Warnings, tt.warn)
			}
			for _, w := range a.Warnings {
				if !strings.Contains(w, "inline password") || !strings.Contains(w, "chmod 600") || strings.Contains(w, secretPW) {
					t.Errorf("warning %q: want it to name the problem and fix, without the password", w)
				}
			}
			c, _ := got.Context("a")
			if pw, err := c.SASL.Password.Resolve(context.Background()); err != nil || pw != secretPW {
				t.Errorf("Resolve = %q, %v", pw, err)
			}
		})
	}
}

func TestContextLookup(t *testing.T) {
	got, err := writeFile(t, t.TempDir(), "contexts:\n  - name: a\n    brokers: [h:1]\n  - name: b\n    brokers: [h:2]\n", 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := got.Context(""); err == nil || !strings.Contains(err.Error(), "no current-context set; pick one of a, b") {
		t.Errorf("Context(\"\") = %v", err)
	}
	if _, err := got.Context("c"); err == nil || !strings.Contains(err.Error(), `context "c" is not defined; contexts: a, b`) {
		t.Errorf("Context(c) = %v", err)
	}
}

func TestMissingAndEmptyFile(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadContexts(filepath.Join(dir, "config.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	got, err := writeFile(t, dir, "# nothing yet\n", 0o600)
	if err != nil || len(got.Contexts) != 0 {
		t.Errorf("empty file = %+v, %v", got, err)
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	if p, err := ContextsFile(); err != nil || p != filepath.Join(dir, "kscope", "config.yaml") {
		t.Errorf("ContextsFile = %q, %v", p, err)
	}
}
