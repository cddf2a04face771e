package config

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestSchemaRegistryParses(t *testing.T) {
	dir := t.TempDir()
	ca := writeCA(t, dir)
	t.Setenv("KSCOPE_TEST_SR_TOKEN", "tok-"+secretPW)
	body := "contexts:\n" +
		"  - name: basic\n    brokers: [h:1]\n    schema-registry:\n      url: https://sr:8081\n      username: u\n      password: " + secretPW + "\n      tls: {ca-file: " + ca + ", insecure-skip-verify: true}\n" +
		"  - name: bearer\n    brokers: [h:1]\n    schema-registry: {url: http://sr:8081, token-env: KSCOPE_TEST_SR_TOKEN}\n" +
		"  - name: short\n    brokers: [h:1]\n    schema-registry: http://127.0.0.1:8081\n"
	got, err := writeFile(t, dir, body, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := got.Context("basic")
	r := b.SchemaRegistry
	if r == nil || r.URL != "https://sr:8081" || r.Username != "u" || r.TLS == nil || r.TLS.CAFile != ca || !r.TLS.InsecureSkipVerify {
		t.Fatalf("basic = %+v", r)
	}
	if pw, err := r.Password.Resolve(context.Background()); err != nil || pw != secretPW {
		t.Errorf("password = %q, %v", pw, err)
	}
	// Masked wherever it is printed.
	for _, s := range []string{fmt.Sprintf("%v", *r), fmt.Sprintf("%+v", *r), fmt.Sprintf("%#v", *r), r.String()} {
		if strings.Contains(s, secretPW) {
			t.Errorf("printed registry shows the password: %s", s)
		}
	}
	if len(b.Warnings) == 0 || !strings.Contains(b.Warnings[0], "inline password") {
		t.Errorf("inline registry password in a 0644 file: warnings %v", b.Warnings)
	}
	br, _ := got.Context("bearer")
	if tok, err := br.SchemaRegistry.Token.Resolve(context.Background()); err != nil || tok != "tok-"+secretPW || !br.SchemaRegistry.HasToken() {
		t.Errorf("token = %q, %v", tok, err)
	}
	if s := fmt.Sprintf("%+v", *br.SchemaRegistry); strings.Contains(s, secretPW) {
		t.Errorf("printed registry shows the token: %s", s)
	}
	sh, _ := got.Context("short")
	if sh.SchemaRegistry == nil || sh.SchemaRegistry.URL != "http://127.0.0.1:8081" {
		t.Errorf("short = %+v", sh.SchemaRegistry)
	}
}

func TestSchemaRegistryErrors(t *testing.T) {
	pre := "contexts:\n  - name: a\n    brokers: [h:1]\n    schema-registry:"
	for _, tt := range []struct{ name, body, want string }{
		{"no url", " {username: u, password-env: X}\n", "schema-registry.url: missing"},
		{"bad scheme", " ftp://sr\n", "want http://host:port"},
		{"user info in url", " http://u:" + secretPW + "@sr:8081\n", "not in the URL"},
		{"password without user", " {url: http://sr:1, password: " + secretPW + "}\n", "a password goes with a username"},
		{"user without password", " {url: http://sr:1, username: u}\n", "missing password"},
		{"two passwords", " {url: http://sr:1, username: u, password: " + secretPW + ", password-env: X}\n", "only one of password, password-env"},
		{"user and token", " {url: http://sr:1, username: u, password-env: X, token: " + secretPW + "}\n", "not both"},
		{"unknown key", " {url: http://sr:1, api-key: x}\n", "api-key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := writeFile(t, t.TempDir(), pre+tt.body, 0o600)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secretPW) {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}
