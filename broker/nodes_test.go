package broker

import (
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// clusterView is what one Metadata answer says about the brokers and the
// partitions of one topic.
type clusterView struct {
	brokers  []int32
	leaders  map[int32]int32   // partition -> leader
	replicas map[int32][]int32 // partition -> replicas
	isr      map[int32][]int32
	offline  map[int32][]int32
}

func describeCluster(t *testing.T, cl *kgo.Client, topic string) clusterView {
	t.Helper()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("metadata: %v", err)
	}
	v := clusterView{leaders: map[int32]int32{}, replicas: map[int32][]int32{}, isr: map[int32][]int32{}, offline: map[int32][]int32{}}
	for _, b := range resp.Brokers {
		v.brokers = append(v.brokers, b.NodeID)
	}
	slices.Sort(v.brokers)
	for _, mt := range resp.Topics {
		if err := kerr.ErrorForCode(mt.ErrorCode); err != nil {
			t.Fatalf("metadata %s: %v", topic, err)
		}
		for _, p := range mt.Partitions {
			v.leaders[p.Partition] = p.Leader
			v.replicas[p.Partition] = p.Replicas
			v.isr[p.Partition] = p.ISR
			v.offline[p.Partition] = p.OfflineReplicas
		}
	}
	return v
}

func createReplicatedTopic(t *testing.T, cl *kgo.Client, name string, partitions int32, rf int16) {
	t.Helper()
	req := kmsg.NewPtrCreateTopicsRequest()
	req.TimeoutMillis = 5000
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic = name
	rt.NumPartitions = partitions
	rt.ReplicationFactor = rf
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("create topic %s: %v", name, err)
	}
	if err := kerr.ErrorForCode(resp.Topics[0].ErrorCode); err != nil {
		t.Fatalf("create topic %s with replication factor %d: %v", name, rf, err)
	}
}

func TestThreeNodesReplicateAndSurviveANodeStop(t *testing.T) {
	dir := t.TempDir()
	b := startTestBroker(t, Options{Nodes: 3, DataDir: dir})
	if got := len(b.Addrs()); got != 3 {
		t.Fatalf("Addrs() = %v, want 3 addresses", b.Addrs())
	}
	cl := newClient(t, b.Addr())
	createReplicatedTopic(t, cl, "replicated", 6, 3)
	v := describeCluster(t, cl, "replicated")
	if !slices.Equal(v.brokers, []int32{0, 1, 2}) {
		t.Fatalf("brokers = %v, want [0 1 2]", v.brokers)
	}
	for p, rs := range v.replicas {
		if len(rs) != 3 {
			t.Fatalf("partition %d replicas = %v, want 3", p, rs)
		}
	}
	produce(t, manualProducer(t, b.Addr()), "replicated", 0, "a", "b")

	if err := b.StopNode(1); err != nil {
		t.Fatal(err)
	}
	if err := b.StopNode(1); err == nil {
		t.Fatal("stopping a stopped node: no error")
	}
	if _, err := net.DialTimeout("tcp", b.Nodes()[1].Addr, time.Second); err == nil {
		t.Fatal("node 1 still accepts connections after StopNode")
	}
	// A fresh client, so it learns the cluster from a running node.
	cl2 := newClient(t, b.Nodes()[0].Addr)
	v = describeCluster(t, cl2, "replicated")
	if !slices.Equal(v.brokers, []int32{0, 2}) {
		t.Fatalf("brokers after stopping node 1 = %v, want [0 2]", v.brokers)
	}
	for p, l := range v.leaders {
		if l == 1 {
			t.Fatalf("partition %d still led by the stopped node 1", p)
		}
		// Under-replicated, as Kafka shows it: 3 replicas, 2 in sync,
		// the stopped one offline.
		if len(v.replicas[p]) != 3 || len(v.isr[p]) != 2 || slices.Contains(v.isr[p], 1) || !slices.Equal(v.offline[p], []int32{1}) {
			t.Fatalf("partition %d with node 1 down: replicas %v isr %v offline %v, want 3 replicas, node 1 offline and out of the ISR", p, v.replicas[p], v.isr[p], v.offline[p])
		}
	}
	if got := listOffsets(t, cl2, "replicated", 6, latest)[0]; got != 2 {
		t.Fatalf("partition 0 end offset after the stop = %d, want 2", got)
	}

	if err := b.StartNode(1); err != nil {
		t.Fatal(err)
	}
	v = describeCluster(t, cl2, "replicated")
	if !slices.Equal(v.brokers, []int32{0, 1, 2}) {
		t.Fatalf("brokers after restarting node 1 = %v, want [0 1 2]", v.brokers)
	}
	for p := range v.leaders {
		if len(v.isr[p]) != 3 || len(v.offline[p]) != 0 {
			t.Fatalf("partition %d after restarting node 1: isr %v offline %v, want all in sync", p, v.isr[p], v.offline[p])
		}
	}
	b.Close()

	// The cluster and its data come back from the data dir.
	b = startTestBroker(t, Options{Nodes: 3, DataDir: dir})
	cl3 := newClient(t, b.Addr())
	v = describeCluster(t, cl3, "replicated")
	if len(v.leaders) != 6 || len(v.replicas[0]) != 3 {
		t.Fatalf("after restart: leaders %v replicas %v, want 6 partitions of 3 replicas", v.leaders, v.replicas)
	}
}

func TestNodesListenOnConsecutivePorts(t *testing.T) {
	var b *Broker
	var err error
	for range 5 { // a free port whose two successors are free too
		ln, lerr := net.Listen("tcp", "127.0.0.1:0")
		if lerr != nil {
			t.Fatal(lerr)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if port+2 > 65535 {
			continue
		}
		b, err = Start(Options{Nodes: 3, InMemory: true, Listen: "127.0.0.1:" + strconv.Itoa(port)})
		if err == nil {
			t.Cleanup(b.Close)
			want := []string{"127.0.0.1:" + strconv.Itoa(port), "127.0.0.1:" + strconv.Itoa(port+1), "127.0.0.1:" + strconv.Itoa(port+2)}
			if !slices.Equal(b.Addrs(), want) {
				t.Fatalf("Addrs() = %v, want %v", b.Addrs(), want)
			}
			return
		}
	}
	t.Fatalf("no three consecutive free ports found: %v", err)
}

func TestNodeCountChecked(t *testing.T) {
	_, err := Start(Options{Nodes: MaxNodes + 1, InMemory: true, Listen: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "node count") {
		t.Fatalf("Start with %d nodes: %v, want a node count error", MaxNodes+1, err)
	}
	_, err = Start(Options{Nodes: 3, InMemory: true, Listen: "127.0.0.1:65534"})
	if err == nil || !strings.Contains(err.Error(), "65535") {
		t.Fatalf("Start with 3 nodes from 65534: %v, want a port range error", err)
	}
}

func TestLastNodeCannotStop(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	if err := b.StopNode(0); err == nil {
		t.Fatal("stopping the only node: no error")
	}
	if err := b.StopNode(7); err == nil {
		t.Fatal("stopping an unknown node: no error")
	}
}

// TestFewerNodesOnTheSameDataDir restarts a three-node cluster's data dir
// with one node: every partition must get a leader that exists.
func TestFewerNodesOnTheSameDataDir(t *testing.T) {
	dir := t.TempDir()
	b := startTestBroker(t, Options{Nodes: 3, DataDir: dir})
	createReplicatedTopic(t, newClient(t, b.Addr()), "shrink", 6, 3)
	produce(t, manualProducer(t, b.Addr()), "shrink", 5, "kept")
	b.Close()

	b = startTestBroker(t, Options{DataDir: dir})
	cl := newClient(t, b.Addr())
	v := describeCluster(t, cl, "shrink")
	for p, l := range v.leaders {
		if l != 0 || len(v.replicas[p]) != 1 {
			t.Fatalf("partition %d: leader %d replicas %v on a one-node cluster", p, l, v.replicas[p])
		}
	}
	if got := listOffsets(t, cl, "shrink", 6, latest)[5]; got != 1 {
		t.Fatalf("partition 5 end offset %d after shrinking the cluster, want 1", got)
	}
}

func TestNodePortInUseNamesTheRange(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := ln.Addr().(*net.TCPAddr).Port
	if taken < 2 {
		t.Skip("no room below the taken port")
	}
	_, err = Start(Options{Nodes: 3, InMemory: true, Listen: "127.0.0.1:" + strconv.Itoa(taken-2)})
	if err == nil {
		t.Fatal("started with the third node's port taken")
	}
	want := "127.0.0.1:" + strconv.Itoa(taken-2) + "-" + strconv.Itoa(taken)
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not name %s", err, want)
	}
}

// TestStoppedNodeShownWithSASL checks the offline replica shows on a
// cluster that requires SASL too (the broker reads its replicas as its
// own SASL user).
func TestStoppedNodeShownWithSASL(t *testing.T) {
	b := startTestBroker(t, Options{Nodes: 3, InMemory: true, ACLs: true, SASL: []SASLUser{{Mechanism: SASLScramSHA256, User: "admin", Pass: "pw"}}})
	auth := kgo.SASL(scram.Auth{User: "admin", Pass: "pw"}.AsSha256Mechanism())
	createReplicatedTopic(t, newClient(t, b.Addr(), auth), "secure", 2, 3)
	if err := b.StopNode(2); err != nil {
		t.Fatal(err)
	}
	v := describeCluster(t, newClient(t, b.Nodes()[0].Addr, auth), "secure")
	for p := range v.leaders {
		if !slices.Equal(v.offline[p], []int32{2}) || len(v.isr[p]) != 2 {
			t.Fatalf("partition %d: isr %v offline %v, want node 2 offline", p, v.isr[p], v.offline[p])
		}
	}
}
