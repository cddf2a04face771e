package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"kscope/broker"
	"kscope/config"
	"kscope/kafkaops"
	"kscope/ui"
)

// connectTimeout bounds turning a context into a service: reading its
// TLS files and running its password-command.
const connectTimeout = 15 * time.Second

// defaultRefresh is --refresh's default, used when neither the flag nor
// the context sets one.
const defaultRefresh = 10 * time.Second

// target is the cluster the explorer opens and the settings that go with
// it, resolved from flags, the environment and the contexts file.
type target struct {
	// addrs are the bootstrap servers.
	addrs []string
	// source says where addrs came from: "--brokers", brokersEnv,
	// "context NAME" or "default".
	source string
	// context is the context in use, nil when addrs came from elsewhere.
	context *config.Context
	// contexts is the contexts file, nil when there is none (or it is
	// bad and not needed: then warnings say so).
	contexts *config.Contexts
	// contextsPath is where the contexts file is or would be, also when
	// there is none yet: :ctx reads it again on each use.
	contextsPath string
	// readOnly, refresh and tailBuffer are the effective settings.
	readOnly   bool
	refresh    time.Duration
	tailBuffer int
	// warnings are shown in the status line at start.
	warnings []string
}

// flagSettings are the explorer flags that a context's settings yield to
// when they are not given.
type flagSettings struct {
	brokers     []string
	contextName string
	local       bool
	readOnly    bool
	refresh     time.Duration
	refreshSet  bool
	tailBuffer  int
	tailBufSet  bool
	contextPath string // "" means config.ContextsFile()
}

// resolveTarget picks the cluster: --brokers or $KSCOPE_BROKERS, else
// --context, else the file's current-context, else 127.0.0.1:9092. A
// missing contexts file is fine unless --context names one; a bad one is
// an error only when it is needed (--context, or no --brokers and the
// file has a current-context), and a warning otherwise.
func resolveTarget(f flagSettings, getenv func(string) string) (*target, error) {
	t := &target{readOnly: f.readOnly, refresh: defaultRefresh, tailBuffer: f.tailBuffer}
	if f.refreshSet {
		t.refresh = f.refresh
	}
	if f.local && f.contextName != "" {
		return nil, errors.New("use either --local or --context, not both")
	}
	path := f.contextPath
	if path == "" {
		p, err := config.ContextsFile()
		if err != nil && f.contextName != "" {
			return nil, err
		}
		path = p
	}
	var env []string
	if v := getenv(brokersEnv); v != "" {
		env = strings.Split(v, ",")
	}
	explicit := f.local || len(f.brokers) > 0 || len(env) > 0

	t.contextsPath = path
	if err := unusableContextsFile(path); err != nil {
		return nil, err
	}
	var loadErr error
	if path != "" {
		t.contexts, loadErr = config.LoadContexts(path)
	}
	switch {
	case loadErr == nil:
		if t.contexts != nil {
			t.warnings = append(t.warnings, t.contexts.Warnings...)
		}
	case errors.Is(loadErr, fs.ErrNotExist):
		if f.contextName != "" {
			return nil, fmt.Errorf("--context %s: no contexts file at %s", f.contextName, path)
		}
	default:
		// A bad file: fatal when it decides the cluster.
		if f.contextName != "" || (!explicit && fileHasCurrent(path)) {
			return nil, firstError(loadErr)
		}
		t.warnings = append(t.warnings, "contexts file ignored: "+firstError(loadErr).Error())
	}

	switch {
	case len(f.brokers) > 0:
		t.addrs, t.source = f.brokers, "--brokers"
	case len(env) > 0:
		t.addrs, t.source = env, brokersEnv
	case f.local:
		t.source = "--local"
	case t.contexts != nil && (f.contextName != "" || t.contexts.Current != ""):
		c, err := t.contexts.Context(f.contextName)
		if err != nil {
			return nil, err
		}
		t.useContext(c, f)
	default:
		t.addrs, t.source = []string{broker.DefaultListen}, "default"
	}
	return t, nil
}

// useContext makes c the target, its settings applying where the flags
// are not given.
func (t *target) useContext(c *config.Context, f flagSettings) {
	t.context = c
	t.warnings = append(t.warnings, c.Warnings...)
	t.addrs = append([]string(nil), c.Brokers...)
	t.source = "context " + c.Name
	t.readOnly, t.refresh, t.tailBuffer = contextSettings(c, f)
}

// contextSettings returns the effective read-only, refresh and tail
// buffer of c: --read-only or the context's read-only; the flags' refresh
// and tail buffer when given, else the context's, else the defaults.
func contextSettings(c *config.Context, f flagSettings) (readOnly bool, refresh time.Duration, tailBuffer int) {
	readOnly = f.readOnly || c.ReadOnly
	refresh = defaultRefresh
	switch {
	case f.refreshSet:
		refresh = f.refresh
	case c.Refresh > 0:
		refresh = c.Refresh
	}
	tailBuffer = f.tailBuffer
	if !f.tailBufSet && c.TailBuffer > 0 {
		tailBuffer = c.TailBuffer
	}
	return readOnly, refresh, tailBuffer
}

// fileHasCurrent reports whether a contexts file that failed its checks
// still names a current-context, so that it decides the cluster. A file
// that is not even YAML counts as naming one: kscope cannot tell.
func fileHasCurrent(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var doc struct {
		Current string `yaml:"current-context"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return true
	}
	return doc.Current != ""
}

// firstError keeps the first of joined errors, so a bad file gets a
// one-line message naming file, line and field.
func firstError(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if errs := j.Unwrap(); len(errs) > 0 {
			if len(errs) > 1 {
				return fmt.Errorf("%w (and %d more problems)", errs[0], len(errs)-1)
			}
			return errs[0]
		}
	}
	return err
}

// authSummary describes a context's SASL and TLS without a secret:
// "SCRAM-SHA-512 user app · TLS", "mTLS", "" for neither.
func authSummary(c *config.Context) string {
	var parts []string
	if c.SASL != nil {
		parts = append(parts, c.SASL.Mechanism+" user "+c.SASL.Username)
	}
	if c.TLS != nil {
		t := "TLS"
		if c.TLS.CertFile != "" {
			t = "mTLS"
		}
		if c.TLS.InsecureSkipVerify {
			t += " (unverified)"
		}
		parts = append(parts, t)
	}
	if c.SchemaRegistry != nil {
		parts = append(parts, "registry "+config.RedactURL(c.SchemaRegistry.URL))
	}
	return strings.Join(parts, " · ")
}

// contextInfo is what the explorer shows of c and the settings it uses.
func contextInfo(c *config.Context, f flagSettings) ui.ContextInfo {
	ro, refresh, tb := contextSettings(c, f)
	return ui.ContextInfo{
		Name:       c.Name,
		Addr:       strings.Join(c.Brokers, ","),
		Auth:       authSummary(c),
		ReadOnly:   ro,
		Refresh:    refresh,
		TailBuffer: tb,
		Warnings:   append([]string(nil), c.Warnings...),
	}
}

// contextService connects kafkaops to a context: it resolves the password
// (maybe running password-command, bounded by connectTimeout) and reads
// the TLS files.
func contextService(c *config.Context) (*kafkaops.Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	cfg, err := kafkaConfig(ctx, c)
	if err != nil {
		return nil, err
	}
	if cfg.ClientID == "" {
		cfg.ClientID = kafkaops.DefaultClientID
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = 3 * time.Second
	}
	return kafkaops.New(cfg)
}

// switcher is :ctx's way to connect to a context of the contexts file at
// path; it reads the file again on each switch, so that a context added,
// or fixed after a refused login, is used as it is now. The file may not
// exist when the explorer starts.
func switcher(path string, f flagSettings, log *slog.Logger) ui.SwitchFunc {
	return func(name string) (kafkaops.Service, ui.ContextInfo, error) {
		fresh, err := loadContextsNow(path)
		if err != nil {
			log.Error("contexts file", "err", err.Error())
			return nil, ui.ContextInfo{}, err
		}
		c, err := fresh.Context(name)
		if err != nil {
			return nil, ui.ContextInfo{}, err
		}
		log.Info("connecting to context", "context", c.Name, "brokers", c.Brokers, "sasl", c.SASL != nil, "tls", c.TLS != nil)
		svc, err := contextService(c)
		if err != nil {
			log.Error("context settings", "context", c.Name, "err", kafkaops.Describe(err))
			return nil, ui.ContextInfo{}, err
		}
		info := contextInfo(c, f)
		// The context's own registry: --schema-registry named the first
		// cluster's.
		if info.Decoder, err = explorerDecoder("", func(string) string { return "" }, c); err != nil {
			_ = svc.Close()
			log.Error("context schema registry", "context", c.Name, "err", err.Error())
			return nil, ui.ContextInfo{}, err
		}
		return svc, info, nil
	}
}

// contextLister reads the contexts file at path again and lists its
// contexts, for :ctx to show the file as it is now; no file is no
// contexts.
func contextLister(path string, f flagSettings) func() ([]ui.ContextInfo, error) {
	return func() ([]ui.ContextInfo, error) {
		cs, err := loadContextsNow(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return contextInfos(cs, f), nil
	}
}

// loadContextsNow reads the contexts file at path, with a one-line error
// for a bad one.
func loadContextsNow(path string) (*config.Contexts, error) {
	if path == "" {
		return nil, fmt.Errorf("no contexts file: %w", fs.ErrNotExist)
	}
	cs, err := config.LoadContexts(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no contexts file at %s: %w", path, fs.ErrNotExist)
	}
	if err != nil {
		return nil, firstError(err)
	}
	return cs, nil
}

// contextInfos lists every context of cs for :ctx.
func contextInfos(cs *config.Contexts, f flagSettings) []ui.ContextInfo {
	if cs == nil {
		return nil
	}
	out := make([]ui.ContextInfo, len(cs.Contexts))
	for i := range cs.Contexts {
		out[i] = contextInfo(&cs.Contexts[i], f)
	}
	return out
}

// debugLog opens the --debug log, kscope/debug.log under the state dir,
// and returns the logger, its path and a func that closes it.
func debugLog() (*slog.Logger, string, func(), error) {
	dir, err := config.StateDir()
	if err != nil {
		return nil, "", nil, fmt.Errorf("--debug: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", nil, fmt.Errorf("--debug: %w", err)
	}
	path := filepath.Join(dir, "debug.log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, "", nil, fmt.Errorf("--debug: %w", err)
	}
	// OpenFile's mode only applies to a new file: an older kscope left
	// the log 0644.
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return nil, "", nil, fmt.Errorf("--debug: %w", err)
	}
	log := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return log, path, func() { _ = f.Close() }, nil
}

// kafkaConfig turns a context into kafkaops settings: it resolves the
// password (which may run password-command, bounded by ctx) and builds the
// TLS config from the files. This is the only place config meets
// kafkaops: neither imports the other.
func kafkaConfig(ctx context.Context, x *config.Context) (kafkaops.Config, error) {
	cfg := kafkaops.Config{
		Brokers:        append([]string(nil), x.Brokers...),
		ClientID:       x.ClientID,
		DialTimeout:    x.DialTimeout,
		RequestTimeout: x.RequestTimeout,
	}
	if x.TLS != nil {
		tc, err := x.TLS.Config()
		if err != nil {
			return kafkaops.Config{}, fmt.Errorf("context %q: %w", x.Name, err)
		}
		cfg.TLS = tc
	}
	if x.SASL != nil {
		pw, err := x.SASL.Password.Resolve(ctx)
		if err != nil {
			return kafkaops.Config{}, fmt.Errorf("context %q: %w", x.Name, err)
		}
		cfg.SASL = &kafkaops.SASL{Mechanism: x.SASL.Mechanism, Username: x.SASL.Username, Password: pw}
	}
	return cfg, nil
}
