package kafkaops

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ConfigKind is the type of a topic config's value.
type ConfigKind int

const (
	// ConfigString is free text, which kscope does not check.
	ConfigString ConfigKind = iota
	// ConfigLong is a whole number, at least ConfigSpec.Min.
	ConfigLong
	// ConfigRatio is a fraction from 0 to 1.
	ConfigRatio
	// ConfigChoice is one of ConfigSpec.Values.
	ConfigChoice
)

// ConfigSpec is what kscope knows about a topic config: the type of its
// value and what Kafka accepts.
type ConfigSpec struct {
	Kind   ConfigKind
	Min    int64    // ConfigLong: the smallest value Kafka accepts
	Max    int64    // ConfigLong: the largest; 0 means math.MaxInt64
	Unit   string   // ConfigLong: "ms", "bytes" or "" (a count)
	Values []string // ConfigChoice: the values Kafka accepts
}

// ErrUnknownTopicConfig marks a config name kscope does not know. It is
// not necessarily wrong: a newer broker may know it.
var ErrUnknownTopicConfig = errors.New("unknown topic config")

// commonTopicConfigKeys are the configs people set most, offered first.
var commonTopicConfigKeys = []string{
	"cleanup.policy", "retention.ms", "retention.bytes", "segment.bytes",
	"min.insync.replicas", "compression.type", "max.message.bytes",
}

// TopicConfigSpec returns what kscope knows about the topic config name
// of Apache Kafka 3.x, and whether it is one.
func TopicConfigSpec(name string) (ConfigSpec, bool) {
	bools := []string{"true", "false"}
	switch name {
	case "cleanup.policy":
		return ConfigSpec{Kind: ConfigChoice, Values: []string{"delete", "compact", "compact,delete"}}, true
	case "compression.type":
		// Kafka 4.0 spells no compression "uncompressed" and refuses
		// "none" (the producer's word for it).
		return ConfigSpec{Kind: ConfigChoice, Values: []string{"producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"}}, true
	case "message.timestamp.type":
		return ConfigSpec{Kind: ConfigChoice, Values: []string{"CreateTime", "LogAppendTime"}}, true
	case "message.downconversion.enable", "preallocate", "remote.storage.enable", "unclean.leader.election.enable",
		"remote.log.copy.disable", "remote.log.delete.on.disable":
		return ConfigSpec{Kind: ConfigChoice, Values: bools}, true
	case "retention.ms":
		return ConfigSpec{Kind: ConfigLong, Min: -1, Unit: "ms"}, true
	case "retention.bytes":
		return ConfigSpec{Kind: ConfigLong, Min: -math.MaxInt64, Unit: "bytes"}, true
	case "local.retention.ms": // -2: as retention.ms
		return ConfigSpec{Kind: ConfigLong, Min: -2, Unit: "ms"}, true
	case "local.retention.bytes":
		return ConfigSpec{Kind: ConfigLong, Min: -2, Unit: "bytes"}, true
	case "delete.retention.ms", "file.delete.delay.ms", "flush.ms", "min.compaction.lag.ms",
		"message.timestamp.difference.max.ms", "message.timestamp.before.max.ms",
		"message.timestamp.after.max.ms", "segment.jitter.ms":
		return ConfigSpec{Kind: ConfigLong, Min: 0, Unit: "ms"}, true
	case "max.compaction.lag.ms", "segment.ms":
		return ConfigSpec{Kind: ConfigLong, Min: 1, Unit: "ms"}, true
	case "segment.bytes": // Kafka 4.0 refuses segments under 1 MiB
		return ConfigSpec{Kind: ConfigLong, Min: 1 << 20, Max: math.MaxInt32, Unit: "bytes"}, true
	case "segment.index.bytes":
		return ConfigSpec{Kind: ConfigLong, Min: 4, Max: math.MaxInt32, Unit: "bytes"}, true
	case "max.message.bytes", "index.interval.bytes":
		return ConfigSpec{Kind: ConfigLong, Min: 0, Max: math.MaxInt32, Unit: "bytes"}, true
	case "flush.messages":
		return ConfigSpec{Kind: ConfigLong, Min: 1}, true
	case "min.insync.replicas":
		return ConfigSpec{Kind: ConfigLong, Min: 1, Max: math.MaxInt32}, true
	case "compression.gzip.level":
		return ConfigSpec{Kind: ConfigLong, Min: -1, Max: 9}, true
	case "compression.lz4.level":
		return ConfigSpec{Kind: ConfigLong, Min: 1, Max: 17}, true
	case "compression.zstd.level":
		return ConfigSpec{Kind: ConfigLong, Min: -131072, Max: 22}, true
	case "min.cleanable.dirty.ratio":
		return ConfigSpec{Kind: ConfigRatio}, true
	case "follower.replication.throttled.replicas", "leader.replication.throttled.replicas", "message.format.version":
		return ConfigSpec{Kind: ConfigString}, true
	}
	return ConfigSpec{}, false
}

// TopicConfigKeys lists every topic config TopicConfigSpec knows: the
// common ones first, then the rest A→Z.
func TopicConfigKeys() []string {
	rest := []string{
		"compression.gzip.level", "compression.lz4.level", "compression.zstd.level",
		"delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
		"follower.replication.throttled.replicas", "index.interval.bytes",
		"leader.replication.throttled.replicas", "local.retention.bytes", "local.retention.ms",
		"max.compaction.lag.ms", "message.downconversion.enable", "message.format.version",
		"message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
		"message.timestamp.difference.max.ms", "message.timestamp.type",
		"min.cleanable.dirty.ratio", "min.compaction.lag.ms", "preallocate",
		"remote.log.copy.disable", "remote.log.delete.on.disable",
		"remote.storage.enable", "segment.index.bytes", "segment.jitter.ms", "segment.ms",
		"unclean.leader.election.enable",
	}
	return append(slices.Clone(commonTopicConfigKeys), rest...)
}

// TopicConfigCompletions returns what a "key=value" text can be completed
// to: the known keys starting with the text, each with its "=", or, after
// "key=", the key's allowed values starting with what follows. Blank
// text, a key without a fixed set of values and a value already allowed
// complete to nothing.
func TopicConfigCompletions(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	k, v, hasEq := strings.Cut(text, "=")
	var out []string
	if !hasEq {
		lk := strings.ToLower(strings.TrimSpace(k))
		for _, key := range TopicConfigKeys() {
			if strings.HasPrefix(key, lk) {
				out = append(out, key+"=")
			}
		}
		return out
	}
	spec, ok := TopicConfigSpec(strings.TrimSpace(k))
	if !ok || spec.Kind != ConfigChoice {
		return nil
	}
	if slices.Contains(spec.Values, v) {
		return nil
	}
	for _, val := range spec.Values {
		if strings.HasPrefix(val, v) {
			out = append(out, k+"="+val)
		}
	}
	return out
}

// ValidateTopicConfig checks value against what Kafka accepts for the
// topic config key, as NormalizeTopicConfig reads it (units allowed). A
// key it does not know gives ErrUnknownTopicConfig; any other error says
// in words what is wrong with the value.
func ValidateTopicConfig(key, value string) error {
	_, err := NormalizeTopicConfig(key, value)
	return err
}

// NormalizeTopicConfig checks value against what Kafka accepts for the
// topic config key and returns it as Kafka takes it: a duration in the
// units kscope shows ("1d", "2h30m", "forever") becomes milliseconds, a
// size ("1MiB", "1.5GiB", "unlimited") bytes. The rules are those of the
// bundled broker (broker/validate.go), which are Apache Kafka 4.0's.
func NormalizeTopicConfig(key, value string) (string, error) {
	spec, ok := TopicConfigSpec(key)
	if !ok {
		return value, fmt.Errorf("%w: %s", ErrUnknownTopicConfig, key)
	}
	if spec.Kind != ConfigLong {
		return value, validateTopicConfigValue(key, value, spec)
	}
	i, err := parseConfigLong(value, spec.Unit)
	if err != nil {
		return value, errors.New(key + " must be a whole number" + unitSuffix(spec.Unit))
	}
	hi := spec.Max
	if hi == 0 {
		hi = math.MaxInt64
	}
	switch {
	case i < spec.Min:
		return value, fmt.Errorf("%s must be at least %s", key, configAmount(spec.Min, spec.Unit))
	case i > hi:
		return value, fmt.Errorf("%s must be at most %s", key, configAmount(hi, spec.Unit))
	}
	return strconv.FormatInt(i, 10), nil
}

// validateTopicConfigValue checks a value that is not a number.
func validateTopicConfigValue(key, value string, spec ConfigSpec) error {
	switch spec.Kind {
	case ConfigRatio:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || f < 0 || f > 1 {
			return errors.New(key + " must be a number from 0 to 1")
		}
	case ConfigChoice:
		// Kafka takes the two policies in either order.
		if !slices.Contains(spec.Values, value) && !(key == "cleanup.policy" && value == "delete,compact") {
			return errors.New(key + " must be one of " + strings.Join(spec.Values, ", "))
		}
	}
	return nil
}

func unitSuffix(unit string) string {
	switch unit {
	case "":
		return ""
	case "ms":
		return " (ms, or 1d, 2h30m, 10s)"
	case "bytes":
		return " (bytes, or 512KiB, 1GiB)"
	}
	return " (" + unit + ")"
}
