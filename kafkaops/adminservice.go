package kafkaops

import "context"

// AdminService is what the administration screens ask of a cluster:
// changing configs, partitions, records, ACLs, users, quotas and replica
// placement. Every change that Kafka can dry-run takes a ValidateOnly (or
// validateOnly) flag, and every destructive one has a read-only companion
// that shows what it will do (PlanPurge before Purge, DescribeACLs before
// DeleteACLs). Service embeds it.
type AdminService interface {
	// AlterTopicConfigs sets and resets a topic's configs
	// (IncrementalAlterConfigs), or only validates the change.
	AlterTopicConfigs(ctx context.Context, topic string, a ConfigAlter) error
	// AlterBrokerConfigs sets and resets a broker's dynamic configs, or
	// the cluster-wide default with AllBrokers.
	AlterBrokerConfigs(ctx context.Context, brokerID int32, a ConfigAlter) error
	// CreatePartitions raises a topic's partition count to total.
	CreatePartitions(ctx context.Context, topic string, total int, validateOnly bool) error
	// PlanClone returns the topic a clone would create (partitions,
	// replication factor, overrides); CloneCopy then copies the data.
	PlanClone(ctx context.Context, from, to string) (NewTopic, error)
	// PlanPurge says how many records a purge deletes per partition.
	PlanPurge(ctx context.Context, r PurgeRequest) (PurgePlan, error)
	// Purge deletes the records a plan shows (DeleteRecords).
	Purge(ctx context.Context, plan PurgePlan) ([]PurgeResult, error)
	// TopicSizes returns the size on disk of the named topics, every
	// topic when none is named (DescribeLogDirs, one request per broker).
	TopicSizes(ctx context.Context, topics ...string) (map[string]TopicSize, error)
	// DescribeACLs lists the ACL bindings matching a filter.
	DescribeACLs(ctx context.Context, f ACLFilter) ([]ACL, error)
	// CreateACLs creates ACL bindings.
	CreateACLs(ctx context.Context, acls []ACL) error
	// DeleteACLs deletes the bindings matching the filters and returns
	// them.
	DeleteACLs(ctx context.Context, filters []ACLFilter) ([]ACL, error)
	// DescribeScramUsers lists SCRAM users (all when names is empty).
	DescribeScramUsers(ctx context.Context, names ...string) ([]ScramUser, error)
	// UpsertScramUser creates a SCRAM credential or changes its password.
	UpsertScramUser(ctx context.Context, u ScramUpsert) error
	// DeleteScramCredential deletes one mechanism of a user.
	DeleteScramCredential(ctx context.Context, name, mechanism string) error
	// DescribeQuotas lists client quotas matching a filter.
	DescribeQuotas(ctx context.Context, filter QuotaEntity) ([]Quota, error)
	// AlterQuotas sets and removes one entity's client quotas.
	AlterQuotas(ctx context.Context, a QuotaAlter) error
	// ReassignPartitions moves partitions' replicas.
	ReassignPartitions(ctx context.Context, rs []Reassignment) error
	// ListReassignments lists the reassignments in progress.
	ListReassignments(ctx context.Context) ([]ReassignmentStatus, error)
	// CancelReassignment cancels one partition's reassignment.
	CancelReassignment(ctx context.Context, topic string, partition int32) error
}
