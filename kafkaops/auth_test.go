package kafkaops_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"kscope/broker"
	"kscope/internal/testcert"
	"kscope/kafkaops"
)

// newTestPKI writes a CA with a server certificate for 127.0.0.1 and a
// client certificate signed by it into a temp dir.
func newTestPKI(t testing.TB) *testcert.PKI { return testcert.New(t, t.TempDir()) }

// startAuthBroker runs an in-memory bundled broker with the given SASL and
// TLS options on a free port.
func startAuthBroker(t testing.TB, opts broker.Options) *broker.Broker {
	t.Helper()
	opts.Listen, opts.InMemory = "127.0.0.1:0", true
	b, err := broker.Start(withRelease(opts))
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

const (
	testUser = "alice"
	testPass = "s3cr3t-Pa55"
	badPass  = "wr0ng-Pa55"
)

// allMechanisms makes testUser known with testPass under every mechanism.
func allMechanisms() []broker.SASLUser {
	return []broker.SASLUser{
		{Mechanism: broker.SASLPlain, User: testUser, Pass: testPass},
		{Mechanism: broker.SASLScramSHA256, User: testUser, Pass: testPass},
		{Mechanism: broker.SASLScramSHA512, User: testUser, Pass: testPass},
	}
}

// exercise does for real what the explorer does on connect and on a tail:
// cluster info, create and list topics, produce a record and tail it back.
func exercise(t *testing.T, c *kafkaops.Client) {
	t.Helper()
	ctx := testCtx(t)
	info, err := c.ClusterInfo(ctx)
	if err != nil {
		t.Fatalf("ClusterInfo: %v", err)
	}
	if len(info.Brokers) == 0 {
		t.Fatalf("ClusterInfo lists no broker: %+v", info)
	}
	mustCreate(t, c, "secure", 1)
	eventually(t, "topic secure listed", func() bool {
		ts, err := c.ListTopics(ctx)
		if err != nil {
			t.Fatalf("ListTopics: %v", err)
		}
		for _, tp := range ts {
			if tp.Name == "secure" {
				return true
			}
		}
		return false
	})
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "secure", Key: []byte("k"), Value: []byte("hello over auth"), Partition: 0})

	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ch, err := c.Tail(tctx, kafkaops.TailRequest{Topic: "secure", Start: kafkaops.StartBeginning})
	if err != nil {
		t.Fatalf("Tail: %v", err)
	}
	for b := range ch {
		if b.Err != nil {
			t.Fatalf("tail: %v", b.Err)
		}
		for _, r := range b.Records {
			if string(r.Value) == "hello over auth" {
				cancel()
				for range ch {
				}
				return
			}
		}
	}
	t.Fatal("tail ended without the produced record")
}

func TestConnectsWithSASLAndTLS(t *testing.T) {
	pki := newTestPKI(t)
	tests := []struct {
		name   string
		broker broker.Options
		sasl   *kafkaops.SASL
		tls    bool
		mtls   bool
	}{
		{name: "PLAIN", broker: broker.Options{SASL: allMechanisms()},
			sasl: &kafkaops.SASL{Mechanism: kafkaops.SASLPlain, Username: testUser, Password: testPass}},
		{name: "SCRAM-SHA-256", broker: broker.Options{SASL: allMechanisms()},
			sasl: &kafkaops.SASL{Mechanism: kafkaops.SASLScramSHA256, Username: testUser, Password: testPass}},
		{name: "SCRAM-SHA-512 lower case", broker: broker.Options{SASL: allMechanisms()},
			sasl: &kafkaops.SASL{Mechanism: "scram-sha-512", Username: testUser, Password: testPass}},
		{name: "TLS", broker: broker.Options{TLSCert: pki.CertFile, TLSKey: pki.KeyFile}, tls: true},
		{name: "mutual TLS", broker: broker.Options{TLSCert: pki.CertFile, TLSKey: pki.KeyFile, TLSClientCA: pki.CAFile}, tls: true, mtls: true},
		{name: "TLS and SCRAM-SHA-512", broker: broker.Options{SASL: allMechanisms(), TLSCert: pki.CertFile, TLSKey: pki.KeyFile}, tls: true,
			sasl: &kafkaops.SASL{Mechanism: kafkaops.SASLScramSHA512, Username: testUser, Password: testPass}},
		{name: "TLS and PLAIN", broker: broker.Options{SASL: allMechanisms(), TLSCert: pki.CertFile, TLSKey: pki.KeyFile}, tls: true,
			sasl: &kafkaops.SASL{Mechanism: kafkaops.SASLPlain, Username: testUser, Password: testPass}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := startAuthBroker(t, tt.broker)
			c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) {
				cfg.SASL = tt.sasl
				if tt.tls {
					cfg.TLS = pki.ClientTLS()
				}
				if tt.mtls {
					cfg.TLS.Certificates = []tls.Certificate{pki.Client}
				}
			})
			exercise(t, c)
		})
	}
}

// dialFails connects with cfg and returns the error of the first call,
// failing the test if the call succeeds or outlasts the dial timeout by
// much (the call must fail, not hang).
func dialFails(t *testing.T, addr string, tweak func(*kafkaops.Config)) error {
	t.Helper()
	c := newClient(t, addr, func(cfg *kafkaops.Config) {
		cfg.DialTimeout = time.Second
		tweak(cfg)
	})
	start := time.Now()
	_, err := c.ClusterInfo(testCtx(t))
	if err == nil {
		t.Fatal("ClusterInfo succeeded, want an error")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("failed after %v, want within about the 1s dial timeout", d)
	}
	return err
}

func TestWrongPasswordIsAnAuthErrorInWords(t *testing.T) {
	b := startAuthBroker(t, broker.Options{SASL: allMechanisms()})
	for _, mech := range []string{kafkaops.SASLPlain, kafkaops.SASLScramSHA256, kafkaops.SASLScramSHA512} {
		t.Run(mech, func(t *testing.T) {
			err := dialFails(t, b.Addr(), func(cfg *kafkaops.Config) {
				cfg.SASL = &kafkaops.SASL{Mechanism: mech, Username: testUser, Password: badPass}
			})
			t.Logf("wrong password: %v", err)
			if !kafkaops.IsAuthFailed(err) || kafkaops.IsUnreachable(err) {
				t.Errorf("IsAuthFailed=%v IsUnreachable=%v for %v, want an auth failure, not a network one",
					kafkaops.IsAuthFailed(err), kafkaops.IsUnreachable(err), err)
			}
			if got := kafkaops.ErrorTitle(err); got != "[58] SASL Authentication Failed" {
				t.Errorf("ErrorTitle = %q, want [58] SASL Authentication Failed", got)
			}
			for _, s := range []string{err.Error(), kafkaops.Describe(err), fmt.Sprintf("%+v", err)} {
				if strings.Contains(s, badPass) || strings.Contains(s, testPass) {
					t.Errorf("error shows a password: %s", s)
				}
			}
		})
	}
}

func TestMechanismTheUserLacksIsAnAuthError(t *testing.T) {
	b := startAuthBroker(t, broker.Options{SASL: []broker.SASLUser{{Mechanism: broker.SASLPlain, User: testUser, Pass: testPass}}})
	err := dialFails(t, b.Addr(), func(cfg *kafkaops.Config) {
		cfg.SASL = &kafkaops.SASL{Mechanism: kafkaops.SASLScramSHA256, Username: testUser, Password: testPass}
	})
	t.Logf("mechanism the user lacks: %v", err)
	if !kafkaops.IsAuthFailed(err) || kafkaops.ErrorTitle(err) != "[58] SASL Authentication Failed" {
		t.Errorf("err = %v, want [58] SASL Authentication Failed", err)
	}
}

func TestNoCredentialsAgainstSASLBrokerFails(t *testing.T) {
	b := startAuthBroker(t, broker.Options{SASL: allMechanisms()})
	err := dialFails(t, b.Addr(), func(*kafkaops.Config) {})
	t.Logf("no credentials: %v", err)
	// It is not "cannot reach": the broker answered and wants a login.
	if !errors.Is(err, kafkaops.ErrAuthNeeded) || !kafkaops.IsAuthFailed(err) || kafkaops.IsUnreachable(err) {
		t.Errorf("err = %v, want authentication needed (IsAuthFailed, not IsUnreachable)", err)
	}
	if d := kafkaops.Describe(err); !strings.Contains(d, "authentication needed") || strings.Contains(d, "cannot reach") {
		t.Errorf("Describe = %q, want it to say authentication needed", d)
	}
}

func TestWrongCAIsACertificateErrorInWords(t *testing.T) {
	pki, other := newTestPKI(t), newTestPKI(t)
	b := startAuthBroker(t, broker.Options{TLSCert: pki.CertFile, TLSKey: pki.KeyFile})
	err := dialFails(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.TLS = other.ClientTLS() })
	t.Logf("wrong CA: %v", err)
	if !strings.Contains(err.Error(), "x509: certificate signed by unknown authority") {
		t.Errorf("err = %v, want x509: certificate signed by unknown authority", err)
	}
	if !kafkaops.IsAuthFailed(err) || kafkaops.IsUnreachable(err) {
		t.Errorf("IsAuthFailed=%v IsUnreachable=%v, want an auth failure", kafkaops.IsAuthFailed(err), kafkaops.IsUnreachable(err))
	}
}

func TestWrongServerNameIsACertificateError(t *testing.T) {
	pki := newTestPKI(t)
	b := startAuthBroker(t, broker.Options{TLSCert: pki.CertFile, TLSKey: pki.KeyFile})
	err := dialFails(t, b.Addr(), func(cfg *kafkaops.Config) {
		cfg.TLS = pki.ClientTLS()
		cfg.TLS.ServerName = "kafka.example.com"
	})
	t.Logf("wrong server name: %v", err)
	if !kafkaops.IsAuthFailed(err) || !strings.Contains(err.Error(), "kafka.example.com") {
		t.Errorf("err = %v, want a certificate error naming kafka.example.com", err)
	}
}

func TestMutualTLSWithoutClientCertFails(t *testing.T) {
	pki := newTestPKI(t)
	b := startAuthBroker(t, broker.Options{TLSCert: pki.CertFile, TLSKey: pki.KeyFile, TLSClientCA: pki.CAFile})
	err := dialFails(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.TLS = pki.ClientTLS() })
	t.Logf("no client certificate: %v", err)
	if !kafkaops.IsAuthFailed(err) || kafkaops.IsUnreachable(err) || !strings.Contains(err.Error(), "certificate required") {
		t.Errorf("err = %v (IsAuthFailed=%v IsUnreachable=%v), want a TLS auth failure: certificate required",
			err, kafkaops.IsAuthFailed(err), kafkaops.IsUnreachable(err))
	}
}

func TestTLSAndPlaintextMismatchFailsFast(t *testing.T) {
	pki := newTestPKI(t)
	plain := startAuthBroker(t, broker.Options{})
	secure := startAuthBroker(t, broker.Options{TLSCert: pki.CertFile, TLSKey: pki.KeyFile})

	err := dialFails(t, plain.Addr(), func(cfg *kafkaops.Config) { cfg.TLS = pki.ClientTLS() })
	t.Logf("TLS client, plaintext broker: %v", err)
	if !kafkaops.IsUnreachable(err) {
		t.Errorf("err = %v, want unreachable", err)
	}

	err = dialFails(t, secure.Addr(), func(*kafkaops.Config) {})
	t.Logf("plaintext client, TLS broker: %v", err)
	if !kafkaops.IsUnreachable(err) {
		t.Errorf("err = %v, want unreachable", err)
	}
}

func TestSASLConfigIsCheckedAndNeverShowsThePassword(t *testing.T) {
	s := kafkaops.SASL{Mechanism: kafkaops.SASLScramSHA256, Username: testUser, Password: testPass}
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%v", &s),
		fmt.Sprintf("%+v", kafkaops.Config{SASL: &s})} {
		if strings.Contains(out, testPass) {
			t.Errorf("formatted SASL shows the password: %s", out)
		}
	}
	bad := []kafkaops.SASL{
		{Mechanism: "GSSAPI", Username: testUser, Password: testPass},
		{Mechanism: kafkaops.SASLPlain, Password: testPass},
		{Mechanism: kafkaops.SASLScramSHA256, Username: testUser, Password: "bad\u0007" + testPass},
	}
	for _, s := range bad {
		_, err := kafkaops.New(kafkaops.Config{Brokers: []string{"127.0.0.1:1"}, SASL: &s})
		if err == nil {
			t.Errorf("New accepted %v", s)
			continue
		}
		if strings.Contains(err.Error(), testPass) {
			t.Errorf("error shows the password: %v", err)
		}
		t.Logf("%v: %v", s, err)
	}
}
