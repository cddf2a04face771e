package kafkaops_test

import (
	"errors"
	"slices"
	"testing"

	"kscope/kafkaops"
)

func TestTopicConfigKeysAreKnownAndUnique(t *testing.T) {
	keys := kafkaops.TopicConfigKeys()
	if len(keys) < 30 {
		t.Fatalf("only %d keys: %v", len(keys), keys)
	}
	// The common ones lead, in the order completion offers them.
	if !slices.Equal(keys[:3], []string{"cleanup.policy", "retention.ms", "retention.bytes"}) {
		t.Errorf("keys start %v", keys[:3])
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("%s listed twice", k)
		}
		seen[k] = true
		if _, ok := kafkaops.TopicConfigSpec(k); !ok {
			t.Errorf("%s is listed but has no spec", k)
		}
	}
	// The list is a copy: changing it changes nothing.
	keys[0] = "x"
	if kafkaops.TopicConfigKeys()[0] != "cleanup.policy" {
		t.Error("TopicConfigKeys returned shared state")
	}
}

func TestTopicConfigSpec(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want kafkaops.ConfigSpec
	}{
		{"retention.ms", kafkaops.ConfigSpec{Kind: kafkaops.ConfigLong, Min: -1, Unit: "ms"}},
		{"segment.bytes", kafkaops.ConfigSpec{Kind: kafkaops.ConfigLong, Min: 1 << 20, Max: 1<<31 - 1, Unit: "bytes"}},
		{"min.insync.replicas", kafkaops.ConfigSpec{Kind: kafkaops.ConfigLong, Min: 1}},
		{"min.cleanable.dirty.ratio", kafkaops.ConfigSpec{Kind: kafkaops.ConfigRatio}},
		{"message.format.version", kafkaops.ConfigSpec{Kind: kafkaops.ConfigString}},
	} {
		got, ok := kafkaops.TopicConfigSpec(tc.key)
		if !ok || got.Kind != tc.want.Kind || got.Min != tc.want.Min || got.Unit != tc.want.Unit {
			t.Errorf("%s: %+v %v, want %+v", tc.key, got, ok, tc.want)
		}
	}
	if s, _ := kafkaops.TopicConfigSpec("cleanup.policy"); !slices.Equal(s.Values, []string{"delete", "compact", "compact,delete"}) {
		t.Errorf("cleanup.policy values %v", s.Values)
	}
	if _, ok := kafkaops.TopicConfigSpec("retention.mss"); ok {
		t.Error("retention.mss is known")
	}
}

func TestTopicConfigCompletions(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"retention.", []string{"retention.ms=", "retention.bytes="}},
		{"RETENTION.M", []string{"retention.ms="}},
		{"compression.type=z", []string{"compression.type=zstd"}},
		{"compression.type=n", nil}, // Kafka 4.0 refuses "none"
		{"compression.type=u", []string{"compression.type=uncompressed"}},
		{"cleanup.policy=", []string{"cleanup.policy=delete", "cleanup.policy=compact", "cleanup.policy=compact,delete"}},
		{"cleanup.policy=compact", nil}, // already valid: tab moves on
		{"retention.ms=1", nil},         // no fixed set of values
		{"nosuch=", nil},
		{"zzz", nil},
	} {
		if got := kafkaops.TopicConfigCompletions(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestValidateTopicConfig(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		want       string // "" when valid
	}{
		{"retention.ms", "86400000", ""},
		{"retention.ms", "-1", ""},
		{"retention.ms", "-2", "retention.ms must be at least -1"},
		{"retention.ms", "1d", ""}, // the units the screens show
		{"retention.ms", "1x", "retention.ms must be a whole number (ms, or 1d, 2h30m, 10s)"},
		{"segment.bytes", "10", "segment.bytes must be at least 1048576 (1MiB)"}, // as Kafka 4.0
		{"segment.bytes", "1MiB", ""},
		{"segment.bytes", "4GiB", "segment.bytes must be at most 2147483647"},
		{"compression.type", "none", "compression.type must be one of producer, uncompressed, gzip, snappy, lz4, zstd"},
		{"compression.type", "uncompressed", ""},
		{"compression.gzip.level", "10", "compression.gzip.level must be at most 9"},
		{"min.insync.replicas", "x", "min.insync.replicas must be a whole number"},
		{"min.cleanable.dirty.ratio", "0.5", ""},
		{"min.cleanable.dirty.ratio", "1.5", "min.cleanable.dirty.ratio must be a number from 0 to 1"},
		{"cleanup.policy", "compact", ""},
		{"cleanup.policy", "delete,compact", ""},
		{"cleanup.policy", "zip", "cleanup.policy must be one of delete, compact, compact,delete"},
		{"preallocate", "yes", "preallocate must be one of true, false"},
		{"message.format.version", "anything", ""},
	} {
		err := kafkaops.ValidateTopicConfig(tc.key, tc.value)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s=%s: %v", tc.key, tc.value, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%s=%s: %v, want %q", tc.key, tc.value, err, tc.want)
		}
	}
	for _, tc := range []struct{ key, value, want string }{
		{"retention.ms", "1d", "86400000"},
		{"retention.ms", "2h30m", "9000000"},
		{"retention.ms", "500ms", "500"},
		{"retention.ms", "forever", "-1"},
		{"retention.ms", " 7d ", "604800000"},
		{"retention.bytes", "1.5GiB", "1610612736"},
		{"retention.bytes", "unlimited", "-1"},
		{"max.message.bytes", "512B", "512"},
		{"segment.bytes", "1073741824", "1073741824"},
	} {
		if got, err := kafkaops.NormalizeTopicConfig(tc.key, tc.value); err != nil || got != tc.want {
			t.Errorf("NormalizeTopicConfig(%s, %q) = %q, %v; want %q", tc.key, tc.value, got, err, tc.want)
		}
	}
	err := kafkaops.ValidateTopicConfig("retention.mss", "1")
	if !errors.Is(err, kafkaops.ErrUnknownTopicConfig) {
		t.Errorf("unknown key: %v, want ErrUnknownTopicConfig", err)
	}
}
