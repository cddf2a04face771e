package interop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The client scenario every client runs against the bundled broker: create
// a topic of clientPartitions partitions, produce clientRecords records,
// consume them all in a consumer group, commit, and list the topics.
const (
	clientTopic      = "interop"
	clientPartitions = 2
	clientRecords    = 10
	clientGroup      = "interop-group"
)

// clientResult is what a client saw in the scenario.
type clientResult struct {
	Topics    []string         `json:"topics"`    // listed after the run
	Consumed  []string         `json:"consumed"`  // values read in the group
	Committed map[string]int64 `json:"committed"` // partition -> committed offset, read back
}

// checkClientResult fails t unless the client listed the topic, read every
// record in its group and committed the end of each partition.
func checkClientResult(t *testing.T, client string, r clientResult) {
	t.Helper()
	if !slices.Contains(r.Topics, clientTopic) {
		t.Errorf("%s listed topics %v, want %s among them", client, r.Topics, clientTopic)
	}
	var want []string
	for i := range clientRecords {
		want = append(want, fmt.Sprintf("record-%d", i))
	}
	got := slices.Clone(r.Consumed)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s consumed %q in its group, want %q", client, got, want)
	}
	var sum int64
	for _, off := range r.Committed {
		sum += off
	}
	if len(r.Committed) != clientPartitions || sum != clientRecords {
		t.Errorf("%s committed %v, want the end of both partitions (offsets summing to %d)", client, r.Committed, clientRecords)
	}
}

// TestClientKgo runs the scenario with franz-go's kgo.
func TestClientKgo(t *testing.T) {
	for _, release := range interopReleases {
		t.Run(releaseName(release), func(t *testing.T) {
			b := startBroker(t, t.TempDir(), releaseFlags(release)...)
			checkClientResult(t, "kgo", kgoScenario(t, b.Addr))
		})
	}
}

func kgoScenario(t *testing.T, addr string) clientResult {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	admin, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()

	create := kmsg.NewPtrCreateTopicsRequest()
	ct := kmsg.NewCreateTopicsRequestTopic()
	ct.Topic, ct.NumPartitions, ct.ReplicationFactor = clientTopic, clientPartitions, 1
	create.Topics = append(create.Topics, ct)
	create.TimeoutMillis = 10000
	cres, err := create.RequestWith(ctx, admin)
	if err != nil {
		t.Fatalf("kgo create topic: %v", err)
	}
	if err := kerr.ErrorForCode(cres.Topics[0].ErrorCode); err != nil {
		t.Fatalf("kgo create topic: %v", err)
	}

	var recs []*kgo.Record
	for i := range clientRecords {
		recs = append(recs, &kgo.Record{Topic: clientTopic, Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf("record-%d", i))})
	}
	if err := admin.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("kgo produce: %v", err)
	}

	var r clientResult
	consumer, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumerGroup(clientGroup), kgo.ConsumeTopics(clientTopic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit(), kgo.FetchMaxWait(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for len(r.Consumed) < clientRecords && ctx.Err() == nil {
		fs := consumer.PollFetches(ctx)
		for _, fe := range fs.Errors() {
			if !errors.Is(fe.Err, context.DeadlineExceeded) {
				t.Fatalf("kgo consume %s[%d]: %v", fe.Topic, fe.Partition, fe.Err)
			}
		}
		fs.EachRecord(func(rec *kgo.Record) { r.Consumed = append(r.Consumed, string(rec.Value)) })
	}
	if err := consumer.CommitUncommittedOffsets(ctx); err != nil {
		t.Fatalf("kgo commit: %v", err)
	}
	consumer.Close() // leaves the group

	fetch := kmsg.NewPtrOffsetFetchRequest()
	fetch.Group = clientGroup
	fres, err := fetch.RequestWith(ctx, admin)
	if err != nil {
		t.Fatalf("kgo offset fetch: %v", err)
	}
	r.Committed = map[string]int64{}
	for _, ft := range fres.Topics {
		for _, p := range ft.Partitions {
			if ft.Topic == clientTopic && p.ErrorCode == 0 && p.Offset >= 0 {
				r.Committed[fmt.Sprint(p.Partition)] = p.Offset
			}
		}
	}

	meta := kmsg.NewPtrMetadataRequest()
	mres, err := meta.RequestWith(ctx, admin)
	if err != nil {
		t.Fatalf("kgo metadata: %v", err)
	}
	for _, mt := range mres.Topics {
		if mt.Topic != nil {
			r.Topics = append(r.Topics, *mt.Topic)
		}
	}
	return r
}

// TestClientSarama runs the scenario with IBM/sarama at its default
// protocol version (Kafka 2.8 in v1.61), the way most programs use it.
func TestClientSarama(t *testing.T) {
	for _, release := range interopReleases {
		t.Run(releaseName(release), func(t *testing.T) {
			b := startBroker(t, t.TempDir(), releaseFlags(release)...)
			checkClientResult(t, "sarama", saramaScenario(t, b.Addr))
		})
	}
}

func saramaScenario(t *testing.T, addr string) clientResult {
	cfg := sarama.NewConfig()
	cfg.ClientID = "kscope-interop"
	cfg.Producer.Return.Successes = true
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Offsets.AutoCommit.Enable = false
	cfg.Metadata.Retry.Backoff = 100 * time.Millisecond

	admin, err := sarama.NewClusterAdmin([]string{addr}, cfg)
	if err != nil {
		t.Fatalf("sarama admin: %v", err)
	}
	defer admin.Close()
	if err := admin.CreateTopic(clientTopic, &sarama.TopicDetail{NumPartitions: clientPartitions, ReplicationFactor: 1}, false); err != nil {
		t.Fatalf("sarama create topic: %v", err)
	}

	producer, err := sarama.NewSyncProducer([]string{addr}, cfg)
	if err != nil {
		t.Fatalf("sarama producer: %v", err)
	}
	for i := range clientRecords {
		msg := &sarama.ProducerMessage{Topic: clientTopic, Key: sarama.StringEncoder(fmt.Sprint(i)), Value: sarama.StringEncoder(fmt.Sprintf("record-%d", i))}
		if _, _, err := producer.SendMessage(msg); err != nil {
			producer.Close()
			t.Fatalf("sarama produce: %v", err)
		}
	}
	producer.Close()

	r := clientResult{}
	group, err := sarama.NewConsumerGroup([]string{addr}, clientGroup, cfg)
	if err != nil {
		t.Fatalf("sarama consumer group: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	h := &saramaHandler{want: clientRecords, done: cancel}
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{clientTopic}, h); err != nil && ctx.Err() == nil {
			t.Fatalf("sarama consume: %v", err)
		}
	}
	if err := group.Close(); err != nil {
		t.Errorf("sarama close group: %v", err)
	}
	r.Consumed = h.values
	if len(h.values) < clientRecords {
		t.Fatalf("sarama read %d of %d records before the deadline", len(h.values), clientRecords)
	}

	offsets, err := admin.ListConsumerGroupOffsets(clientGroup, map[string][]int32{clientTopic: {0, 1}})
	if err != nil {
		t.Fatalf("sarama list group offsets: %v", err)
	}
	r.Committed = map[string]int64{}
	for p, b := range offsets.Blocks[clientTopic] {
		if b.Err == sarama.ErrNoError && b.Offset >= 0 {
			r.Committed[fmt.Sprint(p)] = b.Offset
		}
	}
	topics, err := admin.ListTopics()
	if err != nil {
		t.Fatalf("sarama list topics: %v", err)
	}
	for name := range topics {
		r.Topics = append(r.Topics, name)
	}
	return r
}

// saramaHandler reads until want records are in, commits and ends the
// session by calling done.
type saramaHandler struct {
	mu     sync.Mutex // claims run concurrently
	want   int
	done   context.CancelFunc
	values []string
}

func (*saramaHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (*saramaHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *saramaHandler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for {
		select {
		case <-s.Context().Done():
			return nil
		case m, ok := <-c.Messages():
			if !ok {
				return nil
			}
			h.record(s, m)
		}
	}
}

// record keeps a message and marks it; the last one commits and ends the
// session.
func (h *saramaHandler) record(s sarama.ConsumerGroupSession, m *sarama.ConsumerMessage) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.values = append(h.values, string(m.Value))
	s.MarkMessage(m, "")
	if len(h.values) == h.want {
		s.Commit()
		h.done()
	}
}

// requireKafkajs skips without node or without interop/node's modules
// (`npm ci` there installs them), or fails under CI=true.
func requireKafkajs(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	requireTool(t, "node", err == nil, "not on PATH; install Node.js 20")
	_, err = os.Stat(filepath.Join("node", "node_modules", "kafkajs", "package.json"))
	requireTool(t, "kafkajs", err == nil, "run `npm ci` in interop/node")
	return node
}

// TestClientKafkajs runs the scenario with kafkajs on Node.js.
func TestClientKafkajs(t *testing.T) {
	node := requireKafkajs(t)
	for _, release := range interopReleases {
		t.Run(releaseName(release), func(t *testing.T) {
			b := startBroker(t, t.TempDir(), releaseFlags(release)...)
			out := run(t, 90*time.Second, "", node, "node/scenario.js", b.Addr, clientTopic,
				fmt.Sprint(clientPartitions), fmt.Sprint(clientRecords), clientGroup)
			var r clientResult
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &r); err != nil {
				t.Fatalf("scenario.js printed %q: %v", out, err)
			}
			checkClientResult(t, "kafkajs", r)
		})
	}
}
