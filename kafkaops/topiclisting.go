package kafkaops

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/metadata"
)

// The topic browser lists every topic at launch: at 100,000 topics the
// Metadata answer is 5 MB. Read through kmsg (the guard's check), turned
// into kafka-go's types and then into Topics, it cost about 120 ms of CPU
// and three copies of every name. listAllTopics reads the same answer in
// one bounds-checked pass straight into Topics, with every name in one
// backing string.

// maxListingVersion is the newest Metadata version readTopicListing
// reads: kafka-go's, so the negotiated version never exceeds it. v9 and
// later are flexible (compact arrays, tagged fields).
const maxListingVersion = 8

// topicListing is an every-topic Metadata answer as the explorer needs
// it: the brokers, each topic's name, partition count, replication factor
// and error, and the full layouts of the topics named in known (of every
// topic when there are no more than maxLearnedLayouts).
type topicListing struct {
	brokers []metadata.ResponseBroker
	topics  []Topic
	failed  []string                     // topics the answer gave an error for
	layouts map[string][]partitionLayout // of the topics in known, or all when few
}

// ApiKey returns Metadata, for protocol.Message.
func (*topicListing) ApiKey() protocol.ApiKey { return protocol.Metadata }

// listAllTopics carries an every-topic Metadata request through
// protocol.Conn.RoundTrip and reads its answer with readTopicListing.
type listAllTopics struct {
	clientID string
	version  int16
	known    map[string]bool // topics whose full layout to keep
}

// ApiKey returns Metadata, for protocol.Message.
func (*listAllTopics) ApiKey() protocol.ApiKey { return protocol.Metadata }

// listingTimeout is the least time an every-topic listing may take. Its
// answer grows with the cluster, and so does the broker's work before the
// first byte: the bundled broker took more than 10 s (the default request
// timeout) to build the answer for 1,000,000 topics, and the launch failed
// with "stopped answering" while it was busy. The connection check still
// says within its own timeout when a broker is really gone.
const listingTimeout = time.Minute

// slowAnswer is a request whose answer may take longer than one request
// timeout, for its size.
type slowAnswer interface {
	timeout(base time.Duration) time.Duration
}

// timeout is base or listingTimeout, whichever is longer.
func (*listAllTopics) timeout(base time.Duration) time.Duration {
	return max(base, listingTimeout)
}

// answerTimeout is how long req may take: base, unless req says its
// answer takes longer.
func answerTimeout(req protocol.Message, base time.Duration) time.Duration {
	if s, ok := req.(slowAnswer); ok {
		return s.timeout(base)
	}
	return base
}

// Required picks the negotiated Metadata version; it always answers true:
// the answer is always read here.
func (m *listAllTopics) Required(versions map[protocol.ApiKey]int16) bool {
	m.version = min(versions[protocol.Metadata], maxListingVersion)
	return true
}

// RawExchange writes the request and reads its answer whole, bounded by
// maxResponseBytes, then reads the listing from it.
func (m *listAllTopics) RawExchange(rw io.ReadWriter) (protocol.Message, error) {
	const correlationID = 1 // one request in flight per connection
	if err := protocol.WriteRequest(rw, m.version, correlationID, m.clientID, &metadata.Request{}); err != nil {
		return nil, err
	}
	frame, err := readFrame(rw, protocol.Metadata)
	if err != nil {
		return nil, err
	}
	if id := int32(binary.BigEndian.Uint32(frame[4:])); id != correlationID {
		return nil, fmt.Errorf("answer to request %d came for request %d", correlationID, id)
	}
	l, err := readTopicListing(frame[8:], m.version, m.known)
	if err != nil {
		return nil, fmt.Errorf("the answer to Metadata is damaged (%v): not read", err)
	}
	return l, nil
}

// readTopicListing reads an every-topic Metadata answer of version v (0
// to maxListingVersion; body after the correlation id) into a listing
// sorted by name, in one pass that checks every count against the bytes
// left.
func readTopicListing(body []byte, v int16, known map[string]bool) (*topicListing, error) {
	if v < 0 || v > maxListingVersion {
		return nil, fmt.Errorf("version %d", v)
	}
	r := &protoReader{b: body}
	if v >= 3 {
		r.int32() // throttle
	}
	l := &topicListing{brokers: readListingBrokers(r, v)}
	if v >= 2 {
		r.bytesOf() // cluster id
	}
	if v >= 1 {
		r.int32() // controller
	}
	// Each topic takes at least: error, name length, partition count
	// (and is_internal from v1, authorized operations from v8).
	n := r.countOf(8)
	l.topics = make([]Topic, n)
	// Each name's place in body (start, end): two int32s, not a
	// 24-byte slice header, per topic.
	spans := make([][2]int32, n)
	total := 0
	for i := range n {
		errCode := r.int16()
		name := r.bytesOf()
		end := int32(len(body) - len(r.b))
		spans[i] = [2]int32{end - int32(len(name)), end}
		total += len(name)
		tp := &l.topics[i]
		if v >= 1 {
			tp.Internal = r.bool()
		}
		// Few topics: every layout is kept, as learn does; many: only
		// those already cached (the lookup converts without allocating).
		keep := n <= maxLearnedLayouts || known[string(name)]
		parts := readListingPartitions(r, v, keep)
		tp.Partitions = parts.n
		tp.ReplicationFactor = parts.firstReplicas
		if v >= 8 {
			r.int32() // topic authorized operations
		}
		switch {
		case errCode != 0:
			tp.ReplicationFactor = 0
			l.failed = append(l.failed, string(name))
		case keep:
			if l.layouts == nil {
				l.layouts = make(map[string][]partitionLayout)
			}
			l.layouts[string(name)] = parts.layouts
		}
	}
	if v >= 8 {
		r.int32() // cluster authorized operations
	}
	if r.err != nil {
		return nil, r.err
	}
	// Every name as a piece of one string: one allocation, not one per
	// topic, and one object for the collector instead of 100,000.
	var all strings.Builder
	all.Grow(total)
	for _, s := range spans {
		all.Write(body[s[0]:s[1]])
	}
	names, at := all.String(), 0
	for i, s := range spans {
		n := int(s[1] - s[0])
		l.topics[i].Name = names[at : at+n]
		at += n
	}
	// Brokers answer in the order of their own maps.
	byName := func(a, b Topic) int { return strings.Compare(a.Name, b.Name) }
	if !slices.IsSortedFunc(l.topics, byName) {
		sortTopicsByName(l.topics)
	}
	return l, nil
}

// readListingBrokers reads the brokers array.
func readListingBrokers(r *protoReader, v int16) []metadata.ResponseBroker {
	n := r.countOf(10) // node, host length, port
	out := make([]metadata.ResponseBroker, n)
	for i := range out {
		b := &out[i]
		b.NodeID = r.int32()
		b.Host = string(r.bytesOf())
		b.Port = r.int32()
		if v >= 1 {
			b.Rack = string(r.bytesOf())
		}
	}
	return out
}

// listingPartitions is what readListingPartitions keeps of a topic's
// partitions: their number, the first one's replica count (the topic's
// replication factor, as topicOf takes it) and, when asked, the layouts.
type listingPartitions struct {
	n             int
	firstReplicas int
	layouts       []partitionLayout
}

// readListingPartitions reads one topic's partitions array; the layouts
// only when full is set.
func readListingPartitions(r *protoReader, v int16, full bool) listingPartitions {
	// error, partition, leader, replica count, isr count.
	out := listingPartitions{n: r.countOf(18)}
	for i := range out.n {
		r.int16() // error
		p := partitionLayout{id: r.int32(), leader: r.int32()}
		if v >= 7 {
			r.int32() // leader epoch
		}
		if full {
			p.replicas, p.isr = r.int32s(), r.int32s()
		} else {
			replicas := r.skipInt32s()
			if i == 0 {
				out.firstReplicas = replicas
			}
			r.skipInt32s()
		}
		if full && i == 0 {
			out.firstReplicas = len(p.replicas)
		}
		if v >= 5 {
			r.skipInt32s() // offline replicas
		}
		if full {
			out.layouts = append(out.layouts, p)
		}
	}
	if full {
		slices.SortFunc(out.layouts, func(a, b partitionLayout) int { return int(a.id) - int(b.id) })
	}
	return out
}

// learnListing records what an every-topic listing says about the
// brokers and the layouts already cached, as learn does for a Metadata
// answer: it adds no layout.
func (c *Client) learnListing(l *topicListing) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range l.brokers {
		c.brokers[b.NodeID] = joinHostPort(b.Host, int(b.Port))
	}
	for _, name := range l.failed {
		delete(c.layouts, name)
	}
	now := time.Now()
	for i := range l.topics {
		tp := &l.topics[i]
		parts, ok := l.layouts[tp.Name]
		if !ok {
			continue
		}
		c.layouts[tp.Name] = topicLayout{name: tp.Name, internal: tp.Internal, partitions: parts, seen: now}
	}
}

// knownLayouts returns the names of the topics whose layouts are cached.
func (c *Client) knownLayouts() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	known := make(map[string]bool, len(c.layouts))
	for name := range c.layouts {
		known[name] = true
	}
	return known
}
