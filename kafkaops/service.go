// Package kafkaops is kscope's service layer: the only code that talks to
// Kafka. Screens call the Service interface and see only this package's
// domain types; the kafka-go implementation stays behind it.
package kafkaops

import (
	"context"
	"net"
	"strconv"
)

// Service is everything kscope asks of a Kafka cluster. Every method takes
// a context first; a cancelled or expired context ends the call.
type Service interface {
	// ClusterInfo returns the cluster id, the controller and the brokers.
	ClusterInfo(ctx context.Context) (ClusterInfo, error)
	// ListTopics lists every topic with its message count, sorted by
	// name, in a constant number of requests whatever the topic count.
	ListTopics(ctx context.Context) ([]Topic, error)
	// ListTopicNames lists every topic from metadata alone, sorted by
	// name, without message counts (Messages is zero), in one request.
	ListTopicNames(ctx context.Context) ([]Topic, error)
	// TopicOffsets returns the message counts of the named topics only,
	// in one list-offsets request per leader broker and timestamp; topics
	// that do not exist are left out.
	TopicOffsets(ctx context.Context, names []string) (map[string]int64, error)
	// DescribeTopic returns one topic with leader, replicas, ISR and
	// watermarks per partition.
	DescribeTopic(ctx context.Context, name string) (TopicDetail, error)
	// TopicConfigs returns every config of a topic.
	TopicConfigs(ctx context.Context, name string) ([]ConfigEntry, error)
	// BrokerConfigs returns every config of a broker.
	BrokerConfigs(ctx context.Context, brokerID int32) ([]ConfigEntry, error)
	// CreateTopic validates the request locally, then creates the topic.
	CreateTopic(ctx context.Context, t NewTopic) error
	// DeleteTopic deletes a topic.
	DeleteTopic(ctx context.Context, name string) error
	// Produce writes one record and says where it landed.
	Produce(ctx context.Context, r ProduceRequest) (ProduceResult, error)
	// ProduceBatch writes records, which may go to different topics and
	// partitions, in one round trip per leader, and returns where each
	// landed, in order. It is not atomic: on error some records may have
	// been written.
	ProduceBatch(ctx context.Context, rs []ProduceRequest) ([]ProduceResult, error)
	// Tail streams the records of a topic from a start position until ctx
	// is cancelled; the channel is closed when the tail ends.
	Tail(ctx context.Context, r TailRequest) (<-chan TailBatch, error)
	// FetchRecord reads the one record at offset in a partition, whole.
	FetchRecord(ctx context.Context, topic string, partition int, offset int64) (Record, error)
	// Scan reads a window of a topic at full fetch speed and streams the
	// records that pass a filter, with progress, until the window is read;
	// the channel is closed after the last event.
	Scan(ctx context.Context, r ScanRequest) (<-chan ScanEvent, error)
	// Copy scans a topic and produces the matches to another topic (or
	// the same one), streaming progress.
	Copy(ctx context.Context, r CopyRequest) (<-chan CopyEvent, error)
	// ListGroups lists the consumer groups.
	ListGroups(ctx context.Context) ([]GroupSummary, error)
	// DescribeGroup returns a group's members and per-partition lag.
	DescribeGroup(ctx context.Context, id string) (Group, error)
	// GroupOverviews lists every group with its assignor, member count,
	// topics and total lag, without a request storm per group.
	GroupOverviews(ctx context.Context) ([]GroupOverview, error)
	// TopicGroups returns the groups with committed offsets on a topic
	// and their lag on it.
	TopicGroups(ctx context.Context, topic string) ([]TopicGroupLag, error)
	// ResetOffsets moves a group's committed offsets (or, with DryRun,
	// only says where they would go). It refuses while the group has
	// members.
	ResetOffsets(ctx context.Context, r ResetRequest) ([]OffsetChange, error)
	// DeleteGroup deletes an empty group and its committed offsets.
	DeleteGroup(ctx context.Context, id string) error
	// AdminService changes configs, partitions, records, ACLs, users,
	// quotas and replica placement.
	AdminService
	// Close releases the connections the service holds.
	Close() error
}

func joinHostPort(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}
