package cli

import (
	"kscope/broker"
	"kscope/kafkaops"
)

// localNodes lets the explorer stop and start the nodes of the bundled
// cluster it runs (kafkaops.LocalNodes over broker.Broker).
type localNodes struct{ b *broker.Broker }

// Nodes lists the nodes by id, stopped ones included.
func (n localNodes) Nodes() []kafkaops.LocalNode {
	var out []kafkaops.LocalNode
	for _, x := range n.b.Nodes() {
		out = append(out, kafkaops.LocalNode{ID: x.ID, Addr: x.Addr, Running: x.Running})
	}
	return out
}

// StopNode stops node id.
func (n localNodes) StopNode(id int32) error { return n.b.StopNode(id) }

// StartNode starts node id again.
func (n localNodes) StartNode(id int32) error { return n.b.StartNode(id) }

// nodeControl returns the stop and start of the nodes of the broker this
// kscope runs, nil when it runs none or a single node.
func (l *localBroker) nodeControl() kafkaops.LocalNodes {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b == nil || len(l.b.Nodes()) < 2 {
		return nil
	}
	return localNodes{b: l.b}
}

// nodeAddrs returns every node's address, so the explorer's service can
// bootstrap from another node while the first one is stopped; just addr
// when this kscope runs no multi-node cluster.
func (l *localBroker) nodeAddrs(addr string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b == nil {
		return []string{addr}
	}
	out := []string{addr}
	for _, n := range l.b.Nodes() {
		if n.Addr != addr {
			out = append(out, n.Addr)
		}
	}
	return out
}

// serviceAddrs are the addresses the explorer's service bootstraps from:
// every node's when this kscope runs a multi-node cluster at addrs[0].
func serviceAddrs(l *localBroker, addrs []string) []string {
	if len(addrs) != 1 || l.nodeControl() == nil {
		return addrs
	}
	return l.nodeAddrs(addrs[0])
}
