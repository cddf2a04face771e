package kafkaops

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go/protocol/metadata"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// randomMetadata is a Metadata answer of version v with n topics of
// random names, partition counts, replicas, errors and internal flags.
func randomMetadata(rng *rand.Rand, v int16, n int) *kmsg.MetadataResponse {
	resp := kmsg.NewPtrMetadataResponse()
	resp.SetVersion(v)
	cluster := "c-1"
	resp.ClusterID = &cluster
	resp.ControllerID = 2
	for id := range int32(3) {
		rack := fmt.Sprintf("rack-%d", id)
		b := kmsg.MetadataResponseBroker{NodeID: id, Host: fmt.Sprintf("127.0.0.%d", id+1), Port: 9092 + id}
		if id != 1 {
			b.Rack = &rack
		}
		resp.Brokers = append(resp.Brokers, b)
	}
	for i := range n {
		name := fmt.Sprintf("t-%d-%x", i, rng.Uint32())
		t := kmsg.NewMetadataResponseTopic()
		t.Topic = &name
		t.IsInternal = rng.IntN(7) == 0
		if rng.IntN(9) == 0 {
			t.ErrorCode = 3
		}
		t.AuthorizedOperations = rng.Int32()
		for p := range int32(rng.IntN(5)) {
			sp := kmsg.NewMetadataResponseTopicPartition()
			sp.Partition = (p * 7) % 5 // out of order on the wire
			sp.Leader = rng.Int32N(3)
			sp.LeaderEpoch = rng.Int32N(100)
			for range rng.IntN(4) {
				sp.Replicas = append(sp.Replicas, rng.Int32N(3))
			}
			sp.ISR = sp.Replicas[:len(sp.Replicas)/2]
			if rng.IntN(3) == 0 {
				sp.OfflineReplicas = []int32{rng.Int32N(3)}
			}
			t.Partitions = append(t.Partitions, sp)
		}
		resp.Topics = append(resp.Topics, t)
	}
	return resp
}

// The lean reader must say what kmsg's full decode (then topicOf) says,
// at every version kafka-go can negotiate, few topics and many.
func TestTopicListingMatchesKmsg(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for v := int16(0); v <= maxListingVersion; v++ {
		for _, n := range []int{0, 1, 40, maxLearnedLayouts + 1} {
			resp := randomMetadata(rng, v, n)
			body := resp.AppendTo(nil)
			checked, err := checkLayout(3, v, body)
			if err != nil {
				t.Fatalf("v%d n=%d: kmsg refused its own encoding: %v", v, n, err)
			}
			md := metadataOf(checked.(*kmsg.MetadataResponse))
			known := map[string]bool{}
			if n > 0 {
				known[*resp.Topics[n/2].Topic] = true
			}
			l, err := readTopicListing(body, v, known)
			if err != nil {
				t.Fatalf("v%d n=%d: %v", v, n, err)
			}
			if len(l.brokers) != len(md.Brokers) {
				t.Fatalf("v%d: %d brokers, want %d", v, len(l.brokers), len(md.Brokers))
			}
			for i, b := range md.Brokers {
				if l.brokers[i] != b {
					t.Errorf("v%d broker %d: %+v, want %+v", v, i, l.brokers[i], b)
				}
			}
			if len(l.topics) != len(md.Topics) {
				t.Fatalf("v%d: %d topics, want %d", v, len(l.topics), len(md.Topics))
			}
			var failed []string
			want := make([]Topic, len(md.Topics))
			for i, mt := range md.Topics {
				want[i] = topicOf(mt)
				if mt.ErrorCode != 0 {
					want[i] = Topic{Name: mt.Name, Partitions: len(mt.Partitions), Internal: mt.IsInternal}
					failed = append(failed, mt.Name)
				}
				if v == 0 {
					want[i].Internal = false // v0 has no flag; kmsg leaves it false
				}
				parts, kept := l.layouts[mt.Name]
				wantKept := mt.ErrorCode == 0 && (n <= maxLearnedLayouts || known[mt.Name])
				if kept != wantKept {
					t.Errorf("v%d topic %s: layout kept %v, want %v", v, mt.Name, kept, wantKept)
					continue
				}
				if kept {
					if got, want := parts, layoutOf(mt).partitions; !slices.EqualFunc(got, want, samePartition) {
						t.Errorf("v%d topic %s: layout %+v, want %+v", v, mt.Name, got, want)
					}
				}
			}
			// The listing comes sorted by name, as ListTopicNames promises.
			slices.SortFunc(want, func(a, b Topic) int { return strings.Compare(a.Name, b.Name) })
			for i := range want {
				if l.topics[i] != want[i] {
					t.Errorf("v%d topic %d: %+v, want %+v", v, i, l.topics[i], want[i])
				}
			}
			if !slices.Equal(l.failed, failed) {
				t.Errorf("v%d: failed %v, want %v", v, l.failed, failed)
			}
		}
	}
}

func samePartition(a, b partitionLayout) bool {
	return a.id == b.id && a.leader == b.leader && slices.Equal(a.replicas, b.replicas) && slices.Equal(a.isr, b.isr)
}

// Every cut of a real answer and every damaged count is refused, never a
// panic, and a count of 2^31 topics allocates nothing near its claim.
func TestTopicListingRefusesDamage(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	body := randomMetadata(rng, 8, 30).AppendTo(nil)
	for cut := 0; cut < len(body); cut++ {
		if _, err := readTopicListing(body[:cut], 8, nil); err == nil {
			t.Fatalf("an answer cut at %d of %d bytes was read", cut, len(body))
		}
	}
	for range 3000 {
		damaged := slices.Clone(body)
		for range 1 + rng.IntN(4) {
			damaged[rng.IntN(len(damaged))] = byte(rng.Uint32())
		}
		_, _ = readTopicListing(damaged, 8, nil) // must not panic
	}
	// throttle, no brokers, null cluster id, controller, 2^31-1 topics.
	huge := binary.BigEndian.AppendUint32(nil, 0)
	huge = binary.BigEndian.AppendUint32(huge, 0)
	huge = binary.BigEndian.AppendUint16(huge, 0xffff)
	huge = binary.BigEndian.AppendUint32(huge, 0)
	huge = binary.BigEndian.AppendUint32(huge, 1<<31-1)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := readTopicListing(huge, 8, nil); err == nil {
		t.Fatal("a count of 2^31-1 topics in 18 bytes was read")
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing a damaged count allocated %d bytes", grew)
	}
}

// A listing of every topic keeps the layouts already cached up to date
// and forgets those of failed topics, adding no other at scale.
func TestLearnListing(t *testing.T) {
	c := &Client{brokers: map[int32]string{}, layouts: map[string]topicLayout{
		"kept":   {name: "kept", partitions: []partitionLayout{{id: 0, leader: 9}}},
		"failed": {name: "failed"},
	}}
	l := &topicListing{
		brokers: []metadata.ResponseBroker{{NodeID: 4, Host: "127.0.0.1", Port: 9999}},
		topics:  []Topic{{Name: "kept", Partitions: 1}, {Name: "failed"}, {Name: "other", Partitions: 1}},
		failed:  []string{"failed"},
		layouts: map[string][]partitionLayout{"kept": {{id: 0, leader: 4}}},
	}
	c.learnListing(l)
	if c.brokers[4] != "127.0.0.1:9999" {
		t.Errorf("broker 4 at %q", c.brokers[4])
	}
	if got := c.layouts["kept"].partitions[0].leader; got != 4 {
		t.Errorf("kept's leader is %d, want 4 (refreshed)", got)
	}
	if _, ok := c.layouts["failed"]; ok {
		t.Error("a failed topic's layout was kept")
	}
	if _, ok := c.layouts["other"]; ok {
		t.Error("a topic not cached was added")
	}
}

// BenchmarkTopicListing100k reads the every-topic answer of 100,000
// topics as ListTopicNames does, against the guard's kmsg check followed
// by the conversion and the sort it replaced, on an answer in random
// order.
func BenchmarkTopicListing100k(b *testing.B) {
	frame := shuffledMetadataFrame(100_000)
	b.Run("lean", func(b *testing.B) {
		for b.Loop() {
			if _, err := readTopicListing(frame[8:], 8, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check-convert-topicOf", func(b *testing.B) {
		for b.Loop() {
			resp, err := checkLayout(3, 8, frame[8:])
			if err != nil {
				b.Fatal(err)
			}
			md := metadataOf(resp.(*kmsg.MetadataResponse))
			topics := make([]Topic, len(md.Topics))
			for i, t := range md.Topics {
				topics[i] = topicOf(t)
			}
			slices.SortFunc(topics, func(a, b Topic) int { return strings.Compare(a.Name, b.Name) })
		}
	})
}

// shuffledMetadataFrame is metadataFrame with its topics in random order,
// as a broker answers from its map of topics.
func shuffledMetadataFrame(n int) []byte {
	resp := metadataAnswer(n)
	rand.New(rand.NewPCG(5, 6)).Shuffle(n, func(i, j int) { resp.Topics[i], resp.Topics[j] = resp.Topics[j], resp.Topics[i] })
	return frameOf(resp)
}
