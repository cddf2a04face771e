package kafkaops

import "time"

// ClusterInfo describes a cluster: its id, its controller and its brokers.
type ClusterInfo struct {
	ClusterID    string
	ControllerID int32
	Brokers      []Broker
	// KafkaVersion is the Apache Kafka release whose API versions the
	// cluster answered with, as franz-go's kversion guesses it: "2.8",
	// "4.0", "at least 4.4", or "" when they match no release.
	KafkaVersion string
}

// Broker is one broker of a cluster.
type Broker struct {
	ID   int32
	Host string
	Port int
	Rack string
}

// Addr returns the broker's host:port.
func (b Broker) Addr() string { return joinHostPort(b.Host, b.Port) }

// Topic is one topic as listed by ListTopics.
type Topic struct {
	Name              string
	Partitions        int
	ReplicationFactor int
	Internal          bool
	// Messages is the sum over partitions of high minus low watermark.
	Messages int64
}

// TopicDetail is one topic with its partitions, as returned by DescribeTopic.
type TopicDetail struct {
	Topic
	PartitionList []Partition
}

// Partition is one partition of a topic.
type Partition struct {
	ID       int
	Leader   int32
	Replicas []int32
	ISR      []int32
	// Low is the log start offset, High the high watermark.
	Low  int64
	High int64
}

// Messages returns High-Low, the number of records the partition holds.
func (p Partition) Messages() int64 { return p.High - p.Low }

// UnderReplicated reports whether fewer replicas are in sync than assigned.
func (p Partition) UnderReplicated() bool { return len(p.ISR) < len(p.Replicas) }

// ConfigSource says where a config value comes from.
type ConfigSource string

// The sources a config entry can have, as Kafka names them.
const (
	SourceUnknown         ConfigSource = "unknown"
	SourceTopic           ConfigSource = "topic"           // set on the topic
	SourceDynamicBroker   ConfigSource = "dynamic-broker"  // set on this broker at runtime
	SourceDynamicDefault  ConfigSource = "dynamic-default" // cluster-wide dynamic default
	SourceStaticBroker    ConfigSource = "static-broker"   // the broker's server.properties
	SourceDefault         ConfigSource = "default"         // Kafka's built-in default
	SourceDynamicBrokerLg ConfigSource = "dynamic-logger"  // a broker logger level
	SourceClientMetrics   ConfigSource = "client-metrics"  // client metrics subscription
	SourceGroup           ConfigSource = "group"           // set on a group
)

// ConfigEntry is one config of a topic or broker.
type ConfigEntry struct {
	Name  string
	Value string
	// Source is where the value comes from.
	Source    ConfigSource
	ReadOnly  bool
	Sensitive bool
	// Default reports whether the value is Kafka's or the broker's default
	// rather than an override on the resource itself.
	Default bool
}

// SensitiveMask is what a sensitive config value is shown as.
const SensitiveMask = "******"

// NewTopic is the request to create a topic.
type NewTopic struct {
	Name              string
	Partitions        int
	ReplicationFactor int
	Configs           map[string]string
}

// Header is one record header.
type Header struct {
	Key   string
	Value []byte
}

// ProduceRequest is one record to produce.
type ProduceRequest struct {
	Topic   string
	Key     []byte
	Value   []byte
	Headers []Header
	// Partition is the partition to write to, or -1 (AnyPartition) to let
	// the key decide (hash) or spread keyless records.
	Partition int
	// Timestamp is the record's create time; zero means now. An import
	// sets it to keep the exported records' times.
	Timestamp time.Time
}

// AnyPartition lets the producer choose the partition.
const AnyPartition = -1

// ProduceResult says where a produced record landed.
type ProduceResult struct {
	Partition int
	Offset    int64
}

// Record is one consumed record.
type Record struct {
	Topic     string
	Partition int
	Offset    int64
	Timestamp time.Time
	Key       []byte
	Value     []byte
	Headers   []Header
	// ValueSize is the value's length in the log when Value holds only
	// its start (the tail's ring keeps long values cut, see
	// Record.Truncated); zero when Value is whole.
	ValueSize int
	// Decoded is Value decoded with its schema as compact JSON (see
	// Decoder), nil when it was not; Schema then describes the schema.
	Decoded []byte
	Schema  string
	// DecodeErr says why a value that looked schema-encoded could not be
	// decoded; Value is shown raw.
	DecodeErr string
	// KeyDecoded, KeySchema and KeyDecodeErr are the same for the key.
	KeyDecoded   []byte
	KeySchema    string
	KeyDecodeErr string
	// DecodePending says the key's or value's schema was still being
	// fetched when the record was decoded: decode it again later.
	DecodePending bool
}

// Truncated reports whether Value holds only the start of the value.
func (r *Record) Truncated() bool { return r.ValueSize > len(r.Value) }

// StartKind says where a tail starts.
type StartKind int

// The start positions of a tail.
const (
	// StartEnd reads only records produced after the tail starts.
	StartEnd StartKind = iota
	// StartBeginning reads from the log start offset of every partition.
	StartBeginning
	// StartOffset reads from Offset in every partition (clamped to the log).
	StartOffset
	// StartTimestamp reads from the first record at or after Time.
	StartTimestamp
	// StartLastN reads the last N records of every partition (N in Offset).
	StartLastN
)

// TailRequest says what to tail and from where.
type TailRequest struct {
	Topic string
	// Partitions restricts the tail to these partitions; empty means all.
	Partitions []int
	Start      StartKind
	// Offset is the offset for StartOffset, or N for StartLastN.
	Offset int64
	// Time is the timestamp for StartTimestamp.
	Time time.Time
	// StopAtEnd ends the tail once every partition reached the high
	// watermark it had when the tail started: a CaughtUp batch, then the
	// channel closes. Records past those offsets are not delivered. For
	// exports and benchmarks: read what is there, then stop.
	StopAtEnd bool
	// NotifyCaughtUp asks for a CaughtUp batch, without StopAtEnd's stop.
	NotifyCaughtUp bool
	// MaxValueBytes, when positive, cuts every longer value to about
	// that many bytes (never inside a UTF-8 sequence) and sets the
	// record's ValueSize to its whole length: a viewer keeps the start
	// and fetches the whole record with FetchRecord when it needs it.
	MaxValueBytes int
}

// TailBatch is what a tail delivers on its channel: records, a status
// change, or an error that ended the tail (the channel is closed right
// after).
type TailBatch struct {
	Records []Record
	Err     error
	// CaughtUp is set on one batch, without records, once every partition
	// reached the high watermark it had when the tail started (only when
	// the request set StopAtEnd or NotifyCaughtUp). Every record below
	// those offsets was delivered before it.
	CaughtUp bool
	// Reconnecting is set on a batch without records when the connection
	// to a broker was lost; ConnErr says why. The tail keeps trying until
	// its context ends, and resumes at the next offset of every
	// partition: no record is skipped or repeated.
	Reconnecting bool
	ConnErr      error
	// Reconnected is set on a batch without records when every lost
	// connection is back after a Reconnecting batch.
	Reconnected bool
}

// GroupSummary is one consumer group as listed by ListGroups.
type GroupSummary struct {
	ID           string
	State        string
	ProtocolType string
	Coordinator  int32
}

// Group is a consumer group with members and lag, as returned by
// DescribeGroup.
type Group struct {
	ID           string
	State        string
	ProtocolType string
	Protocol     string // the assignor, e.g. range
	Coordinator  int32
	Members      []GroupMember
	Lag          []PartitionLag
}

// GroupMember is one member of a consumer group.
type GroupMember struct {
	MemberID   string
	ClientID   string
	ClientHost string
	// Assigned lists the partitions assigned to this member.
	Assigned []TopicPartition
	// Subscribed lists the topics the member asked for (consumer groups).
	Subscribed []string
}

// TopicPartition names one partition of one topic.
type TopicPartition struct {
	Topic     string
	Partition int
}

// PartitionLag is one partition's position for a group.
type PartitionLag struct {
	Topic     string
	Partition int
	// Committed is the committed offset, or -1 when HasCommitted is false.
	Committed    int64
	HasCommitted bool
	// LogEnd is the partition's high watermark.
	LogEnd int64
	// MemberID is the member the partition is assigned to, if any.
	MemberID string
}

// Lag returns LogEnd-Committed, or -1 when nothing is committed.
func (l PartitionLag) Lag() int64 {
	if !l.HasCommitted {
		return -1
	}
	return max(l.LogEnd-l.Committed, 0)
}
