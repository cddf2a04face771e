package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// stubNodes is a bundled cluster of two running nodes.
type stubNodes struct{ stopped []int32 }

func (s *stubNodes) Nodes() []kafkaops.LocalNode {
	return []kafkaops.LocalNode{{ID: 0, Addr: "127.0.0.1:9092", Running: true}, {ID: 1, Addr: "127.0.0.1:9093", Running: true}}
}
func (s *stubNodes) StopNode(id int32) error  { s.stopped = append(s.stopped, id); return nil }
func (s *stubNodes) StartNode(id int32) error { return nil }

// TestBrokersNodeKeyOnlyWithNodes: the brokers view offers s (stop a node)
// only when the explorer was given the bundled cluster's node control,
// and a context switch takes it away.
func TestBrokersNodeKeyOnlyWithNodes(t *testing.T) {
	h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder })
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
	if v := h.view(); strings.Contains(v, "stop node") {
		t.Errorf("brokers view offers a node stop without node control:\n%s", v)
	}

	nodes := &stubNodes{}
	h = newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder; o.Nodes = nodes })
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
	if v := h.view(); !strings.Contains(v, "s stop node 0") {
		t.Fatalf("brokers view lacks the node key:\n%s", v)
	}
	h.press("s")
	h.press("y")
	if len(nodes.stopped) != 1 || nodes.stopped[0] != 0 {
		t.Errorf("stopped %v, want node 0", nodes.stopped)
	}

	h.send(switchedMsg{id: h.m.switchID, name: "prod", svc: newDemoService(), info: ContextInfo{Name: "prod", Addr: "kafka:9092"}})
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
	if v := h.view(); strings.Contains(v, "stop node") {
		t.Errorf("after switching to a context the brokers view still offers a node stop:\n%s", v)
	}
}
