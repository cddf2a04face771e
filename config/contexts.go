package config

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"
)

// ContextsFileName is the contexts file's name inside ConfigDir.
const ContextsFileName = "config.yaml"

// DefaultCommandTimeout bounds a password-command when the caller's
// context does not set a shorter deadline.
const DefaultCommandTimeout = 10 * time.Second

// ContextsFile returns the path of the contexts file:
// kscope/config.yaml under the user's config dir.
func ContextsFile() (string, error) {
	d, err := ConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, ContextsFileName), nil
}

// Contexts is a parsed contexts file.
type Contexts struct {
	// Path is the file it was read from.
	Path string
	// Current is the current-context entry, "" when not set.
	Current string
	// Contexts are the named contexts, in file order.
	Contexts []Context
	// Warnings are problems of the whole file that do not stop kscope.
	// Show them; they hold no secret. A context's own problems are in its
	// Warnings, to show only when it is used.
	Warnings []string
}

// Context is one named cluster connection of the contexts file.
type Context struct {
	// Name identifies the context (--context, :ctx).
	Name string
	// Brokers are the bootstrap servers, host:port each.
	Brokers []string
	// ClientID is the client id sent to brokers; "" means kscope's default.
	ClientID string
	// SASL is the authentication, nil when off.
	SASL *SASL
	// TLS is the transport security, nil when off.
	TLS *TLS
	// SchemaRegistry is the Schema Registry, nil when none.
	SchemaRegistry *SchemaRegistry
	// Schemas are local schema files by topic name, for records written
	// without the Schema Registry's header; nil when none.
	Schemas map[string]TopicSchemas
	// ReadOnly forbids every mutating action in the explorer.
	ReadOnly bool
	// TailBuffer is how many records a tail keeps; 0 means the default.
	TailBuffer int
	// Refresh is the auto-refresh interval of lists; 0 means the default.
	Refresh time.Duration
	// DialTimeout and RequestTimeout bound connecting and each request;
	// 0 means kafkaops' defaults.
	DialTimeout, RequestTimeout time.Duration

	// Line is where the context starts in the file, for messages.
	Line int
	// Warnings are this context's problems that do not stop kscope, e.g.
	// an inline password in a file others can read: show them when the
	// context is used, not for every context of the file. They hold no
	// secret.
	Warnings []string
}

// The SASL mechanisms a context can name (Kafka's names for them).
const (
	MechanismPlain       = "PLAIN"
	MechanismScramSHA256 = "SCRAM-SHA-256"
	MechanismScramSHA512 = "SCRAM-SHA-512"
)

// SASL is a context's SASL settings.
type SASL struct {
	// Mechanism is MechanismPlain, MechanismScramSHA256 or
	// MechanismScramSHA512.
	Mechanism string
	// Username is the SASL user name.
	Username string
	// Password is where the password comes from; it is read only when
	// the context is used.
	Password Secret
}

// Secret is a password source: inline in the file, an environment
// variable, or a command's output. It is resolved only when needed, and
// its String and GoString never show the value.
type Secret struct {
	inline  string
	hasVal  bool
	env     string
	command string
	where   string // "file:line" of the password key, for messages
}

// String says where the secret comes from, never what it is.
func (s Secret) String() string {
	switch {
	case s.hasVal:
		return "<inline password, hidden>"
	case s.env != "":
		return "<password from $" + s.env + ">"
	case s.command != "":
		return "<password from a command>"
	}
	return "<no password>"
}

// GoString is String, so that %#v does not show the secret either.
func (s Secret) GoString() string { return s.String() }

// Inline reports whether the password is written in the file itself.
func (s Secret) Inline() bool { return s.hasVal }

// Resolve returns the password: the inline value, the environment
// variable's value, or the trimmed standard output of `sh -c command`,
// run with a timeout of DefaultCommandTimeout or ctx's deadline, whichever
// is sooner. Errors say which source failed, never the value (nor the
// command, which may hold a secret itself).
func (s Secret) Resolve(ctx context.Context) (string, error) {
	switch {
	case s.hasVal:
		return s.inline, nil
	case s.env != "":
		v, ok := os.LookupEnv(s.env)
		if !ok {
			return "", fmt.Errorf("%s: password-env: environment variable %s is not set", s.where, s.env)
		}
		return v, nil
	case s.command != "":
		return s.runCommand(ctx)
	}
	return "", nil
}

func (s Secret) runCommand(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, DefaultCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", s.command)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	// A child of sh that outlives it would keep the pipes open and Wait
	// blocked: give up on the pipes shortly after the kill.
	cmd.WaitDelay = 500 * time.Millisecond
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s: password-command did not finish in time (%v)", s.where, ctx.Err())
	}
	if err != nil {
		// Never its output: a command that fails half-way may have
		// printed the password, or a secret in its error.
		return "", fmt.Errorf("%s: password-command failed (%s); its output is not shown, run it in a shell to see it", s.where, exitStatus(err))
	}
	pw := strings.TrimRight(stdout.String(), "\r\n")
	if pw == "" {
		return "", fmt.Errorf("%s: password-command printed nothing", s.where)
	}
	return pw, nil
}

// exitStatus says how a command ended: "exit status 3", "killed by
// signal terminated", or why it could not start.
func exitStatus(err error) string {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return err.Error()
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "killed by signal " + ws.Signal().String()
	}
	return fmt.Sprintf("exit status %d", ee.ExitCode())
}

// TLS is a context's TLS settings. File paths are absolute: `~` is
// expanded and relative paths are taken from the contexts file's dir.
type TLS struct {
	// CAFile is a PEM file of the CAs to trust; "" means the system's.
	CAFile string
	// CertFile and KeyFile are the client certificate and key for mutual
	// TLS; both or neither.
	CertFile, KeyFile string
	// ServerName overrides the name checked in the broker's certificate.
	ServerName string
	// InsecureSkipVerify accepts any broker certificate. For tests only.
	InsecureSkipVerify bool
}

// Config builds the *tls.Config these settings describe, reading the CA
// and client certificate files. Errors name the file.
func (t *TLS) Config() (*tls.Config, error) {
	tc := &tls.Config{ServerName: t.ServerName, InsecureSkipVerify: t.InsecureSkipVerify, MinVersion: tls.VersionTLS12} //nolint:gosec // the user asked for it
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("TLS CA file %s: %v", t.CAFile, rootErr(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TLS CA file %s: no PEM certificate in it", t.CAFile)
		}
		tc.RootCAs = pool
	}
	if t.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("TLS client certificate %s / key %s: %v", t.CertFile, t.KeyFile, rootErr(err))
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// Context returns the context called name, or the current context when
// name is "". The error lists the names there are.
func (c *Contexts) Context(name string) (*Context, error) {
	what := "context"
	if name == "" {
		if c.Current == "" {
			return nil, fmt.Errorf("%s: no current-context set; pick one of %s with --context", c.Path, c.names())
		}
		name, what = c.Current, "current-context"
	}
	for i := range c.Contexts {
		if c.Contexts[i].Name == name {
			return &c.Contexts[i], nil
		}
	}
	return nil, fmt.Errorf("%s: %s %q is not defined; contexts: %s", c.Path, what, name, c.names())
}

func (c *Contexts) names() string {
	if len(c.Contexts) == 0 {
		return "none"
	}
	var ns []string
	for _, x := range c.Contexts {
		ns = append(ns, x.Name)
	}
	return strings.Join(ns, ", ")
}

// LoadContexts reads and checks the contexts file at path. A missing
// file gives an error for which errors.Is(err, fs.ErrNotExist) holds. A
// bad file gives one error per problem (joined), each naming the file,
// line and field.
func LoadContexts(path string) (*Contexts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("contexts file %s: %w", path, err)
	}
	var mode fs.FileMode
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return ParseContexts(path, data, mode)
}

// ParseContexts parses a contexts file's content. path names the file in
// messages and anchors relative TLS file paths; mode is its permission
// bits, used to warn about an inline password others can read.
func ParseContexts(path string, data []byte, mode fs.FileMode) (*Contexts, error) {
	p := &parser{file: path, dir: filepath.Dir(path)}
	out := &Contexts{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return out, nil // an empty file: no contexts
	}
	root := doc.Content[0]
	p.mapping(root, "", func(key string, k, v *yaml.Node) {
		switch key {
		case "current-context":
			out.Current = p.str(v, key)
		case "contexts":
			if v.Kind != yaml.SequenceNode {
				p.errf(v, key, "want a list of contexts")
				return
			}
			for i, item := range v.Content {
				out.Contexts = append(out.Contexts, p.context(item, fmt.Sprintf("contexts[%d]", i)))
			}
		default:
			p.unknown(k, "", key)
		}
	})

	seen := map[string]int{}
	for _, c := range out.Contexts {
		if c.Name == "" {
			continue
		}
		if line, dup := seen[c.Name]; dup {
			p.errs = append(p.errs, fmt.Errorf("%s:%d: context name %q is already used at line %d", path, c.Line, c.Name, line))
			continue
		}
		seen[c.Name] = c.Line
	}
	if out.Current != "" {
		if _, ok := seen[out.Current]; !ok {
			p.errs = append(p.errs, fmt.Errorf("%s:%d: current-context: %q is not one of the contexts (%s)", path, p.currentLine(root), out.Current, out.names()))
		}
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	if mode&0o077 != 0 {
		for i := range out.Contexts {
			c := &out.Contexts[i]
			if (c.SASL != nil && c.SASL.Password.Inline()) || c.SchemaRegistry.inlineSecret() {
				c.Warnings = append(c.Warnings, fmt.Sprintf(
					"%s: context %q has an inline password and the file is readable by others (mode %04o); run chmod 600 %s or use password-env / password-command",
					path, c.Name, mode, path))
			}
		}
	}
	return out, nil
}

// parser walks the YAML tree, collecting every problem with its line.
type parser struct {
	file string
	dir  string
	errs []error
}

func (p *parser) errf(n *yaml.Node, field, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d: %s: %s", p.file, n.Line, field, fmt.Sprintf(format, args...)))
}

func (p *parser) unknown(k *yaml.Node, prefix, key string) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d: unknown field %q", p.file, k.Line, join(prefix, key)))
}

func (p *parser) currentLine(root *yaml.Node) int {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "current-context" {
			return root.Content[i].Line
		}
	}
	return root.Line
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// mapping calls f for each key of a mapping node, flagging duplicates.
func (p *parser) mapping(n *yaml.Node, field string, f func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		name := field
		if name == "" {
			name = "top level"
		}
		p.errf(n, name, "want a mapping of key: value")
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if line, dup := seen[k.Value]; dup {
			p.errf(k, join(field, k.Value), "given twice (first at line %d)", line)
			continue
		}
		seen[k.Value] = k.Line
		f(k.Value, k, v)
	}
}

func (p *parser) str(v *yaml.Node, field string) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.errf(v, field, "want a string")
		return ""
	}
	return v.Value
}

func (p *parser) boolean(v *yaml.Node, field string) bool {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		p.errf(v, field, "want true or false, got %q", v.Value)
	}
	return b
}

func (p *parser) positiveInt(v *yaml.Node, field string) int {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil || n <= 0 {
		p.errf(v, field, "want a positive whole number, got %q", v.Value)
	}
	return n
}

func (p *parser) duration(v *yaml.Node, field string) time.Duration {
	d, err := time.ParseDuration(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil || d <= 0 {
		p.errf(v, field, "want a positive duration such as 5s or 1m, got %q", v.Value)
	}
	return d
}

// path expands ~ and makes a relative path relative to the file's dir.
func (p *parser) path(v *yaml.Node, field string) string {
	s := p.str(v, field)
	if s == "" {
		return ""
	}
	if s == "~" || strings.HasPrefix(s, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			p.errf(v, field, "cannot expand ~: %v", err)
			return s
		}
		s = filepath.Join(home, strings.TrimPrefix(s, "~"))
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(p.dir, s)
	}
	return s
}

// existingFile is path plus a check that the file is there.
func (p *parser) existingFile(v *yaml.Node, field string) string {
	s := p.path(v, field)
	if s == "" {
		return ""
	}
	if _, err := os.Stat(s); err != nil {
		p.errf(v, field, "file %s: %v", s, rootErr(err))
	}
	return s
}

func (p *parser) context(n *yaml.Node, field string) Context {
	c := Context{Line: n.Line}
	p.mapping(n, field, func(key string, k, v *yaml.Node) {
		f := join(field, key)
		switch key {
		case "name":
			c.Name = strings.TrimSpace(p.str(v, f))
			if c.Name == "" {
				p.errf(v, f, "must not be empty")
			}
		case "brokers":
			c.Brokers = p.brokers(v, f)
		case "client-id":
			c.ClientID = p.str(v, f)
		case "sasl":
			c.SASL = p.sasl(v, f)
		case "tls":
			c.TLS = p.tls(v, f)
		case "schema-registry":
			c.SchemaRegistry = p.schemaRegistry(v, f)
		case "schemas":
			c.Schemas = p.schemas(v, f)
		case "read-only":
			c.ReadOnly = p.boolean(v, f)
		case "tail-buffer":
			c.TailBuffer = p.positiveInt(v, f)
		case "refresh":
			c.Refresh = p.duration(v, f)
		case "dial-timeout":
			c.DialTimeout = p.duration(v, f)
		case "request-timeout":
			c.RequestTimeout = p.duration(v, f)
		default:
			p.unknown(k, field, key)
		}
	})
	if n.Kind == yaml.MappingNode {
		if c.Name == "" && !p.has(n, "name") {
			p.errf(n, field+".name", "missing: every context needs a name")
		}
		if len(c.Brokers) == 0 && !p.has(n, "brokers") {
			p.errf(n, field+".brokers", "missing: list at least one host:port")
		}
	}
	return c
}

func (p *parser) has(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// brokers accepts a list of host:port or one comma-separated string.
func (p *parser) brokers(v *yaml.Node, field string) []string {
	var items []*yaml.Node
	switch v.Kind {
	case yaml.SequenceNode:
		items = v.Content
	case yaml.ScalarNode:
		items = []*yaml.Node{v}
	default:
		p.errf(v, field, "want a list of host:port")
		return nil
	}
	var out []string
	bad := 0
	for _, it := range items {
		for _, b := range strings.Split(p.str(it, field), ",") {
			b = strings.TrimSpace(b)
			if b == "" {
				continue
			}
			if _, port, err := net.SplitHostPort(b); err != nil || port == "" {
				p.errf(it, field, "%q: want host:port", b)
				bad++
				continue
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 && bad == 0 {
		p.errf(v, field, "list at least one host:port")
	}
	return out
}

func (p *parser) sasl(v *yaml.Node, field string) *SASL {
	s := &SASL{}
	var sources []string
	p.mapping(v, field, func(key string, k, val *yaml.Node) {
		f := join(field, key)
		where := fmt.Sprintf("%s:%d: %s", p.file, k.Line, f)
		switch key {
		case "mechanism":
			m := strings.ToUpper(strings.TrimSpace(p.str(val, f)))
			switch m {
			case MechanismPlain, MechanismScramSHA256, MechanismScramSHA512:
				s.Mechanism = m
			default:
				p.errf(val, f, "%q: want %s, %s or %s", val.Value, MechanismPlain, MechanismScramSHA256, MechanismScramSHA512)
			}
		case "username":
			s.Username = p.str(val, f)
		case "password":
			sources = append(sources, key)
			if val.Kind != yaml.ScalarNode {
				// Never echo the value: it is a password.
				p.errf(val, f, "want a string")
				return
			}
			s.Password = Secret{inline: val.Value, hasVal: true, where: where}
		case "password-env":
			sources = append(sources, key)
			s.Password = Secret{env: p.str(val, f), where: where}
		case "password-command":
			sources = append(sources, key)
			s.Password = Secret{command: p.str(val, f), where: where}
		default:
			p.unknown(k, field, key)
		}
	})
	if v.Kind != yaml.MappingNode {
		return nil
	}
	if s.Mechanism == "" && !p.has(v, "mechanism") {
		p.errf(v, field+".mechanism", "missing: want %s, %s or %s", MechanismPlain, MechanismScramSHA256, MechanismScramSHA512)
	}
	if s.Username == "" {
		p.errf(v, field+".username", "missing")
	}
	switch len(sources) {
	case 0:
		p.errf(v, field, "missing password: give password, password-env or password-command")
	case 1:
	default:
		p.errf(v, field, "give only one of %s", strings.Join(sources, ", "))
	}
	return s
}

func (p *parser) tls(v *yaml.Node, field string) *TLS {
	t := &TLS{}
	if v.Kind == yaml.ScalarNode { // tls: true, with the system's CAs
		if !p.boolean(v, field) {
			return nil
		}
		return t
	}
	enabled := true // a tls block turns TLS on unless it says enabled: false
	p.mapping(v, field, func(key string, k, val *yaml.Node) {
		f := join(field, key)
		switch key {
		case "enabled":
			enabled = p.boolean(val, f)
		case "ca-file":
			t.CAFile = p.existingFile(val, f)
		case "cert-file":
			t.CertFile = p.existingFile(val, f)
		case "key-file":
			t.KeyFile = p.existingFile(val, f)
		case "server-name":
			t.ServerName = p.str(val, f)
		case "insecure-skip-verify":
			t.InsecureSkipVerify = p.boolean(val, f)
		default:
			p.unknown(k, field, key)
		}
	})
	if v.Kind != yaml.MappingNode {
		return nil
	}
	if (t.CertFile == "") != (t.KeyFile == "") && !(p.has(v, "cert-file") && p.has(v, "key-file")) {
		p.errf(v, field, "cert-file and key-file go together: give both or neither")
	}
	if !enabled {
		return nil
	}
	return t
}

// rootErr strips *PathError so a message reads "no such file or
// directory" after the path it already names.
func rootErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
