package cluster

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// nodeDoneMsg is the answer to a node's stop or start.
type nodeDoneMsg struct {
	reqID uint64
	node  kafkaops.LocalNode
	err   error
}

// addStopped lists the bundled cluster's stopped nodes, which Metadata
// no longer names, among the brokers.
func (b *Brokers) addStopped() {
	b.stopped = map[int32]bool{}
	if b.nodes == nil {
		return
	}
	for _, n := range b.nodes.Nodes() {
		if n.Running {
			continue
		}
		b.stopped[n.ID] = true
		if slices.ContainsFunc(b.info.Brokers, func(br kafkaops.Broker) bool { return br.ID == n.ID }) {
			continue
		}
		host, p, _ := net.SplitHostPort(n.Addr)
		port, _ := strconv.Atoi(p)
		b.info.Brokers = append(b.info.Brokers, kafkaops.Broker{ID: n.ID, Host: host, Port: port})
	}
}

// selectedNode returns the bundled cluster's node under the cursor.
func (b *Brokers) selectedNode() (kafkaops.LocalNode, bool) {
	br, ok := b.selected()
	if !ok || b.nodes == nil {
		return kafkaops.LocalNode{}, false
	}
	for _, n := range b.nodes.Nodes() {
		if n.ID == br.ID {
			return n, true
		}
	}
	return kafkaops.LocalNode{}, false
}

// nodeKey is the node key with help that says what it does to the
// selected node.
func (b *Brokers) nodeKey() key.Binding {
	k := b.keys.Node
	if n, ok := b.selectedNode(); ok {
		verb := "stop"
		if !n.Running {
			verb = "start"
		}
		k.SetHelp("s", fmt.Sprintf("%s node %d", verb, n.ID))
	}
	return k
}

// askNode asks to confirm the stop or start of the selected node; one
// node's stop or start at a time.
func (b *Brokers) askNode() tea.Cmd {
	if b.acting != nil {
		return kit.Status(fmt.Sprintf("busy: node %d is still %s; wait for it to finish", b.acting.ID, actingVerb(*b.acting)), true)
	}
	n, ok := b.selectedNode()
	if !ok {
		return kit.Status("the selected broker is not a node of the bundled cluster", true)
	}
	b.asking = &n
	return nil
}

// answerNode handles y or n while the question shows.
func (b *Brokers) answerNode(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, b.keys.Confirm):
		n, nodes := *b.asking, b.nodes
		b.asking, b.acting = nil, &n
		var cmd tea.Cmd
		b.nodeID, cmd = kit.Do(&b.Asker, func(context.Context) error {
			if n.Running {
				return nodes.StopNode(n.ID)
			}
			return nodes.StartNode(n.ID)
		}, func(id uint64, err error) tea.Msg { return nodeDoneMsg{reqID: id, node: n, err: err} })
		return tea.Batch(cmd, kit.Status(fmt.Sprintf("%s node %d…", actingVerb(n), n.ID), false))
	case kit.Matches(msg, b.keys.Cancel):
		b.asking = nil
	}
	return nil
}

// nodeDone reports a stop or start and loads the cluster again.
func (b *Brokers) nodeDone(msg nodeDoneMsg) tea.Cmd {
	if msg.reqID != b.nodeID {
		return nil
	}
	b.acting = nil
	if msg.err != nil {
		return kit.Status(kafkaops.Describe(msg.err), true)
	}
	// Short enough for one status line at 60 columns.
	done := fmt.Sprintf("node %d stopped · leaders moved, ISRs shrank", msg.node.ID)
	if !msg.node.Running {
		done = fmt.Sprintf("node %d started · back in the ISRs", msg.node.ID)
	}
	return tea.Batch(b.load(), kit.Status(done, false))
}

// actingVerb says what is being done to n: it is being stopped when it
// was running.
func actingVerb(n kafkaops.LocalNode) string {
	if n.Running {
		return "stopping"
	}
	return "starting"
}

// questionLine is the line under the cluster line: the question while a
// node's stop or start waits for y, what is in flight while it runs,
// blank otherwise.
func (b *Brokers) questionLine(w int) string {
	if b.acting != nil {
		return b.st.Subtle.Render(kit.Truncate(fmt.Sprintf("%s node %d…", actingVerb(*b.acting), b.acting.ID), w))
	}
	if b.asking == nil {
		return ""
	}
	n := b.asking
	q := fmt.Sprintf("Stop node %d (%s)? y/n · its leaders move", n.ID, kit.Sanitize(n.Addr))
	if !n.Running {
		q = fmt.Sprintf("Start node %d (%s) again? y/n", n.ID, kit.Sanitize(n.Addr))
	}
	return b.st.Warning.Render(kit.Truncate(q, w))
}

// HandlesEsc reports whether esc answers the node question rather than
// going back.
func (b *Brokers) HandlesEsc() bool { return b.asking != nil }
