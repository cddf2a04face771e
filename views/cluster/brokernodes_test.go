package cluster

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// fakeNodes is a three-node bundled cluster whose stops and starts also
// change what the fake service's metadata lists.
type fakeNodes struct {
	mu    sync.Mutex
	svc   *kafkaopstest.FakeService
	nodes []kafkaops.LocalNode
	calls []string
	// block, when set, holds every stop and start until it is closed;
	// begun counts the stops and starts that began.
	block chan struct{}
	begun atomic.Int32
}

func newFakeNodes() *fakeNodes {
	f := &fakeNodes{svc: &kafkaopstest.FakeService{}}
	for i := range 3 {
		f.nodes = append(f.nodes, kafkaops.LocalNode{ID: int32(i), Addr: "127.0.0.1:" + string(rune('1'+i)) + "9092", Running: true})
	}
	f.sync()
	return f
}

// sync makes the metadata list the running nodes, controller 0 or the
// lowest running.
func (f *fakeNodes) sync() {
	f.svc.Mu.Lock()
	defer f.svc.Mu.Unlock()
	f.svc.Cluster = kafkaops.ClusterInfo{ClusterID: "local", ControllerID: -1}
	for _, n := range f.nodes {
		if n.Running {
			if f.svc.Cluster.ControllerID < 0 {
				f.svc.Cluster.ControllerID = n.ID
			}
			f.svc.Cluster.Brokers = append(f.svc.Cluster.Brokers, kafkaops.Broker{ID: n.ID, Host: "127.0.0.1", Port: 19092 + 10000*int(n.ID)})
		}
	}
}

func (f *fakeNodes) Nodes() []kafkaops.LocalNode {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]kafkaops.LocalNode(nil), f.nodes...)
}

func (f *fakeNodes) set(id int32, running bool, call string) error {
	f.begun.Add(1)
	if f.block != nil {
		<-f.block
	}
	f.mu.Lock()
	f.nodes[id].Running = running
	f.calls = append(f.calls, call)
	f.mu.Unlock()
	f.sync()
	return nil
}

func (f *fakeNodes) StopNode(id int32) error  { return f.set(id, false, "stop") }
func (f *fakeNodes) StartNode(id int32) error { return f.set(id, true, "start") }

func TestBrokersStopAndStartNode(t *testing.T) {
	nodes := newFakeNodes()
	s, _ := kittest.Start(t, NewBrokersWithNodes(nodes.svc, kittest.TestStyles(), nodes), 80, 24)
	if !hasHelp(s.ShortHelp(), "s") || !strings.Contains(helpText(s), "stop node 0") {
		t.Fatalf("help lacks the node key: %q", helpText(s))
	}
	s, _ = kittest.Press(s, "down", "s")
	mustShow(t, s, "Stop node 1 (127.0.0.1:29092)? y/n")
	if len(nodes.calls) != 0 {
		t.Fatal("s stopped the node without asking")
	}
	s, _ = kittest.Press(s, "n")
	if strings.Contains(kittest.Plain(s), "Stop node 1") || len(nodes.calls) != 0 {
		t.Fatalf("n did not cancel: calls %v\n%s", nodes.calls, kittest.Plain(s))
	}
	s, _ = kittest.Press(s, "s")
	s, msgs := kittest.Press(s, "y")
	if len(nodes.calls) != 1 || nodes.calls[0] != "stop" {
		t.Fatalf("calls %v, want one stop", nodes.calls)
	}
	if !strings.Contains(strings.Join(kittest.Statuses(msgs), "\n"), "node 1 stopped · leaders moved") {
		t.Errorf("statuses %v, want node 1 stopped", kittest.Statuses(msgs))
	}
	// The stopped node is still listed, as stopped; the cursor stays on it.
	mustShow(t, s, "3 brokers", "✗ stopped")
	if got := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(got, "1  127.0.0.1:29092") || !strings.Contains(got, "✗ stopped") {
		t.Errorf("cursor line %q, want node 1 stopped", got)
	}
	kittest.Golden(t, "brokers_node_stopped.golden", kittest.Plain(s))
	if !strings.Contains(helpText(s), "start node 1") {
		t.Errorf("help %q, want start node 1", helpText(s))
	}
	s, _ = kittest.Press(s, "s", "y")
	if len(nodes.calls) != 2 || nodes.calls[1] != "start" || strings.Contains(kittest.Plain(s), "✗ stopped") {
		t.Errorf("calls %v, want a start and no stopped node:\n%s", nodes.calls, kittest.Plain(s))
	}
}

func TestBrokersWithoutNodesHasNoNodeKey(t *testing.T) {
	s, _ := kittest.Start(t, NewBrokers(BrokersFake(), kittest.TestStyles()), 80, 24)
	if hasHelp(s.ShortHelp(), "s") {
		t.Errorf("help offers s on a cluster kscope does not run: %q", helpText(s))
	}
	s, msgs := kittest.Press(s, "s")
	if len(msgs) != 0 || strings.Contains(kittest.Plain(s), "Stop node") {
		t.Errorf("s did something: %v", msgs)
	}
}

// helpText joins the short help's key and text.
func helpText(s interface{ ShortHelp() []key.Binding }) string {
	var out []string
	for _, b := range s.ShortHelp() {
		out = append(out, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(out, " · ")
}

// TestBrokersSecondNodeActionWaits: while a node's stop is in flight, s
// says in words that it is busy and starts nothing; the help line drops
// s until the stop is answered.
func TestBrokersSecondNodeActionWaits(t *testing.T) {
	nodes := newFakeNodes()
	nodes.block = make(chan struct{})
	s, _ := kittest.Start(t, NewBrokersWithNodes(nodes.svc, kittest.TestStyles(), nodes), 80, 24)
	s, _ = kittest.Press(s, "down", "s")
	s, cmd := s.Update(kittest.KeyMsgs("y")[0]) // the stop's answer is held back
	mustShow(t, s, "stopping node 1…")
	if hasHelp(s.ShortHelp(), "s") {
		t.Errorf("help offers s while node 1 is stopping: %q", helpText(s))
	}
	for _, keys := range [][]string{{"s"}, {"down", "s"}} {
		var msgs []tea.Msg
		s, msgs = kittest.Press(s, keys...)
		if st := strings.Join(kittest.Statuses(msgs), "\n"); !strings.Contains(st, "busy: node 1 is still stopping; wait for it to finish") {
			t.Errorf("%v while stopping: statuses %q", keys, st)
		}
		if strings.Contains(kittest.Plain(s), "? y/n") {
			t.Errorf("%v while stopping opened a question:\n%s", keys, kittest.Plain(s))
		}
	}
	// Let the stop finish now: RunCmd waits only briefly for an answer,
	// and a loaded machine must not turn that into a failure.
	close(nodes.block)
	var answers []tea.Msg
	for _, c := range cmd().(tea.BatchMsg) {
		answers = append(answers, kittest.RunCmd(c)...)
	}
	if n := nodes.begun.Load(); n != 1 {
		t.Fatalf("%d stops or starts began, want 1", n)
	}
	for _, m := range answers {
		s, _ = kittest.Feed(s, m)
	}
	if !hasHelp(s.ShortHelp(), "s") || strings.Contains(kittest.Plain(s), "stopping node 1…") {
		t.Errorf("after the stop, s is not back: %q\n%s", helpText(s), kittest.Plain(s))
	}
}
