package broker

import (
	"context"
	"encoding/binary"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// kfake has no fixed replica assignment: Metadata lists a partition's
// replicas from its leader on among the running nodes, and reports them
// all in sync. So with a node stopped, a partition of replication factor 3
// on a three-node cluster shows 2 replicas, both in sync, where Apache
// Kafka shows 3 replicas, an ISR of 2 and the stopped one offline.
//
// replicaView makes the local cluster answer as Kafka would: StopNode
// notes every partition's replicas just before the stop, and while nodes
// are stopped, Metadata answers list those replicas, with the stopped
// ones out of the ISR and in OfflineReplicas. It works on the bytes of a
// connection (kfake writes each answer in one Write), only on a cluster
// of several nodes.
type replicaView struct {
	client []kgo.Opt // how the broker reaches itself (SASL)

	mu      sync.RWMutex
	stopped map[int32]bool
	assign  map[string]map[int32][]int32 // topic -> partition -> replicas before the stop
}

func newReplicaView(client []kgo.Opt) *replicaView {
	return &replicaView{client: client, stopped: map[int32]bool{}}
}

// noteStop records the replicas that live nodes report now, before node
// id stops; addr is a node that stays up.
func (v *replicaView) noteStop(id int32, addr string) {
	assign := snapshotReplicas(addr, v.client)
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.stopped) == 0 || v.assign == nil {
		v.assign = assign
	}
	v.stopped[id] = true
}

// noteStart forgets a node's stop.
func (v *replicaView) noteStart(id int32) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.stopped, id)
	if len(v.stopped) == 0 {
		v.assign = nil
	}
}

// snapshotReplicas asks the cluster for every partition's replicas.
func snapshotReplicas(addr string, opts []kgo.Opt) map[string]map[int32][]int32 {
	out := map[string]map[int32][]int32{}
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr)}, opts...)...)
	if err != nil {
		return out
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl)
	if err != nil {
		return out
	}
	for _, t := range resp.Topics {
		if t.Topic == nil {
			continue
		}
		ps := map[int32][]int32{}
		for _, p := range t.Partitions {
			ps[p.Partition] = slices.Clone(p.Replicas)
		}
		out[*t.Topic] = ps
	}
	return out
}

// rewrite adjusts a Metadata answer while nodes are stopped; ok is false
// when there is nothing to change.
func (v *replicaView) rewrite(resp *kmsg.MetadataResponse) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if len(v.stopped) == 0 {
		return false
	}
	changed := false
	for i := range resp.Topics {
		t := &resp.Topics[i]
		if t.Topic == nil {
			continue
		}
		for j := range t.Partitions {
			p := &t.Partitions[j]
			was := v.assign[*t.Topic][p.Partition]
			if !slices.Contains(was, p.Leader) || !slices.ContainsFunc(was, func(n int32) bool { return v.stopped[n] }) {
				continue
			}
			p.Replicas = slices.Clone(was)
			p.ISR, p.OfflineReplicas = nil, nil
			for _, n := range was {
				if v.stopped[n] {
					p.OfflineReplicas = append(p.OfflineReplicas, n)
				} else {
					p.ISR = append(p.ISR, n)
				}
			}
			changed = true
		}
	}
	return changed
}

// wrapIfOn returns a listener whose connections pass Metadata answers
// through rewrite, or ln itself when v is nil (a single node).
func (v *replicaView) wrapIfOn(ln net.Listener) net.Listener {
	if v == nil {
		return ln
	}
	return &connListener{Listener: ln, wrap: func(c net.Conn) net.Conn { return newViewConn(c, v) }}
}

// viewConn notes the correlation id and version of each Metadata request
// read, and rewrites the matching answer when it is written.
type viewConn struct {
	frameConn
	v       *replicaView
	pending map[int32]int16 // correlation id -> Metadata version
}

func newViewConn(c net.Conn, v *replicaView) *viewConn {
	vc := &viewConn{frameConn: frameConn{Conn: c}, v: v, pending: map[int32]int16{}}
	vc.frames.seen = func(h reqHeader, _ []byte) {
		if h.key == int16(kmsg.Metadata) {
			vc.pending[h.corr] = h.version
		}
	}
	return vc
}

// Write rewrites a whole Metadata answer; anything else passes as is.
func (c *viewConn) Write(p []byte) (int, error) {
	version, ok := takeNoted(&c.frameConn, c.pending, p)
	if !ok {
		return c.Conn.Write(p)
	}
	if out := c.rewritten(p, version); out != nil {
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// rewritten returns the frame p with its Metadata answer rewritten, or
// nil to send p as it is.
func (c *viewConn) rewritten(p []byte, version int16) []byte {
	resp := kmsg.NewPtrMetadataResponse()
	resp.SetVersion(version)
	body := p[8:]
	var tags []byte
	if resp.IsFlexible() {
		// The response header's tagged fields: kfake writes none.
		if len(body) == 0 || body[0] != 0 {
			return nil
		}
		tags, body = body[:1], body[1:]
	}
	if err := resp.ReadFrom(body); err != nil || !c.v.rewrite(resp) {
		return nil
	}
	out := append([]byte{0, 0, 0, 0}, p[4:8]...)
	out = append(out, tags...)
	out = resp.AppendTo(out)
	binary.BigEndian.PutUint32(out, uint32(len(out)-4))
	return out
}
