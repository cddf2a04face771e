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
	"time"

	"kscope/broker"
	"kscope/internal/testcert"
	"kscope/kafkaops"
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

func TestValidFile(t *testing.T) {
	dir := t.TempDir()
	ca := writeCA(t, dir)
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.MkdirAll(filepath.Join(home, "certs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(ca, filepath.Join(home, "certs", "ca.pem")); err != nil {
		t.Fatal(err)
	}
	body := `# kscope contexts
current-context: prod
contexts:
  - name: prod
    brokers: [kafka-1:9093, kafka-2:9093]
    client-id: kscope-prod
    sasl: {mechanism: scram-sha-512, username: app, password-env: KSCOPE_TEST_PW}
    tls: {enabled: true, ca-file: ~/certs/ca.pem, server-name: kafka.internal}
    read-only: true
    tail-buffer: 5000
    refresh: 10s
    dial-timeout: 3s
  - name: local
    brokers: 127.0.0.1:9092
`
	got, err := writeFile(t, dir, body, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Warnings) != 0 {
		t.Errorf("warnings %v for a file without inline password", got.Warnings)
	}
	prod, err := got.Context("")
	if err != nil {
		t.Fatal(err)
	}
	if prod.Name != "prod" || !prod.ReadOnly || prod.TailBuffer != 5000 || prod.Refresh != 10*time.Second ||
		prod.DialTimeout != 3*time.Second || prod.ClientID != "kscope-prod" || len(prod.Brokers) != 2 || prod.Line != 4 {
		t.Errorf("prod = %+v", prod)
	}
	if prod.SASL == nil || prod.SASL.Mechanism != kafkaops.SASLScramSHA512 || prod.SASL.Username != "app" {
		t.Errorf("prod.SASL = %+v", prod.SASL)
	}
	if prod.TLS == nil || prod.TLS.CAFile != filepath.Join(home, "certs", "ca.pem") || prod.TLS.ServerName != "kafka.internal" {
		t.Errorf("prod.TLS = %+v, want ~ expanded", prod.TLS)
	}

	t.Setenv("KSCOPE_TEST_PW", secretPW)
	kc, err := prod.KafkaConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if kc.SASL == nil || kc.SASL.Password != secretPW || kc.TLS == nil || kc.TLS.RootCAs == nil || kc.TLS.ServerName != "kafka.internal" {
		t.Errorf("KafkaConfig = %+v", kc)
	}
	if _, err := kafkaops.New(kc); err != nil {
		t.Errorf("kafkaops.New rejects the converted config: %v", err)
	}
	for _, s := range []string{fmt.Sprintf("%v", prod), fmt.Sprintf("%+v", *prod.SASL), fmt.Sprintf("%#v", *prod.SASL), fmt.Sprintf("%+v", kc)} {
		if strings.Contains(s, secretPW) {
			t.Errorf("formatted value shows the secret: %s", s)
		}
	}

	local, err := got.Context("local")
	if err != nil || len(local.Brokers) != 1 || local.SASL != nil || local.TLS != nil {
		t.Errorf("local = %+v, %v", local, err)
	}
}

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
			if (len(got.Warnings) > 0) != tt.warn {
				t.Errorf("warnings = %v, want a warning: %v", got.Warnings, tt.warn)
			}
			for _, w := range got.Warnings {
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

func TestSecretSources(t *testing.T) {
	t.Setenv("KSCOPE_SET", secretPW)
	tests := []struct {
		name    string
		source  string
		timeout time.Duration
		want    string // password, when ok
		errHas  string // error text, when not
	}{
		{"env set", "password-env: KSCOPE_SET", 0, secretPW, ""},
		{"env unset", "password-env: KSCOPE_UNSET_VAR", 0, "", "KSCOPE_UNSET_VAR is not set"},
		{"command", `password-command: "printf '%s\n' ` + secretPW + `"`, 0, secretPW, ""},
		{"command fails", `password-command: "echo vault sealed >&2; echo ` + secretPW + `; exit 3"`, 0, "", "password-command failed (exit status 3)"},
		{"command killed", `password-command: "echo ` + secretPW + ` >&2; kill -9 $$"`, 0, "", "password-command failed (killed by signal killed)"},
		{"command prints nothing", `password-command: "true"`, 0, "", "printed nothing"},
		{"command too slow", `password-command: "sleep 5; echo x"`, 300 * time.Millisecond, "", "did not finish in time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := "contexts:\n  - name: a\n    brokers: [h:1]\n    sasl:\n      mechanism: SCRAM-SHA-256\n      username: u\n      " + tt.source + "\n"
			got, err := writeFile(t, t.TempDir(), body, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Warnings) > 0 {
				t.Errorf("warning for a password that is not inline: %v", got.Warnings)
			}
			c, _ := got.Context("a")
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			start := time.Now()
			kc, err := c.KafkaConfig(ctx)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.errHas == "" {
				if err != nil || kc.SASL == nil || kc.SASL.Password != tt.want {
					t.Errorf("KafkaConfig = %+v, %v; want password %q", kc.SASL, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("err = %v, want %q", err, tt.errHas)
			}
			if !strings.Contains(err.Error(), `context "a"`) || !strings.Contains(err.Error(), ":7: contexts[0].sasl.password") {
				t.Errorf("err = %v, want it to name the context, line and field", err)
			}
			if strings.Contains(err.Error(), secretPW) || strings.Contains(err.Error(), "vault sealed") {
				t.Errorf("error shows the command's output: %v", err)
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

func TestTLSShorthandAndDisabled(t *testing.T) {
	body := "contexts:\n  - name: on\n    brokers: [h:1]\n    tls: true\n  - name: off\n    brokers: [h:1]\n    tls: {enabled: false, server-name: x}\n"
	got, err := writeFile(t, t.TempDir(), body, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	on, _ := got.Context("on")
	off, _ := got.Context("off")
	if on.TLS == nil || off.TLS != nil {
		t.Errorf("tls: true gave %+v, enabled: false gave %+v", on.TLS, off.TLS)
	}
	kc, err := on.KafkaConfig(context.Background())
	if err != nil || kc.TLS == nil || kc.TLS.RootCAs != nil {
		t.Errorf("tls: true = %+v, %v; want TLS with the system's CAs", kc.TLS, err)
	}
}

// writeServerPKI writes a CA and a server certificate and key for
// 127.0.0.1 signed by it into dir.
func writeServerPKI(t *testing.T, dir string) (caFile, certFile, keyFile string) {
	p := testcert.New(t, dir)
	return p.CAFile, p.CertFile, p.KeyFile
}

// TestContextConnectsToBundledBroker goes from a contexts file to a live
// connection: TLS with the file's CA and SCRAM with a password-command.
func TestContextConnectsToBundledBroker(t *testing.T) {
	dir := t.TempDir()
	_, cert, key := writeServerPKI(t, dir)
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true, TLSCert: cert, TLSKey: key,
		SASL: []broker.SASLUser{{Mechanism: broker.SASLScramSHA512, User: "app", Pass: secretPW}}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	body := fmt.Sprintf(`current-context: local-secure
contexts:
  - name: local-secure
    brokers: [%s]
    sasl: {mechanism: SCRAM-SHA-512, username: app, password-command: "echo %s"}
    tls: {ca-file: ca.pem}
    dial-timeout: 2s
`, b.Addr(), secretPW)
	got, err := writeFile(t, dir, body, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	c, err := got.Context("")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	kc, err := c.KafkaConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kafkaops.New(kc)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if _, err := cl.ClusterInfo(ctx); err != nil {
		t.Fatalf("ClusterInfo through the context: %v", err)
	}
}
