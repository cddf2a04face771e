package cli

import (
	"strings"
	"testing"
)

// TestLocalNodeControl: the explorer gets the node control, and a service
// that bootstraps from every node, only when it runs a multi-node
// bundled cluster itself; and the control really stops a node.
func TestLocalNodeControl(t *testing.T) {
	one := &localBroker{listen: "127.0.0.1:0", dataDir: t.TempDir(), nodes: 1}
	defer one.close()
	if one.nodeControl() != nil {
		t.Error("node control offered before any broker runs")
	}
	addr, _, err := one.start()
	if err != nil {
		t.Fatal(err)
	}
	if one.nodeControl() != nil || len(serviceAddrs(one, []string{addr})) != 1 {
		t.Error("node control or extra addresses offered for a single node")
	}

	three := &localBroker{listen: "127.0.0.1:0", dataDir: t.TempDir(), nodes: 3}
	defer three.close()
	addr, _, err = three.start()
	if err != nil {
		t.Fatal(err)
	}
	nc := three.nodeControl()
	if nc == nil {
		t.Fatal("no node control for a three-node cluster")
	}
	addrs := serviceAddrs(three, []string{addr})
	if len(addrs) != 3 || addrs[0] != addr {
		t.Errorf("service addresses %v, want the 3 nodes starting with %s", addrs, addr)
	}
	if err := nc.StopNode(2); err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, n := range nc.Nodes() {
		if !n.Running {
			states = append(states, "stopped "+strings.TrimSpace(n.Addr))
		}
	}
	if len(states) != 1 || !strings.HasSuffix(states[0], addrs[2]) {
		t.Errorf("after StopNode(2): %v, want node 2 (%s) stopped", states, addrs[2])
	}
	if err := nc.StartNode(2); err != nil {
		t.Fatal(err)
	}
	ui, err := three.startForUI()
	if err != nil || ui.Nodes == nil {
		t.Errorf("startForUI = %+v, %v; want the node control", ui, err)
	}
	if ui.Service != nil {
		_ = ui.Service.Close()
	}
}
