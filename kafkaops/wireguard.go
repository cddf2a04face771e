package kafkaops

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/metadata"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/internal/kwire"
)

// maxResponseBytes caps the size of any answer kscope reads. A metadata
// answer for a million topics is about 60 MB; a larger size prefix is a
// damaged or foreign stream, and reading it would hold its size in memory.
const maxResponseBytes = 128 << 20

// guarded carries a kafka-go request through protocol.Conn.RoundTrip so
// that its answer is read whole, bounded by maxResponseBytes, and checked
// against Kafka's message layout before kafka-go decodes it. kafka-go's
// decoder sizes each array from the count on the wire, before it knows
// the bytes are there: a 70-byte damaged answer claiming 2^31 brokers
// ends the process with "out of memory". franz-go's kmsg refuses a count
// larger than the bytes left, so an answer kmsg reads whole is one
// kafka-go can decode within a small multiple of its size.
type guarded struct {
	req      protocol.Message
	clientID string
	version  int16
}

// guard wraps req, unless it already reads its own answer.
func guard(req protocol.Message, clientID string) protocol.Message {
	if _, raw := req.(protocol.RawExchanger); raw {
		return req
	}
	return &guarded{req: req, clientID: clientID}
}

// ApiKey returns the wrapped request's key, for protocol.Message.
func (g *guarded) ApiKey() protocol.ApiKey { return g.req.ApiKey() }

// Required picks the version the connection negotiated for the request
// and prepares the request for it, as protocol.Conn would. It always
// answers true: the exchange is always guarded.
func (g *guarded) Required(versions map[protocol.ApiKey]int16) bool {
	g.version = versions[g.req.ApiKey()]
	if p, ok := g.req.(protocol.PreparedMessage); ok {
		p.Prepare(g.version)
	}
	return true
}

// RawExchange writes the request, reads its answer whole and checks it
// before kafka-go decodes it.
func (g *guarded) RawExchange(rw io.ReadWriter) (protocol.Message, error) {
	const correlationID = 1 // one request in flight per connection
	key := g.req.ApiKey()
	if err := protocol.WriteRequest(rw, g.version, correlationID, g.clientID, g.req); err != nil {
		return nil, err
	}
	if r, ok := g.req.(interface{ HasResponse() bool }); ok && !r.HasResponse() {
		return nil, nil
	}
	frame, err := readFrame(rw, key)
	if err != nil {
		return nil, err
	}
	checked, err := checkLayout(key, g.version, frame[8:])
	if err != nil {
		return nil, err
	}
	if md, ok := checked.(*kmsg.MetadataResponse); ok {
		// Read once: kmsg's answer, as kafka-go's types, costs a
		// quarter of kafka-go's reflective decode (100,000 topics:
		// BenchmarkGuardMetadata100k).
		return metadataOf(md), nil
	}
	id, res, err := protocol.ReadResponse(bytes.NewReader(frame), key, g.version)
	if err != nil {
		return nil, err
	}
	if id != correlationID {
		return nil, fmt.Errorf("answer to request %d came for request %d", correlationID, id)
	}
	return res, nil
}

// readFrame reads one answer whole, with its size prefix, refusing a size
// no Kafka answer has.
func readFrame(r io.Reader, key protocol.ApiKey) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	n, err := frameSize(size, key)
	if err != nil {
		return nil, err
	}
	frame := make([]byte, 4+n)
	copy(frame, size[:])
	if _, err := io.ReadFull(r, frame[4:]); err != nil {
		return nil, err
	}
	return frame, nil
}

// frameSize reads an answer's size prefix: at least the correlation id,
// at most maxResponseBytes.
func frameSize(size [4]byte, key protocol.ApiKey) (int, error) {
	n := int64(int32(binary.BigEndian.Uint32(size[:])))
	if n < 4 || n > maxResponseBytes {
		return 0, fmt.Errorf("answer of %d bytes to %s: not a Kafka answer (kscope reads at most %d MiB)", n, apiName(key), maxResponseBytes>>20)
	}
	return int(n), nil
}

// checkLayout reads body (an answer after its correlation id) with kmsg,
// which refuses counts and lengths larger than the bytes left, and
// returns what it read (nil for an API kmsg lacks).
func checkLayout(key protocol.ApiKey, version int16, body []byte) (kmsg.Response, error) {
	resp := kmsg.ResponseForKey(int16(key))
	if resp == nil {
		return nil, nil // kafka-go speaks no API kmsg lacks; nothing to compare with
	}
	resp.SetVersion(version)
	// ApiVersions answers with a plain header at every version, so that
	// a client can read it before it knows what the broker speaks.
	if resp.IsFlexible() && key != protocol.ApiVersions {
		var err error
		if body, err = kwire.SkipTags(body); err != nil {
			return nil, fmt.Errorf("the answer to %s is damaged: %w", apiName(key), err)
		}
	}
	if err := resp.ReadFrom(body); err != nil {
		return nil, fmt.Errorf("the answer to %s is damaged (%v): not read", apiName(key), err)
	}
	return resp, nil
}

// metadataOf is a Metadata answer read by kmsg as kafka-go's type.
func metadataOf(r *kmsg.MetadataResponse) *metadata.Response {
	md := &metadata.Response{
		ThrottleTimeMs:              r.ThrottleMillis,
		ControllerID:                r.ControllerID,
		ClusterAuthorizedOperations: r.AuthorizedOperations,
		Brokers:                     make([]metadata.ResponseBroker, len(r.Brokers)),
		Topics:                      make([]metadata.ResponseTopic, len(r.Topics)),
	}
	if r.ClusterID != nil {
		md.ClusterID = *r.ClusterID
	}
	for i, b := range r.Brokers {
		md.Brokers[i] = metadata.ResponseBroker{NodeID: b.NodeID, Host: b.Host, Port: b.Port}
		if b.Rack != nil {
			md.Brokers[i].Rack = *b.Rack
		}
	}
	for i, t := range r.Topics {
		mt := metadata.ResponseTopic{
			ErrorCode: t.ErrorCode, IsInternal: t.IsInternal, TopicAuthorizedOperations: t.AuthorizedOperations,
			Partitions: make([]metadata.ResponsePartition, len(t.Partitions)),
		}
		if t.Topic != nil {
			mt.Name = *t.Topic
		}
		for j, p := range t.Partitions {
			mt.Partitions[j] = metadata.ResponsePartition{
				ErrorCode: p.ErrorCode, PartitionIndex: p.Partition, LeaderID: p.Leader, LeaderEpoch: p.LeaderEpoch,
				ReplicaNodes: p.Replicas, IsrNodes: p.ISR, OfflineReplicas: p.OfflineReplicas,
			}
		}
		md.Topics[i] = mt
	}
	return md
}
