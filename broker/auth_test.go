package broker

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"kscope/internal/testcert"
)

// testCerts writes a CA and a server certificate for 127.0.0.1 signed by
// it and returns the file names and a pool trusting the CA.
func testCerts(t *testing.T) (caFile, certFile, keyFile string, pool *x509.CertPool) {
	p := testcert.New(t, t.TempDir())
	return p.CAFile, p.CertFile, p.KeyFile, p.Pool
}

// metadataErr sends one metadata request through cl, failing fast.
func metadataErr(t *testing.T, cl *kgo.Client) error {
	t.Helper()
	_, err := kmsg.NewPtrMetadataRequest().RequestWith(testContext(t, 3*time.Second), cl)
	return err
}

func TestSASLRejectsStrangersAndAcceptsUsers(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, SASL: []SASLUser{
		{Mechanism: SASLScramSHA256, User: "app", Pass: "pw1"},
		{Mechanism: SASLPlain, User: "app", Pass: "pw1"},
		{Mechanism: "scram-sha-512", User: "ops", Pass: "pw2"},
	}})
	scram256 := scram.Auth{User: "app", Pass: "pw1"}.AsSha256Mechanism()
	tests := []struct {
		name string
		opts []kgo.Opt
		ok   bool
	}{
		{"no credentials", nil, false},
		{"SCRAM-SHA-256", []kgo.Opt{kgo.SASL(scram256)}, true},
		{"PLAIN", []kgo.Opt{kgo.SASL(plain.Auth{User: "app", Pass: "pw1"}.AsMechanism())}, true},
		{"SCRAM-SHA-512", []kgo.Opt{kgo.SASL(scram.Auth{User: "ops", Pass: "pw2"}.AsSha512Mechanism())}, true},
		{"wrong password", []kgo.Opt{kgo.SASL(scram.Auth{User: "app", Pass: "nope"}.AsSha256Mechanism())}, false},
		{"user without this mechanism", []kgo.Opt{kgo.SASL(plain.Auth{User: "ops", Pass: "pw2"}.AsMechanism())}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := newClient(t, b.Addr(), append([]kgo.Opt{kgo.RequestRetries(0)}, tt.opts...)...)
			err := metadataErr(t, cl)
			if (err == nil) != tt.ok {
				t.Errorf("metadata error = %v, want success %v", err, tt.ok)
			}
		})
	}
}

func TestSASLFlagsAreTheOnlyUsersAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Listen: "127.0.0.1:0", DataDir: dir, SASL: []SASLUser{{Mechanism: SASLPlain, User: "app", Pass: "old"}}}
	b, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	if _, err := os.Stat(filepath.Join(dir, kfakeSASLFile)); !os.IsNotExist(err) {
		t.Errorf("%s left in the data dir (PLAIN passwords in clear): %v", kfakeSASLFile, err)
	}

	opts.SASL = []SASLUser{{Mechanism: SASLPlain, User: "app", Pass: "new"}}
	b2 := startTestBroker(t, opts)
	if _, err := os.Stat(filepath.Join(dir, kfakeSASLFile)); !os.IsNotExist(err) {
		t.Errorf("%s in the data dir while running: %v", kfakeSASLFile, err)
	}
	for pass, ok := range map[string]bool{"old": false, "new": true} {
		cl := newClient(t, b2.Addr(), kgo.RequestRetries(0), kgo.SASL(plain.Auth{User: "app", Pass: pass}.AsMechanism()))
		if err := metadataErr(t, cl); (err == nil) != ok {
			t.Errorf("password %q after restart: err = %v, want success %v", pass, err, ok)
		}
	}
}

func TestTLSServesTLSOnly(t *testing.T) {
	_, cert, key, pool := testCerts(t)
	b := startTestBroker(t, Options{InMemory: true, TLSCert: cert, TLSKey: key})

	cl := newClient(t, b.Addr(), kgo.DialTLSConfig(&tls.Config{RootCAs: pool}))
	if err := metadataErr(t, cl); err != nil {
		t.Errorf("TLS client: %v", err)
	}
	plainCl := newClient(t, b.Addr(), kgo.RequestRetries(0))
	if err := metadataErr(t, plainCl); err == nil {
		t.Error("a plaintext client got an answer from the TLS broker")
	}
}

func TestMutualTLSNeedsAClientCertificate(t *testing.T) {
	ca, cert, key, pool := testCerts(t)
	b := startTestBroker(t, Options{InMemory: true, TLSCert: cert, TLSKey: key, TLSClientCA: ca})
	pair, err := tls.LoadX509KeyPair(cert, key) // signed by the same CA: fine as a client cert
	if err != nil {
		t.Fatal(err)
	}
	with := newClient(t, b.Addr(), kgo.DialTLSConfig(&tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}}))
	if err := metadataErr(t, with); err != nil {
		t.Errorf("with a client certificate: %v", err)
	}
	without := newClient(t, b.Addr(), kgo.RequestRetries(0), kgo.DialTLSConfig(&tls.Config{RootCAs: pool}))
	if err := metadataErr(t, without); err == nil {
		t.Error("a client without certificate got an answer")
	}
}

func TestDemoProducesThroughSASLAndTLS(t *testing.T) {
	ca, cert, key, _ := testCerts(t)
	b := startTestBroker(t, Options{InMemory: true, Demo: true, DemoInterval: 10 * time.Millisecond,
		SASL:    []SASLUser{{Mechanism: SASLScramSHA512, User: "demo", Pass: "pw"}},
		TLSCert: cert, TLSKey: key, TLSClientCA: ca})
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int64
		for _, p := range b.cluster.PartitionInfos(DemoTopic) {
			n += p.HighWatermark
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the demo produced nothing through SASL and mutual TLS")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestAuthOptionErrors(t *testing.T) {
	_, cert, key, _ := testCerts(t)
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"unknown mechanism", Options{SASL: []SASLUser{{Mechanism: "GSSAPI", User: "u", Pass: "secret-pw"}}}, `unknown mechanism "GSSAPI"`},
		{"empty user", Options{SASL: []SASLUser{{Mechanism: SASLPlain, Pass: "secret-pw"}}}, "user name is empty"},
		{"cert without key", Options{TLSCert: cert}, "both a certificate file and a key file"},
		{"client CA without cert", Options{TLSClientCA: cert}, "needs a TLS certificate"},
		{"missing cert file", Options{TLSCert: cert + ".missing", TLSKey: key}, "no such file"},
		{"key is not a key", Options{TLSCert: cert, TLSKey: cert}, "TLS certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Listen, tt.opts.InMemory = "127.0.0.1:0", true
			b, err := Start(tt.opts)
			if err == nil {
				b.Close()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret-pw") {
				t.Errorf("err = %v, want it to say %q and show no password", err, tt.want)
			}
		})
	}
}

func TestSASLUserStringHidesThePassword(t *testing.T) {
	o := Options{SASL: []SASLUser{{Mechanism: SASLPlain, User: "app", Pass: "secret-pw"}}}
	for _, s := range []string{fmt.Sprintf("%v", o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", o)} {
		if strings.Contains(s, "secret-pw") {
			t.Errorf("formatted options show the password: %s", s)
		}
	}
}
