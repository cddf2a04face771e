package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kscope/broker"
	"kscope/config"
	"kscope/internal/testcert"
	"kscope/kafkaops"
)

// loadFile writes a contexts file with mode into dir and loads it.
func loadFile(t *testing.T, dir, body string, mode fs.FileMode) (*config.Contexts, error) {
	t.Helper()
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // umask may have cut bits
		t.Fatal(err)
	}
	return config.LoadContexts(p)
}

const secretPW = "hunter2-very-secret"

func writeCA(t *testing.T, dir string) string { return testcert.New(t, dir).CAFile }

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
	got, err := loadFile(t, dir, body, 0o644)
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
	kc, err := kafkaConfig(context.Background(), prod)
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
			got, err := loadFile(t, t.TempDir(), body, 0o644)
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
			kc, err := kafkaConfig(ctx, c)
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

func TestTLSShorthandAndDisabled(t *testing.T) {
	body := "contexts:\n  - name: on\n    brokers: [h:1]\n    tls: true\n  - name: off\n    brokers: [h:1]\n    tls: {enabled: false, server-name: x}\n"
	got, err := loadFile(t, t.TempDir(), body, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	on, _ := got.Context("on")
	off, _ := got.Context("off")
	if on.TLS == nil || off.TLS != nil {
		t.Errorf("tls: true gave %+v, enabled: false gave %+v", on.TLS, off.TLS)
	}
	kc, err := kafkaConfig(context.Background(), on)
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
	got, err := loadFile(t, dir, body, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	c, err := got.Context("")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	kc, err := kafkaConfig(ctx, c)
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
