package broker

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxTopicNameLen is Kafka's limit on the length of a topic name: longer
// names make partition folder names ("<topic>-<partition>") too long for
// common file systems, and kfake's data dir then cannot be loaded.
const maxTopicNameLen = 249

// DefaultMaxPartitions is the default cap on the partition count of one
// topic. Apache Kafka has no hard per-topic cap, but its guidance is a few
// thousand partitions per broker, and every partition here costs memory in
// the broker and in every client that lists it (1,000,000 partitions took
// the broker to 1.9 GB). 10,000 is far above any real use of a single-node
// broker and far below where it suffers.
const DefaultMaxPartitions = 10000

// topicNameError says what is wrong with a topic name, in Kafka's rules:
// 1 to 249 characters of [a-zA-Z0-9._-], and not "." or "..". It returns
// "" for a valid name. The message never repeats the name, which may hold
// escape sequences.
func topicNameError(name string) string {
	switch {
	case name == "":
		return "topic name is empty"
	case name == "." || name == "..":
		return "topic name cannot be '.' or '..'"
	case len(name) > maxTopicNameLen:
		return fmt.Sprintf("topic name is %d characters long, the limit is %d", len(name), maxTopicNameLen)
	}
	for i := 0; i < len(name); i++ {
		if !legalTopicByte(name[i]) {
			r, _ := utf8.DecodeRuneInString(name[i:])
			return fmt.Sprintf("topic name contains %s at byte %d; use only letters a-z A-Z, digits, '.', '_' and '-'",
				strconv.QuoteRuneToASCII(r), i+1)
		}
	}
	return ""
}

func legalTopicByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '-'
}

// configKind is the type of a topic config value, as Kafka's ConfigDef
// declares it.
type configKind int

const (
	kindInt configKind = iota
	kindLong
	kindDouble
	kindBool
	kindString // one of choices
	kindList   // comma-separated, each one of choices when choices is set
	kindThrottledReplicas
	kindFormatVersion // an Apache Kafka version such as 2.8 or 3.0-IV1
)

// configDef describes one topic-level config: its type and, for numbers,
// the inclusive range Kafka accepts.
type configDef struct {
	kind     configKind
	min, max float64
	choices  []string
}

const (
	maxInt32 = float64(1<<31 - 1)
	maxInt64 = float64(1<<63 - 1)
)

func intAtLeast(lo float64) configDef  { return configDef{kind: kindInt, min: lo, max: maxInt32} }
func longAtLeast(lo float64) configDef { return configDef{kind: kindLong, min: lo, max: maxInt64} }

// topicConfigDefs holds every topic-level config of Apache Kafka 4.0 with
// the validator its TopicConfig/LogConfig declares, plus the three keys
// 4.0 removed but 3.x clients (and kscope's create form) still send:
// message.format.version, message.downconversion.enable and
// message.timestamp.difference.max.ms. They are accepted as 3.9 does.
var topicConfigDefs = map[string]configDef{
	"message.downconversion.enable":           {kind: kindBool},
	"message.format.version":                  {kind: kindFormatVersion},
	"message.timestamp.difference.max.ms":     longAtLeast(0),
	"cleanup.policy":                          {kind: kindList, choices: []string{"delete", "compact"}},
	"compression.type":                        {kind: kindString, choices: []string{"uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"}},
	"compression.gzip.level":                  {kind: kindInt, min: -1, max: 9},
	"compression.lz4.level":                   {kind: kindInt, min: 1, max: 17},
	"compression.zstd.level":                  {kind: kindInt, min: -131072, max: 22},
	"delete.retention.ms":                     longAtLeast(0),
	"file.delete.delay.ms":                    longAtLeast(0),
	"flush.messages":                          longAtLeast(1),
	"flush.ms":                                longAtLeast(0),
	"follower.replication.throttled.replicas": {kind: kindThrottledReplicas},
	"index.interval.bytes":                    intAtLeast(0),
	"leader.replication.throttled.replicas":   {kind: kindThrottledReplicas},
	"local.retention.bytes":                   longAtLeast(-2),
	"local.retention.ms":                      longAtLeast(-2),
	"max.compaction.lag.ms":                   longAtLeast(1),
	"max.message.bytes":                       intAtLeast(0),
	"message.timestamp.after.max.ms":          longAtLeast(0),
	"message.timestamp.before.max.ms":         longAtLeast(0),
	"message.timestamp.type":                  {kind: kindString, choices: []string{"CreateTime", "LogAppendTime"}},
	"min.cleanable.dirty.ratio":               {kind: kindDouble, min: 0, max: 1},
	"min.compaction.lag.ms":                   longAtLeast(0),
	"min.insync.replicas":                     intAtLeast(1),
	"preallocate":                             {kind: kindBool},
	"remote.log.copy.disable":                 {kind: kindBool},
	"remote.log.delete.on.disable":            {kind: kindBool},
	"remote.storage.enable":                   {kind: kindBool},
	"retention.bytes":                         longAtLeast(-maxInt64),
	"retention.ms":                            longAtLeast(-1),
	"segment.bytes":                           intAtLeast(1024 * 1024),
	"segment.index.bytes":                     intAtLeast(4),
	"segment.jitter.ms":                       longAtLeast(0),
	"segment.ms":                              longAtLeast(1),
	"unclean.leader.election.enable":          {kind: kindBool},
}

// topicConfigError says what is wrong with setting topic config key to
// value, or returns "" when Kafka would accept it. Messages name the key
// only when it is a known one, so they never echo arbitrary client bytes.
//
// pre40 applies the rules of the releases before 4.0 where they differ:
// segment.bytes from 14 bytes (Kafka 4.0 raised it to 1 MiB, KIP-1030).
func topicConfigError(key string, value *string, pre40 bool) string {
	def, ok := topicConfigDefs[key]
	if pre40 && key == "segment.bytes" {
		def = intAtLeast(14)
	}
	if !ok {
		return "unknown topic config " + quoteShort(key) + "; see Kafka's topic-level configs"
	}
	if value == nil {
		return key + " needs a value"
	}
	if msg := def.check(strings.TrimSpace(*value)); msg != "" {
		return key + ": " + msg
	}
	return ""
}

// check says what is wrong with v for this config, or "" when it is valid.
func (d configDef) check(v string) string {
	switch d.kind {
	case kindInt, kindLong:
		return d.checkInteger(v)
	case kindDouble:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return "want a number"
		}
		if f < d.min || f > d.max {
			return fmt.Sprintf("want a number from %g to %g", d.min, d.max)
		}
	case kindBool:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return "want true or false"
		}
	case kindString:
		if !oneOf(v, d.choices) {
			return "want one of " + strings.Join(d.choices, ", ")
		}
	case kindList:
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" && !oneOf(item, d.choices) {
				return "want a comma-separated list of " + strings.Join(d.choices, ", ")
			}
		}
	case kindThrottledReplicas:
		return checkThrottledReplicas(v)
	case kindFormatVersion:
		if !formatVersionRE.MatchString(v) {
			return "want a Kafka version such as 2.8 or 3.0-IV1"
		}
	}
	return ""
}

func (d configDef) checkInteger(v string) string {
	bits := 64
	if d.kind == kindInt {
		bits = 32
	}
	n, err := strconv.ParseInt(v, 10, bits)
	if err != nil || float64(n) < d.min || float64(n) > d.max {
		switch {
		case d.max == maxInt32 || d.max == maxInt64:
			return fmt.Sprintf("want a whole number of at least %.0f", d.min)
		default:
			return fmt.Sprintf("want a whole number from %.0f to %.0f", d.min, d.max)
		}
	}
	return ""
}

// checkThrottledReplicas accepts "*", "" or partition:broker pairs, as
// Kafka's ThrottledReplicaListValidator does.
func checkThrottledReplicas(v string) string {
	if v == "" || v == "*" {
		return ""
	}
	for item := range strings.SplitSeq(v, ",") {
		p, b, ok := strings.Cut(strings.TrimSpace(item), ":")
		if !ok || !isDigits(p) || !isDigits(b) {
			return "want * or a comma-separated list of partition:broker"
		}
	}
	return ""
}

// formatVersionRE matches the versions Kafka 3.x accepts for
// message.format.version (0.8.0 to 3.x, with an optional -IVn suffix).
var formatVersionRE = regexp.MustCompile(`^(0\.(8|9|10|11)(\.[0-9])?|[1-3]\.[0-9])(-IV[0-9])?$`)

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func oneOf(v string, choices []string) bool {
	for _, c := range choices {
		if v == c {
			return true
		}
	}
	return false
}

// quoteShort quotes s with every non-printable or non-ASCII character
// escaped, cut to 64 bytes so that a hostile key cannot fill a log.
func quoteShort(s string) string {
	if len(s) > 64 {
		return strconv.QuoteToASCII(s[:64]) + "…"
	}
	return strconv.QuoteToASCII(s)
}

// partitionsError says what is wrong with a requested partition count, or
// returns "" when it is within 1..limit.
func partitionsError(n int64, limit int) string {
	switch {
	case n < 1:
		return fmt.Sprintf("partition count must be at least 1, got %d", n)
	case n > int64(limit):
		return fmt.Sprintf("partition count %d is above this broker's limit of %d (kscope broker --max-partitions)", n, limit)
	}
	return ""
}
