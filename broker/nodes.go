package broker

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"sync"
)

// MaxNodes caps Options.Nodes: a local cluster is for seeing replication,
// not for load.
const MaxNodes = 9

// nodePorts returns the port of each node: consecutive ports from first,
// or all 0 (any free port) when first is 0.
func nodePorts(first, nodes int) []int {
	ports := make([]int, max(nodes, 1))
	for i := range ports {
		if first != 0 {
			ports[i] = first + i
		}
	}
	return ports
}

// portOf returns the port of the host:port kfake asks to listen on,
// fallback when it cannot be read.
func portOf(addr string, fallback int) string {
	if _, p, err := net.SplitHostPort(addr); err == nil {
		return p
	}
	return strconv.Itoa(fallback)
}

// checkNodes refuses a node count or first port that cannot work.
func checkNodes(nodes, first int) error {
	if nodes < 1 || nodes > MaxNodes {
		return fmt.Errorf("invalid node count %d: want 1 to %d", nodes, MaxNodes)
	}
	if first != 0 && first+nodes-1 > 65535 {
		return fmt.Errorf("%d nodes from port %d go past port 65535: pick a lower --listen port", nodes, first)
	}
	return nil
}

// nodeSet remembers each node's advertised address, so a stopped node
// can be started again on the same port (clients keep its address).
type nodeSet struct {
	mu      sync.Mutex
	addrs   map[int32]string // node id -> host:port, running or stopped
	stopped map[int32]bool
}

func newNodeSet(addrs []string) *nodeSet {
	ns := &nodeSet{addrs: make(map[int32]string, len(addrs)), stopped: map[int32]bool{}}
	for i, a := range addrs {
		ns.addrs[int32(i)] = a // kfake numbers nodes from 0 in Ports order
	}
	return ns
}

// NodeInfo is one node of the bundled cluster.
type NodeInfo struct {
	// ID is the node (broker) id.
	ID int32
	// Addr is the host:port clients connect to.
	Addr string
	// Running is false while the node is stopped with StopNode.
	Running bool
}

// Nodes lists the cluster's nodes by id, stopped ones included.
func (b *Broker) Nodes() []NodeInfo {
	b.nodes.mu.Lock()
	defer b.nodes.mu.Unlock()
	out := make([]NodeInfo, 0, len(b.nodes.addrs))
	for id, a := range b.nodes.addrs {
		out = append(out, NodeInfo{ID: id, Addr: a, Running: !b.nodes.stopped[id]})
	}
	slices.SortFunc(out, func(x, y NodeInfo) int { return int(x.ID - y.ID) })
	return out
}

// Addrs returns the address of every running node, by node id.
func (b *Broker) Addrs() []string {
	var out []string
	for _, n := range b.Nodes() {
		if n.Running {
			out = append(out, n.Addr)
		}
	}
	return out
}

// StopNode stops one node as if it had crashed: its listener closes, the
// partitions it led get a leader among the remaining nodes (kfake elects
// one at random for every partition), and until it is started again
// Metadata lists it as an offline replica, out of the ISR, of the
// partitions it held. The last running node cannot be stopped.
func (b *Broker) StopNode(id int32) error {
	b.nodes.mu.Lock()
	defer b.nodes.mu.Unlock()
	if _, ok := b.nodes.addrs[id]; !ok {
		return fmt.Errorf("stop node %d: no such node", id)
	}
	if b.nodes.stopped[id] {
		return fmt.Errorf("stop node %d: already stopped", id)
	}
	if b.view != nil {
		for other, addr := range b.nodes.addrs {
			if other != id && !b.nodes.stopped[other] {
				b.view.noteStop(id, addr)
				break
			}
		}
	}
	defer b.meta.changed() // the brokers and leaders Metadata lists
	if err := b.cluster.RemoveNode(id); err != nil {
		if b.view != nil {
			b.view.noteStart(id)
		}
		return fmt.Errorf("stop node %d: %w", id, err)
	}
	b.nodes.stopped[id] = true
	return nil
}

// StartNode starts a node stopped with StopNode again, on its old port.
// Leaders are then spread again over every running node.
func (b *Broker) StartNode(id int32) error {
	b.nodes.mu.Lock()
	defer b.nodes.mu.Unlock()
	addr, ok := b.nodes.addrs[id]
	if !ok {
		return fmt.Errorf("start node %d: no such node", id)
	}
	if !b.nodes.stopped[id] {
		return fmt.Errorf("start node %d: already running", id)
	}
	_, p, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(p)
	defer b.meta.changed()
	if _, _, err := b.cluster.AddNode(id, port); err != nil {
		return fmt.Errorf("start node %d on %s: %w", id, addr, err)
	}
	delete(b.nodes.stopped, id)
	if b.view != nil {
		b.view.noteStart(id)
	}
	return nil
}

// listenRange names the addresses the nodes listen on, for errors:
// "127.0.0.1:9092-9094" for three nodes from 9092.
func listenRange(listen, host string, first, nodes int) string {
	if nodes <= 1 || first == 0 {
		return listen
	}
	return fmt.Sprintf("%s-%d", net.JoinHostPort(host, strconv.Itoa(first)), first+nodes-1)
}
