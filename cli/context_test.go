package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/broker"
	"kscope/internal/testcert"
	"kscope/kafkaops"
	"kscope/ui"
)

// writeFile writes content to dir/name with mode and returns the path.
func writeFile(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoContexts = `current-context: prod
contexts:
  - name: prod
    brokers: [kafka-1:9093, kafka-2:9093]
    read-only: true
    refresh: 30s
    tail-buffer: 500
  - name: dev
    brokers: [127.0.0.1:9092]
`

func TestResolveTarget(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.yaml", twoContexts, 0o600)
	noCurrent := writeFile(t, dir, "nocurrent.yaml", strings.Replace(twoContexts, "current-context: prod\n", "", 1), 0o600)
	bad := writeFile(t, dir, "bad.yaml", "current-context: prod\ncontexts:\n  - name: prod\n    brokers: [kafka-1:9093]\n    colour: blue\n", 0o600)
	badNoCurrent := writeFile(t, dir, "badnocurrent.yaml", "contexts:\n  - name: prod\n    brokers: [kafka-1:9093]\n    colour: blue\n", 0o600)
	missing := filepath.Join(dir, "missing.yaml")

	for _, tc := range []struct {
		name    string
		f       flagSettings
		env     string
		want    string // addrs joined
		source  string
		ro      bool
		refresh time.Duration
		tailBuf int
		warn    string
		err     string
	}{
		{name: "no file: the default", f: flagSettings{contextPath: missing}, want: "127.0.0.1:9092", source: "default", refresh: defaultRefresh},
		{name: "no file, --context", f: flagSettings{contextPath: missing, contextName: "prod"}, err: "--context prod: no contexts file at " + missing},
		{name: "current-context", f: flagSettings{contextPath: good}, want: "kafka-1:9093,kafka-2:9093", source: "context prod", ro: true, refresh: 30 * time.Second, tailBuf: 500},
		{name: "--context beats current-context", f: flagSettings{contextPath: good, contextName: "dev"}, want: "127.0.0.1:9092", source: "context dev", refresh: defaultRefresh},
		{name: "--read-only on a read-write context", f: flagSettings{contextPath: good, contextName: "dev", readOnly: true}, want: "127.0.0.1:9092", source: "context dev", ro: true, refresh: defaultRefresh},
		{name: "flags beat the context's settings", f: flagSettings{contextPath: good, refresh: 2 * time.Second, refreshSet: true, tailBuffer: 99, tailBufSet: true}, want: "kafka-1:9093,kafka-2:9093", source: "context prod", ro: true, refresh: 2 * time.Second, tailBuf: 99},
		{name: "env beats the file", f: flagSettings{contextPath: good}, env: "e1:9092,e2:9092", want: "e1:9092,e2:9092", source: brokersEnv, refresh: defaultRefresh},
		{name: "--brokers beats env and --context", f: flagSettings{contextPath: good, contextName: "dev", brokers: []string{"b:9092"}}, env: "e1:9092", want: "b:9092", source: "--brokers", refresh: defaultRefresh},
		{name: "no current-context: the default", f: flagSettings{contextPath: noCurrent}, want: "127.0.0.1:9092", source: "default", refresh: defaultRefresh},
		{name: "unknown --context", f: flagSettings{contextPath: good, contextName: "staging"}, err: `context "staging" is not defined; contexts: prod, dev`},
		{name: "bad file that decides", f: flagSettings{contextPath: bad}, err: bad + `:5: unknown field "contexts[0].colour"`},
		{name: "bad file with --context", f: flagSettings{contextPath: bad, contextName: "prod"}, err: bad + ":5:"},
		{name: "bad file, --brokers given", f: flagSettings{contextPath: bad, brokers: []string{"b:9092"}}, want: "b:9092", source: "--brokers", refresh: defaultRefresh, warn: "contexts file ignored: " + bad + ":5"},
		{name: "bad file without current-context", f: flagSettings{contextPath: badNoCurrent}, want: "127.0.0.1:9092", source: "default", refresh: defaultRefresh, warn: "contexts file ignored"},
		{name: "--local and --context", f: flagSettings{contextPath: good, contextName: "dev", local: true}, err: "either --local or --context"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == brokersEnv {
					return tc.env
				}
				return ""
			}
			got, err := resolveTarget(tc.f, getenv)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is not one line: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a := strings.Join(got.addrs, ","); a != tc.want || got.source != tc.source {
				t.Errorf("addrs %q from %q, want %q from %q", a, got.source, tc.want, tc.source)
			}
			if got.readOnly != tc.ro || got.refresh != tc.refresh || got.tailBuffer != tc.tailBuf {
				t.Errorf("read-only %v refresh %s tail buffer %d, want %v %s %d", got.readOnly, got.refresh, got.tailBuffer, tc.ro, tc.refresh, tc.tailBuf)
			}
			w := strings.Join(got.warnings, "\n")
			if (tc.warn == "") != (w == "") || !strings.Contains(w, tc.warn) {
				t.Errorf("warnings %q, want %q", w, tc.warn)
			}
		})
	}
}

func TestBadConfigFileIsOneLineError(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv(brokersEnv, "")
	dir := filepath.Join(cfg, "kscope")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "config.yaml", "current-context: prod\ncontexts:\n  - name: prod\n    brokers: [no-port]\n", 0o600)
	root := NewRootCommand()
	root.SetArgs(nil)
	err := root.Execute()
	if err == nil || !strings.Contains(err.Error(), path+":4: contexts[0].brokers") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v", err)
	}
}

func TestAuthSummaryNeverShowsThePassword(t *testing.T) {
	dir := t.TempDir()
	ca := writeFile(t, dir, "ca.pem", "x", 0o600)
	path := writeFile(t, dir, "c.yaml", fmt.Sprintf(`contexts:
  - name: prod
    brokers: [k:9093]
    sasl: {mechanism: scram-sha-512, username: app, password: hunter2}
    tls: {ca-file: %s, cert-file: %s, key-file: %s}
    read-only: true
`, ca, ca, ca), 0o644)
	tgt, err := resolveTarget(flagSettings{contextPath: path, contextName: "prod"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	infos := contextInfos(tgt.contexts, flagSettings{})
	if len(infos) != 1 || infos[0].Auth != "SCRAM-SHA-512 user app · mTLS" || !infos[0].ReadOnly {
		t.Errorf("infos = %+v", infos)
	}
	all := fmt.Sprintf("%+v %v %#v", infos, tgt.warnings, tgt.context)
	if strings.Contains(all, "hunter2") {
		t.Errorf("a secret leaked: %s", all)
	}
	if w := strings.Join(shortWarnings(tgt), " "); !strings.Contains(w, "inline password") || strings.HasPrefix(w, path) {
		t.Errorf("status warnings = %q", w)
	}
}

// testPKI writes a CA and a certificate for 127.0.0.1 signed by it and
// returns the file names.
func testPKI(t *testing.T) (caFile, certFile, keyFile string) {
	p := testcert.New(t, t.TempDir())
	return p.CAFile, p.CertFile, p.KeyFile
}

// explorerFor builds the explorer the way runExplorer does for a
// resolved context target.
func explorerFor(t *testing.T, tgt *target, f flagSettings) *ui.Model {
	t.Helper()
	svc, err := contextService(tgt.context)
	if err != nil {
		t.Fatal(err)
	}
	return ui.New(ui.Options{
		Service:      svc,
		Addr:         strings.Join(tgt.addrs, ","),
		Cluster:      tgt.context.Name,
		ReadOnly:     tgt.readOnly,
		Refresh:      tgt.refresh,
		Contexts:     contextInfos(tgt.contexts, f),
		ContextsFile: tgt.contexts.Path,
		Switch:       switcher(tgt.contexts.Path, f, discardLog()),
		Warnings:     shortWarnings(tgt),
	})
}

// driver runs a ui.Model the way the runtime does, in the test's
// goroutine: commands run in goroutines and their messages (ticks
// included) come back through a channel; the view is read between
// messages, so a test sees whole frames.
type driver struct {
	t    *testing.T
	m    *ui.Model
	msgs chan tea.Msg
}

func newDriver(t *testing.T, m *ui.Model) *driver {
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 4096)}
	d.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.exec(m.Init())
	t.Cleanup(func() { _ = m.Service().Close() })
	return d
}

func (d *driver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				d.exec(c)
			}
		default:
			select {
			case d.msgs <- msg:
			default: // the test is over or stuck: drop
			}
		}
	}()
}

func (d *driver) update(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.exec(cmd)
}

// typeCommand opens the palette, types text and runs it.
func (d *driver) typeCommand(text string) {
	d.update(tea.KeyPressMsg{Code: ':', Text: ":"})
	for _, r := range text {
		d.update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	d.update(tea.KeyPressMsg{Code: tea.KeyEnter})
}

func (d *driver) view() string { return ansi.Strip(d.m.View().Content) }

// wait processes messages until the frame holds every text, and fails
// with the last frame after timeout.
func (d *driver) wait(timeout time.Duration, texts ...string) string {
	d.t.Helper()
	deadline := time.After(timeout)
	for {
		v := d.view()
		ok := true
		for _, s := range texts {
			ok = ok && strings.Contains(v, s)
		}
		if ok {
			checkFrame(d.t, v)
			return v
		}
		select {
		case msg := <-d.msgs:
			d.update(msg)
		case <-deadline:
			d.t.Fatalf("timed out waiting for %q; frame:\n%s", texts, v)
		}
	}
}

// checkFrame fails when the frame is not 24 lines of at most 80 cells:
// long errors must be cut, never wrapped.
func checkFrame(t *testing.T, v string) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Errorf("frame has %d lines:\n%s", len(lines), v)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells: %q", i, w, l)
		}
	}
}

func TestExplorerOverSASLAndTLSFromAContextFile(t *testing.T) {
	ca, cert, key := testPKI(t)
	otherCA, _, _ := testPKI(t)
	b, err := broker.Start(broker.Options{
		Listen: "127.0.0.1:0", InMemory: true, TLSCert: cert, TLSKey: key,
		SASL: []broker.SASLUser{
			{Mechanism: broker.SASLScramSHA512, User: "app", Pass: "s3cret"},
			{Mechanism: broker.SASLScramSHA256, User: "app", Pass: "s3cret"},
			{Mechanism: broker.SASLPlain, User: "app", Pass: "s3cret"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	t.Setenv("KSCOPE_TEST_PW", "s3cret")
	t.Setenv("KSCOPE_TEST_BADPW", "wrong")
	dir := t.TempDir()
	path := writeFile(t, dir, "config.yaml", fmt.Sprintf(`current-context: secure
contexts:
  - name: secure
    brokers: [%[1]s]
    sasl: {mechanism: SCRAM-SHA-512, username: app, password-env: KSCOPE_TEST_PW}
    tls: {enabled: true, ca-file: %[2]s}
  - name: plain-cmd
    brokers: [%[1]s]
    sasl: {mechanism: PLAIN, username: app, password-command: "printf s3cret"}
    tls: {ca-file: %[2]s}
    read-only: true
  - name: wrong-password
    brokers: [%[1]s]
    sasl: {mechanism: SCRAM-SHA-256, username: app, password-env: KSCOPE_TEST_BADPW}
    tls: {ca-file: %[2]s}
  - name: wrong-ca
    brokers: [%[1]s]
    sasl: {mechanism: SCRAM-SHA-512, username: app, password-env: KSCOPE_TEST_PW}
    tls: {ca-file: %[3]s}
`, b.Addr(), ca, otherCA), 0o600)

	f := flagSettings{contextPath: path}
	tgt, err := resolveTarget(f, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if tgt.context == nil || tgt.context.Name != "secure" {
		t.Fatalf("target = %+v", tgt)
	}
	// A topic to find, created over the same authenticated connection.
	svc, err := contextService(tgt.context)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := svc.CreateTopic(ctx, kafkaops.NewTopic{Name: "over-scram-and-tls", Partitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	d := newDriver(t, explorerFor(t, tgt, f))
	d.wait(10*time.Second, "secure", "● connected", "over-scram-and-tls")

	// PLAIN with a password-command, read-only, by :ctx.
	d.typeCommand("ctx plain-cmd")
	d.wait(10*time.Second, "plain-cmd", "read-only", "● connected", "over-scram-and-tls")

	// A wrong password: the broker is reached and refuses; said in words,
	// and no automatic retry however long one waits.
	d.typeCommand("ctx wrong-password")
	d.wait(10*time.Second, "wrong-password", "Authentication or TLS failed", "✗ auth failed", "No automatic retry (1 failed attempt")
	end := time.Now().Add(2500 * time.Millisecond)
	for time.Now().Before(end) {
		select {
		case msg := <-d.msgs:
			d.update(msg)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if v := d.view(); !strings.Contains(v, "No automatic retry (1 failed attempt") {
		t.Errorf("the auth failure was retried by itself:\n%s", v)
	}
	// r still retries.
	d.update(tea.KeyPressMsg{Code: 'r', Text: "r"})
	d.wait(10*time.Second, "No automatic retry (2 failed attempts")

	// A CA that did not sign the broker's certificate.
	d.typeCommand("ctx wrong-ca")
	v := d.wait(10*time.Second, "wrong-ca", "Authentication or TLS failed", "certificate")
	if strings.Contains(v, "s3cret") {
		t.Errorf("the password is on screen:\n%s", v)
	}
}

func TestBrokerRestartDuringASessionRecovers(t *testing.T) {
	dataDir := t.TempDir()
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	addr := b.Addr()
	svc, err := newService([]string{addr})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := svc.CreateTopic(ctx, kafkaops.NewTopic{Name: "survives-restart", Partitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, ui.New(ui.Options{Service: svc, Addr: addr, Refresh: 300 * time.Millisecond, CheckTimeout: 2 * time.Second}))
	d.wait(10*time.Second, "● connected", "survives-restart")

	b.Close()
	d.wait(10*time.Second, "Cannot reach the Kafka cluster", "✗ unreachable")

	b2, err := broker.Start(broker.Options{Listen: addr, DataDir: dataDir})
	if err != nil {
		t.Fatalf("restart on %s: %v", addr, err)
	}
	defer b2.Close()
	// By itself: the error screen retries with backoff (1s, 2s, ...).
	d.wait(15*time.Second, "● connected", "survives-restart")
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestDebugLogGoesToTheStateDirWithoutSecrets(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	log, path, closeLog, err := debugLog()
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(state, "kscope", "debug.log") {
		t.Errorf("log at %s", path)
	}
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", "contexts:\n  - name: prod\n    brokers: [127.0.0.1:1]\n    sasl: {mechanism: PLAIN, username: app, password: hunter2}\n", 0o600)
	tgt, err := resolveTarget(flagSettings{contextPath: cfg, contextName: "prod"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	svc, info, err := switcher(tgt.contexts.Path, flagSettings{}, log)("prod")
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	d := newDriver(t, ui.New(ui.Options{Service: svc, Addr: info.Addr, Cluster: "prod", Log: log, CheckTimeout: time.Second}))
	d.wait(10*time.Second, "Cannot reach the Kafka cluster")
	closeLog()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"connecting to context", "context=prod", "connection check failed"} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "hunter2") {
		t.Errorf("the password is in the log:\n%s", text)
	}
}

// TestDebugLogIsPrivate checks that an existing debug log an older kscope
// left readable by everyone is made 0600.
func TestDebugLogIsPrivate(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	path := filepath.Join(state, "kscope", "debug.log")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, closeLog, err := debugLog()
	if err != nil {
		t.Fatal(err)
	}
	defer closeLog()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("debug log mode %04o, want 0600", perm)
	}
}

// TestInlinePasswordWarnsOnlyForTheContextInUse checks that the warning
// about an inline password in a file others can read is given for the
// context in use only, and that the status line's form carries the
// remedy with the file's path (it is shown once, not again on exit).
func TestInlinePasswordWarnsOnlyForTheContextInUse(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	dir := filepath.Join(os.Getenv("HOME"), ".config", "kscope")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "config.yaml", `contexts:
  - name: prod
    brokers: [k:9093]
    sasl: {mechanism: PLAIN, username: app, password: hunter2}
  - name: staging
    brokers: [k:9094]
`, 0o644)
	env := func(string) string { return "" }
	staging, err := resolveTarget(flagSettings{contextPath: path, contextName: "staging"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if len(staging.warnings) != 0 {
		t.Errorf("staging warns about another context: %q", staging.warnings)
	}
	prod, err := resolveTarget(flagSettings{contextPath: path, contextName: "prod"}, env)
	if err != nil {
		t.Fatal(err)
	}
	short := shortWarnings(prod)
	if len(short) != 1 || !strings.Contains(short[0], `context "prod" has an inline password`) ||
		!strings.Contains(short[0], "chmod 600 ~/.config/kscope/config.yaml") || strings.Contains(short[0], "hunter2") {
		t.Errorf("prod's status warnings = %q, want one naming prod with chmod 600 ~/.config/kscope/config.yaml", short)
	}
}

// TestCtxReadsTheFileAgain checks that :ctx's switch and list read the
// contexts file as it is now: with no file at start, then after a context
// is added to it.
func TestCtxReadsTheFileAgain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	tgt, err := resolveTarget(flagSettings{contextPath: path}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if tgt.contextsPath != path {
		t.Fatalf("contextsPath = %q, want %q (also without a file)", tgt.contextsPath, path)
	}
	list, sw := contextLister(tgt.contextsPath, flagSettings{}), switcher(tgt.contextsPath, flagSettings{}, discardLog())
	if infos, err := list(); err != nil || len(infos) != 0 {
		t.Errorf("no file: list = %+v, %v; want none, no error", infos, err)
	}
	if _, _, err := sw("extra"); err == nil || !strings.Contains(err.Error(), "no contexts file at "+path) {
		t.Errorf("no file: switch = %v", err)
	}
	writeFile(t, dir, "config.yaml", "contexts:\n  - name: extra\n    brokers: [127.0.0.1:1]\n", 0o600)
	if infos, err := list(); err != nil || len(infos) != 1 || infos[0].Name != "extra" {
		t.Errorf("after adding extra: list = %+v, %v", infos, err)
	}
	svc, info, err := sw("extra")
	if err != nil || info.Name != "extra" || info.Addr != "127.0.0.1:1" {
		t.Fatalf("after adding extra: switch = %+v, %v", info, err)
	}
	svc.Close()
	writeFile(t, dir, "config.yaml", "contexts:\n  - name: extra\n    brokers: [no-port]\n", 0o600)
	if _, err := list(); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("bad file: list error = %v, want one line", err)
	}
}
