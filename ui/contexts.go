package ui

import (
	"context"
	"log/slog"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/cluster"
)

// ContextInfo describes one context of the contexts file as the explorer
// uses it: what the contexts list shows and, once switched to, the
// settings that apply. cli builds it; it never holds a secret.
type ContextInfo struct {
	// Name identifies the context (:ctx NAME); the header shows it.
	Name string
	// Addr is the bootstrap servers, comma-separated.
	Addr string
	// Auth summarises SASL and TLS, e.g. "SCRAM-SHA-512 user app · TLS".
	Auth string
	// ReadOnly disables every mutating action (the context's read-only or
	// --read-only).
	ReadOnly bool
	// Refresh is the refresh and connection-check interval on this
	// context; zero turns both off.
	Refresh time.Duration
	// TailBuffer is how many records a tail keeps on this context; 0
	// means the default.
	TailBuffer int
	// Decoder decodes the context's schema-encoded values (its
	// schema-registry); nil when it has none.
	Decoder kafkaops.Decoder
	// Warnings are this context's problems that do not stop kscope (an
	// inline password others can read); shown once, when it is switched
	// to. They hold no secret.
	Warnings []string
}

// SwitchFunc connects to the named context and returns a service on it
// and the context's settings. It may take a while (a password-command, a
// TLS file to read), so the root calls it in a command with a timeout,
// never in Update. It must not hold a secret in its error.
type SwitchFunc func(name string) (kafkaops.Service, ContextInfo, error)

// DefaultSwitchTimeout bounds one context switch when Options does not
// set SwitchTimeout.
const DefaultSwitchTimeout = 20 * time.Second

// switchedMsg is the answer of a context switch; id drops all but the
// latest.
type switchedMsg struct {
	id   int
	name string
	svc  kafkaops.Service
	info ContextInfo
	err  error
}

// contextNames returns the names the palette completes :ctx with.
func contextNames(cs []ContextInfo) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names
}

// logger returns the debug log, or one that drops everything.
func (m *Model) logger() *slog.Logger {
	if m.opts.Log != nil {
		return m.opts.Log
	}
	return slog.New(slog.DiscardHandler)
}

// showContexts opens the contexts list (":ctx" with no name).
// contextsReloadedMsg brings the contexts file as it is now; then is the
// context :ctx asked to switch to, "" to list them.
type contextsReloadedMsg struct {
	infos []ContextInfo
	err   error
	then  string
}

// reloadContexts reads the contexts file again, when the explorer can,
// then lists the contexts (name "") or switches to name.
func (m *Model) reloadContexts(name string) tea.Cmd {
	name = strings.TrimSpace(name)
	reload := m.opts.ReloadContexts
	if reload == nil {
		return m.afterReload(name)
	}
	return func() tea.Msg {
		infos, err := reload()
		return contextsReloadedMsg{infos: infos, err: err, then: name}
	}
}

// contextsReloaded keeps the file's contexts and goes on with :ctx. A file
// that cannot be read now keeps the list it had, and says why.
func (m *Model) contextsReloaded(msg contextsReloadedMsg) tea.Cmd {
	if msg.err != nil {
		return tea.Batch(m.status.set("contexts file: "+msg.err.Error(), true, false), m.afterReload(msg.then))
	}
	m.opts.Contexts = msg.infos
	m.palette.contexts = contextNames(msg.infos)
	return m.afterReload(msg.then)
}

// afterReload lists the contexts or switches to name.
func (m *Model) afterReload(name string) tea.Cmd {
	if name == "" {
		return m.showContexts()
	}
	return m.switchContext(name)
}

func (m *Model) showContexts() tea.Cmd {
	entries := make([]cluster.ContextEntry, len(m.opts.Contexts))
	for i, c := range m.opts.Contexts {
		entries[i] = cluster.ContextEntry{Name: c.Name, Brokers: c.Addr, Auth: c.Auth, ReadOnly: c.ReadOnly}
	}
	return tea.Batch(m.toRootTopics(), m.push(cluster.NewContexts(m.st, entries, m.opts.Cluster, m.opts.ContextsFile)))
}

// switchContext starts switching the explorer to the named context: the
// connection is made in a command, and switched applies it.
func (m *Model) switchContext(name string) tea.Cmd {
	name = strings.TrimSpace(name)
	if m.opts.Switch == nil || len(m.opts.Contexts) == 0 {
		where := "a contexts file"
		if m.opts.ContextsFile != "" {
			where = m.opts.ContextsFile
		}
		return m.status.set("no contexts: define them in "+where, true, false)
	}
	known := false
	for _, c := range m.opts.Contexts {
		known = known || c.Name == name
	}
	if !known {
		return m.status.set("no context "+name+" (contexts: "+strings.Join(contextNames(m.opts.Contexts), ", ")+")", true, false)
	}
	m.switchID++
	id, sw, timeout := m.switchID, m.opts.Switch, m.opts.SwitchTimeout
	if timeout <= 0 {
		timeout = DefaultSwitchTimeout
	}
	m.logger().Info("context switch", "to", name)
	return tea.Batch(m.status.set("switching to context "+name+"…", false, true),
		func() tea.Msg {
			type answer struct {
				svc  kafkaops.Service
				info ContextInfo
				err  error
			}
			ch := make(chan answer, 1)
			go func() {
				svc, info, err := sw(name)
				ch <- answer{svc, info, err}
			}()
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			select {
			case a := <-ch:
				return switchedMsg{id: id, name: name, svc: a.svc, info: a.info, err: a.err}
			case <-ctx.Done():
				// A late answer's service is closed when it comes.
				go func() {
					if a := <-ch; a.svc != nil {
						_ = a.svc.Close()
					}
				}()
				return switchedMsg{id: id, name: name, err: errSwitchTimeout(name, timeout)}
			}
		})
}

// switched applies a finished context switch: the old service is closed,
// the header names the new context, the stack is emptied and the
// connection checked again; once it answers the topic browser opens.
func (m *Model) switched(msg switchedMsg) tea.Cmd {
	if msg.id != m.switchID {
		if msg.svc != nil {
			_ = msg.svc.Close()
		}
		return nil
	}
	if msg.err != nil {
		m.logger().Error("context switch failed", "to", msg.name, "err", kafkaops.Describe(msg.err))
		return m.status.set("cannot switch to "+msg.name+": "+kafkaops.Describe(msg.err), true, false)
	}
	if m.svc != nil && m.svc != msg.svc {
		_ = m.svc.Close()
	}
	info := msg.info
	if info.Name == "" {
		info.Name = msg.name
	}
	m.svc, m.addr = msg.svc, info.Addr
	m.opts.Cluster = info.Name
	m.opts.ReadOnly = info.ReadOnly
	m.opts.Refresh = info.Refresh
	m.opts.TailBuffer = info.TailBuffer
	m.opts.Decoder = info.Decoder
	m.opts.Nodes = nil // a context is never the bundled cluster kscope runs
	m.opts.OfferLocal = false
	m.opts.Initial = ""
	m.palette.topics = nil
	m.info = kafkaops.ClusterInfo{}
	m.conn = connConnecting
	m.heartbeatID++ // stop the old context's heartbeat loop
	m.logger().Info("context switched", "context", info.Name, "brokers", info.Addr, "auth", info.Auth, "read-only", info.ReadOnly)
	text := "switched to context " + info.Name
	if info.ReadOnly {
		text += " (read-only)"
	}
	if len(info.Warnings) > 0 && !m.warned[info.Name] {
		if m.warned == nil {
			m.warned = map[string]bool{}
		}
		m.warned[info.Name] = true
		text += " · " + strings.Join(info.Warnings, " · ")
	}
	// The stack empties now; the connection check's answer opens the
	// topic browser, so nothing of the new context is asked for (and no
	// login retried in the background) before the cluster has answered.
	return tea.Batch(m.resetTo(), m.check(), m.status.set(text, false, false))
}

// switchTimeoutError says a switch took too long.
type switchTimeoutError struct {
	name    string
	timeout time.Duration
}

func (e *switchTimeoutError) Error() string {
	return "context " + e.name + " did not connect within " + e.timeout.String()
}

func errSwitchTimeout(name string, d time.Duration) error {
	return &switchTimeoutError{name: name, timeout: d}
}
