package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/cluster"
)

// LocalCluster is a bundled broker started from the welcome screen.
type LocalCluster struct {
	// Addr is the broker's bootstrap address.
	Addr string
	// Service talks to it.
	Service kafkaops.Service
	// Decoder decodes with its bundled Schema Registry; nil when none.
	Decoder kafkaops.Decoder
	// Nodes stops and starts its nodes; nil for a single node.
	Nodes kafkaops.LocalNodes
}

// checkedMsg is a connection check's answer; id drops stale ones.
type checkedMsg struct {
	id  int
	res cluster.ConnCheckedMsg
}

// heartbeatMsg starts a periodic connection check; id drops ticks of an
// older loop.
type heartbeatMsg struct{ id int }

// localStartedMsg says whether the bundled broker started.
type localStartedMsg struct {
	local LocalCluster
	err   error
}

// check asks the cluster for its layout, with a timeout.
func (m *Model) check() tea.Cmd {
	m.checkID++
	m.checking = true
	id, svc, addr, timeout := m.checkID, m.svc, m.addr, m.opts.CheckTimeout
	m.logger().Debug("connection check", "addr", addr)
	return func() tea.Msg {
		res := cluster.ConnCheckedMsg{Addr: addr}
		res.Info, res.Err = clusterInfo(svc, addr, timeout)
		return checkedMsg{id: id, res: res}
	}
}

// clusterInfo calls svc.ClusterInfo and gives up after timeout even if the
// service does not honour its context, so a dead or black-holed broker can
// never hang the explorer.
func clusterInfo(svc kafkaops.Service, addr string, timeout time.Duration) (kafkaops.ClusterInfo, error) {
	if svc == nil {
		return kafkaops.ClusterInfo{}, errNoService
	}
	type answer struct {
		info kafkaops.ClusterInfo
		err  error
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ch := make(chan answer, 1)
	go func() {
		info, err := svc.ClusterInfo(ctx)
		ch <- answer{info, err}
	}()
	select {
	case a := <-ch:
		return a.info, a.err
	case <-ctx.Done():
		return kafkaops.ClusterInfo{}, fmt.Errorf("no answer from %s within %s", addr, timeout)
	}
}

// retry is the connection-error screen's way to check again.
func (m *Model) retry() tea.Cmd {
	m.conn = connConnecting
	return m.check()
}

// connChecked acts on a check's answer: on success the screens come back
// (or the topic browser opens); on failure the connection-error screen
// takes the front.
func (m *Model) connChecked(res cluster.ConnCheckedMsg) tea.Cmd {
	if res.Err != nil {
		m.logger().Warn("connection check failed", "addr", res.Addr, "auth", kafkaops.IsAuthFailed(res.Err), "err", kafkaops.Describe(res.Err))
		m.conn = connUnreachable
		if kafkaops.IsAuthFailed(res.Err) {
			m.conn = connAuthFailed
		}
		if top := m.top(); top != nil && isConnError(top) {
			return nil // it schedules its own retry
		}
		ce := cluster.NewConnError(m.st, cluster.ConnErrorOptions{
			Addr:       m.addr,
			Err:        res.Err,
			Retry:      m.retry,
			OfferLocal: m.offersLocal(),
			Context:    m.opts.Cluster,
		})
		return m.push(ce)
	}
	if m.conn != connConnected {
		m.logger().Info("connected", "addr", res.Addr, "brokers", len(res.Info.Brokers), "cluster-id", res.Info.ClusterID)
	}
	m.conn = connConnected
	m.info = res.Info
	var cmds []tea.Cmd
	for len(m.stack) > 0 && isConnError(m.top()) {
		m.closeScreen(m.top())
		m.stack = m.stack[:len(m.stack)-1]
	}
	if len(m.stack) == 0 {
		cmds = append(cmds, m.resetToTopics())
		if c := m.opts.Initial; c != "" {
			// Once only: a later reconnection keeps the user's stack.
			m.opts.Initial = ""
			name, arg, _ := strings.Cut(c, " ")
			cmds = append(cmds, m.runCommand(name, strings.TrimSpace(arg)))
		}
	}
	cmds = append(cmds, m.scheduleHeartbeat())
	return tea.Batch(cmds...)
}

// scheduleHeartbeat arms the next periodic connection check.
func (m *Model) scheduleHeartbeat() tea.Cmd {
	if m.opts.Refresh <= 0 {
		return nil
	}
	m.heartbeatID++
	id := m.heartbeatID
	return tea.Tick(m.opts.Refresh, func(time.Time) tea.Msg { return heartbeatMsg{id: id} })
}

// heartbeat checks the connection unless a check is already running or
// the connection-error screen is retrying on its own.
func (m *Model) heartbeat(id int) tea.Cmd {
	if id != m.heartbeatID || m.checking {
		return nil
	}
	if top := m.top(); top != nil && isConnError(top) {
		return nil
	}
	return m.check()
}

// startLocal starts the bundled broker in a command.
func (m *Model) startLocal() tea.Cmd {
	if m.opts.StartLocal == nil {
		return m.status.set("this kscope cannot start the bundled broker; run kscope --local", true, false)
	}
	if m.starting {
		return nil
	}
	m.starting = true
	start := m.opts.StartLocal
	return tea.Batch(m.status.set("starting the bundled broker…", false, true),
		func() tea.Msg {
			l, err := start()
			return localStartedMsg{local: l, err: err}
		})
}

// offersLocal reports whether the connection error offers to start the
// bundled broker (l): on the first screen when nothing answered at the
// default address, and at any depth for kscope --local, whose broker may
// have been another kscope's that quit; never on a context.
func (m *Model) offersLocal() bool {
	if m.opts.StartLocal == nil || m.opts.Cluster != "" {
		return false
	}
	return !m.opts.OfferLocal || len(m.stack) == 0
}

// localStarted switches the explorer to the bundled broker once it runs.
func (m *Model) localStarted(msg localStartedMsg) tea.Cmd {
	m.starting = false
	if msg.err != nil {
		return m.status.set("could not start the bundled broker: "+kafkaops.Describe(msg.err), true, false)
	}
	if m.svc != nil && m.svc != msg.local.Service {
		_ = m.svc.Close()
	}
	m.svc, m.addr = msg.local.Service, msg.local.Addr
	if msg.local.Decoder != nil {
		m.opts.Decoder = msg.local.Decoder
	}
	m.opts.Nodes = msg.local.Nodes
	m.conn = connConnecting
	return tea.Batch(m.status.set("bundled broker started at "+msg.local.Addr, false, false), m.check())
}
