package broker

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// badTopicNames are names Apache Kafka refuses, each of which kfake
// alone accepted; the 250-byte one made the data dir unloadable.
var badTopicNames = map[string]string{
	"250 bytes":  strings.Repeat("a", 250),
	"empty":      "",
	"dot":        ".",
	"dot dot":    "..",
	"space":      "a b",
	"slash":      "a/b",
	"escape":     "x\x1b]0;pwned\x07y",
	"nul":        "a\x00b",
	"newline":    "a\nb",
	"non-ascii":  "café",
	"bidi":       "a\u202eb",
	"backslash":  `a\b`,
	"percent":    "a%2Fb",
	"colon":      "a:b",
	"long utf-8": strings.Repeat("é", 125),
}

// createTopicsRaw sends one CreateTopics request and returns the error
// code of each topic by name.
func createTopicsRaw(t *testing.T, cl *kgo.Client, topics ...kmsg.CreateTopicsRequestTopic) map[string]int16 {
	t.Helper()
	req := kmsg.NewPtrCreateTopicsRequest()
	req.TimeoutMillis = 5000
	req.Topics = topics
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("create topics: %v", err)
	}
	codes := map[string]int16{}
	for _, rt := range resp.Topics {
		codes[rt.Topic] = rt.ErrorCode
	}
	if len(codes) != len(topics) {
		t.Fatalf("create topics: %d answers for %d topics", len(codes), len(topics))
	}
	return codes
}

func newTopic(name string, partitions int32, configs ...string) kmsg.CreateTopicsRequestTopic {
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic = name
	rt.NumPartitions = partitions
	rt.ReplicationFactor = 1
	for i := 0; i+1 < len(configs); i += 2 {
		c := kmsg.NewCreateTopicsRequestTopicConfig()
		c.Name = configs[i]
		c.Value = kmsg.StringPtr(configs[i+1])
		rt.Configs = append(rt.Configs, c)
	}
	return rt
}

// allTopics lists every topic the broker has, without auto-creating any.
func allTopics(t *testing.T, cl *kgo.Client) map[string]int {
	t.Helper()
	req := kmsg.NewPtrMetadataRequest()
	req.Topics = nil
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("metadata: %v", err)
	}
	out := map[string]int{}
	for _, mt := range resp.Topics {
		if mt.Topic != nil {
			out[*mt.Topic] = len(mt.Partitions)
		}
	}
	return out
}

func wantCode(t *testing.T, what string, got, want int16) {
	t.Helper()
	if got != want {
		t.Errorf("%s: error code %d (%v), want %d (%v)", what, got, kerr.ErrorForCode(got), want, kerr.ErrorForCode(want))
	}
}

func TestCreateTopicsRefusesNamesKafkaRefuses(t *testing.T) {
	dir := t.TempDir()
	b := startTestBroker(t, Options{DataDir: dir})
	cl := newClient(t, b.Addr())
	for what, name := range badTopicNames {
		codes := createTopicsRaw(t, cl, newTopic(name, 1))
		wantCode(t, what, codes[name], kerr.InvalidTopicException.Code)
	}
	// A good name in the same request as a bad one is not created either:
	// the request is refused whole.
	codes := createTopicsRaw(t, cl, newTopic("good", 1), newTopic("a b", 1))
	wantCode(t, "good with bad", codes["good"], kerr.InvalidRequest.Code)
	wantCode(t, "bad with good", codes["a b"], kerr.InvalidTopicException.Code)

	longest := strings.Repeat("a", 249)
	codes = createTopicsRaw(t, cl, newTopic(longest, 1), newTopic("ok.name_-1", 1))
	wantCode(t, "249 bytes", codes[longest], 0)
	wantCode(t, "ok.name_-1", codes["ok.name_-1"], 0)

	got := allTopics(t, cl)
	if len(got) != 2 {
		t.Errorf("topics after the refused creates: %v, want only the 249-byte one and ok.name_-1", sortedKeys(got))
	}
	// The data dir must still load: the 250-byte name used to brick it.
	b.Close()
	b2 := startTestBroker(t, Options{DataDir: dir})
	if n := len(allTopics(t, newClient(t, b2.Addr()))); n != 2 {
		t.Errorf("after restart: %d topics, want 2", n)
	}
}

func TestPartitionCountIsCapped(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, MaxPartitions: 5})
	cl := newClient(t, b.Addr())
	wantCode(t, "6 partitions", createTopicsRaw(t, cl, newTopic("six", 6))["six"], kerr.InvalidPartitions.Code)
	wantCode(t, "0 partitions", createTopicsRaw(t, cl, newTopic("zero", 0))["zero"], kerr.InvalidPartitions.Code)
	wantCode(t, "-2 partitions", createTopicsRaw(t, cl, newTopic("neg", -2))["neg"], kerr.InvalidPartitions.Code)
	wantCode(t, "5 partitions", createTopicsRaw(t, cl, newTopic("five", 5))["five"], 0)
	wantCode(t, "default partitions", createTopicsRaw(t, cl, newTopic("dflt", -1))["dflt"], 0)

	req := kmsg.NewPtrCreatePartitionsRequest()
	req.TimeoutMillis = 5000
	rt := kmsg.NewCreatePartitionsRequestTopic()
	rt.Topic = "five"
	rt.Count = 1_000_000
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "grow to 1,000,000", resp.Topics[0].ErrorCode, kerr.InvalidPartitions.Code)
	if got := allTopics(t, cl); got["five"] != 5 || len(got) != 2 {
		t.Errorf("topics: %v, want five (5 partitions) and dflt", got)
	}
}

func TestDefaultPartitionCapRefusesAMillion(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	cl := newClient(t, b.Addr())
	wantCode(t, "1,000,000 partitions", createTopicsRaw(t, cl, newTopic("huge", 1_000_000))["huge"], kerr.InvalidPartitions.Code)
	wantCode(t, "10,000 partitions", createTopicsRaw(t, cl, newTopic("big", DefaultMaxPartitions))["big"], 0)
}

func TestTopicConfigsAreChecked(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	cl := newClient(t, b.Addr())
	bad := [][2]string{
		{"foo.bar", "1"},
		{"retention.ms", "abc"},
		{"retention.ms", "-5"},
		{"cleanup.policy", "compact,nope"},
		{"compression.type", "brotli"},
		{"min.cleanable.dirty.ratio", "1.5"},
		{"preallocate", "yes"},
		{"segment.bytes", "100"},
		{"max.message.bytes", "99999999999"},
		{"message.format.version", "9.9.9"},
		{"kfake.is_internal", "true"},
	}
	for _, kv := range bad {
		name := "t-" + strings.NewReplacer(".", "-", ",", "-").Replace(kv[0]+"-"+kv[1])
		codes := createTopicsRaw(t, cl, newTopic(name, 1, kv[0], kv[1]))
		wantCode(t, kv[0]+"="+kv[1], codes[name], kerr.InvalidConfig.Code)
	}
	codes := createTopicsRaw(t, cl, newTopic("good", 1,
		"cleanup.policy", "compact,delete", "retention.ms", "-1", "min.cleanable.dirty.ratio", "0.1",
		"compression.type", "zstd", "preallocate", "TRUE", "segment.bytes", "1048576",
		"message.format.version", "2.8-IV1", "message.downconversion.enable", "false"))
	wantCode(t, "good configs", codes["good"], 0)
	if n := len(allTopics(t, cl)); n != 1 {
		t.Errorf("%d topics, want only good", n)
	}

	// AlterConfigs and IncrementalAlterConfigs: the unknown key is refused
	// and never stored.
	alter := kmsg.NewPtrAlterConfigsRequest()
	ar := kmsg.NewAlterConfigsRequestResource()
	ar.ResourceType = kmsg.ConfigResourceTypeTopic
	ar.ResourceName = "good"
	ac := kmsg.NewAlterConfigsRequestResourceConfig()
	ac.Name, ac.Value = "foo.bar", kmsg.StringPtr("1")
	ar.Configs = append(ar.Configs, ac)
	alter.Resources = append(alter.Resources, ar)
	aresp, err := alter.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "AlterConfigs foo.bar", aresp.Resources[0].ErrorCode, kerr.InvalidConfig.Code)

	inc := kmsg.NewPtrIncrementalAlterConfigsRequest()
	ir := kmsg.NewIncrementalAlterConfigsRequestResource()
	ir.ResourceType = kmsg.ConfigResourceTypeTopic
	ir.ResourceName = "good"
	for _, kv := range [][2]string{{"foo.bar", "1"}, {"retention.ms", "soon"}} {
		ic := kmsg.NewIncrementalAlterConfigsRequestResourceConfig()
		ic.Name, ic.Value, ic.Op = kv[0], kmsg.StringPtr(kv[1]), kmsg.IncrementalAlterConfigOpSet
		ir2 := ir
		ir2.Configs = append([]kmsg.IncrementalAlterConfigsRequestResourceConfig(nil), ic)
		inc.Resources = []kmsg.IncrementalAlterConfigsRequestResource{ir2}
		iresp, err := inc.RequestWith(testContext(t, 10*time.Second), cl)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, "IncrementalAlterConfigs "+kv[0], iresp.Resources[0].ErrorCode, kerr.InvalidConfig.Code)
	}
	cfg := describeConfigs(t, cl, kmsg.ConfigResourceTypeTopic, "good")
	if _, ok := cfg["foo.bar"]; ok {
		t.Errorf("foo.bar was stored: %v", cfg)
	}
	if cfg["retention.ms"] != "-1" {
		t.Errorf("retention.ms = %q, want the -1 it was created with", cfg["retention.ms"])
	}
}

// TestMetadataAutoCreatesForEveryVersion checks that Metadata v0-3, which
// kafka-python sends, auto-creates a topic as v4+ does, and that no
// version auto-creates a topic with an invalid name.
func TestMetadataAutoCreatesForEveryVersion(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, Partitions: 2})
	for _, v := range []int16{0, 1, 2, 3, 4, 9, 12} {
		cl := newClient(t, b.Addr(), kgo.MaxVersions(kversionsMetadata(v)))
		name := "auto-v" + string(rune('a'+v))
		req := kmsg.NewPtrMetadataRequest()
		req.Version = v
		req.AllowAutoTopicCreation = true // v4+ only; v0-3 have no flag
		rt := kmsg.NewMetadataRequestTopic()
		rt.Topic = kmsg.StringPtr(name)
		req.Topics = append(req.Topics, rt)
		resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
		if err != nil {
			t.Fatalf("metadata v%d: %v", v, err)
		}
		if len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != 0 || len(resp.Topics[0].Partitions) != 2 {
			t.Errorf("metadata v%d for a new topic: %+v, want it created with 2 partitions", v, resp.Topics)
		}

		bad := "bad name v" + string(rune('a'+v))
		req.Topics[0].Topic = kmsg.StringPtr(bad)
		resp, err = req.RequestWith(testContext(t, 10*time.Second), cl)
		if err != nil {
			t.Fatalf("metadata v%d: %v", v, err)
		}
		if len(resp.Topics) != 1 {
			t.Fatalf("metadata v%d for an invalid name: %d topics", v, len(resp.Topics))
		}
		wantCode(t, "metadata invalid name", resp.Topics[0].ErrorCode, kerr.InvalidTopicException.Code)
	}
	for name := range allTopics(t, newClient(t, b.Addr())) {
		if strings.Contains(name, " ") {
			t.Errorf("topic %q was auto-created", name)
		}
	}
}

// kversionsMetadata pins Metadata requests to version v.
func kversionsMetadata(v int16) *kversion.Versions {
	vs := kversion.Stable()
	vs.SetMaxKeyVersion(int16(kmsg.Metadata), v)
	return vs
}

// TestProduceToAnInvalidNewTopic produces with auto-creation on, as
// producers do: the record fails with INVALID_TOPIC_EXCEPTION and no
// topic is created.
func TestProduceToAnInvalidNewTopic(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	cl := newClient(t, b.Addr(), kgo.AllowAutoTopicCreation(), kgo.RecordRetries(2))
	for _, name := range []string{"a b", strings.Repeat("z", 250), "x\x1b[2Jy"} {
		err := cl.ProduceSync(testContext(t, 10*time.Second), &kgo.Record{Topic: name, Value: []byte("v")}).FirstErr()
		if !errors.Is(err, kerr.InvalidTopicException) {
			t.Errorf("produce to %q: %v, want INVALID_TOPIC_EXCEPTION", name, err)
		}
	}
	if got := allTopics(t, cl); len(got) != 0 {
		t.Errorf("topics created: %v", sortedKeys(got))
	}
}

// TestLegacyInvalidTopicStaysUsable loads a data dir where an older
// kscope stored a topic whose name Kafka forbids: it is still listed,
// described and can be deleted, so the user can get rid of it.
func TestLegacyInvalidTopicStaysUsable(t *testing.T) {
	dir := t.TempDir()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTopic("old name", 1, nil); err != nil {
		t.Fatal(err)
	}
	c.Close()
	b := startTestBroker(t, Options{DataDir: dir})
	cl := newClient(t, b.Addr())
	if n := topicPartitions(t, cl, "old name"); n != 1 {
		t.Fatalf("the legacy topic answers %d partitions, want 1", n)
	}
	if code := deleteTopicsCode(t, cl, "old name"); code != 0 {
		t.Fatalf("delete the legacy topic: %v", kerr.ErrorForCode(code))
	}
	if got := allTopics(t, cl); len(got) != 0 {
		t.Errorf("topics after the delete: %v", sortedKeys(got))
	}
}

func deleteTopicsCode(t *testing.T, cl *kgo.Client, topic string) int16 {
	t.Helper()
	req := kmsg.NewPtrDeleteTopicsRequest()
	req.TimeoutMillis = 5000
	rt := kmsg.NewDeleteTopicsRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	req.TopicNames = append(req.TopicNames, topic)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("delete topic: %v", err)
	}
	return resp.Topics[0].ErrorCode
}

// TestSegmentBytesMinimumFollowsTheRelease: Kafka 4.0 raised segment.bytes'
// minimum from 14 bytes to 1 MiB (KIP-1030); as 3.9 the broker takes 2048.
func TestSegmentBytesMinimumFollowsTheRelease(t *testing.T) {
	for _, tc := range []struct {
		release string
		want    int16
	}{{"", kerr.InvalidConfig.Code}, {"4.0", kerr.InvalidConfig.Code}, {"3.9", 0}, {"2.8", 0}} {
		b := startTestBroker(t, Options{InMemory: true, KafkaVersion: tc.release})
		codes := createTopicsRaw(t, newClient(t, b.Addr()), newTopic("small", 1, "segment.bytes", "2048"))
		wantCode(t, "segment.bytes=2048 as "+tc.release, codes["small"], tc.want)
	}
}
