package kafkaopstest

import (
	"context"
	"slices"
	"sync"

	"kscope/kafkaops"
)

// AdminFake adds the administration methods to FakeService for screen
// tests: changes are recorded (dry runs apart), ACLs, SCRAM users and
// quotas are kept in memory so a list after a change shows it, and Err
// fails every call.
type AdminFake struct {
	*FakeService

	amu sync.Mutex
	// Err, when set, is returned by every administration call.
	Err error
	// TopicAlters and BrokerAlters record applied config changes;
	// DryRuns counts calls made with ValidateOnly.
	TopicAlters  map[string][]kafkaops.ConfigAlter
	BrokerAlters map[int32][]kafkaops.ConfigAlter
	DryRuns      int
	// Partitions records CreatePartitions totals by topic.
	Partitions map[string]int
	// Plan is what PlanPurge returns; Purged records the plans purged.
	Plan   kafkaops.PurgePlan
	Purged []kafkaops.PurgePlan
	// Sizes is what TopicSizes returns.
	Sizes map[string]kafkaops.TopicSize
	// ACLs, Users and Quotas are the cluster's state.
	ACLs   []kafkaops.ACL
	Users  map[string][]kafkaops.ScramCredential
	Quotas map[kafkaops.QuotaEntity]map[string]float64
	// Reassigned records reassignments; Cancelled the partitions whose
	// reassignment was cancelled; InProgress is what ListReassignments
	// returns.
	Reassigned []kafkaops.Reassignment
	Cancelled  []kafkaops.Reassignment
	InProgress []kafkaops.ReassignmentStatus
}

// NewAdminFake returns an AdminFake over a FakeService of the topics.
func NewAdminFake(topics ...kafkaops.Topic) *AdminFake {
	return &AdminFake{
		FakeService:  NewFakeService(topics...),
		TopicAlters:  map[string][]kafkaops.ConfigAlter{},
		BrokerAlters: map[int32][]kafkaops.ConfigAlter{},
		Partitions:   map[string]int{},
		Sizes:        map[string]kafkaops.TopicSize{},
		Users:        map[string][]kafkaops.ScramCredential{},
		Quotas:       map[kafkaops.QuotaEntity]map[string]float64{},
	}
}

// AlterTopicConfigs records an applied change.
func (f *AdminFake) AlterTopicConfigs(ctx context.Context, topic string, a kafkaops.ConfigAlter) error {
	return f.change(a.ValidateOnly, func() { f.TopicAlters[topic] = append(f.TopicAlters[topic], a) })
}

// AlterBrokerConfigs records an applied change.
func (f *AdminFake) AlterBrokerConfigs(ctx context.Context, id int32, a kafkaops.ConfigAlter) error {
	return f.change(a.ValidateOnly, func() { f.BrokerAlters[id] = append(f.BrokerAlters[id], a) })
}

// CreatePartitions records the new total.
func (f *AdminFake) CreatePartitions(ctx context.Context, topic string, total int, validateOnly bool) error {
	return f.change(validateOnly, func() { f.Partitions[topic] = total })
}

// change makes a change under the lock: Err fails it, a dry run is only
// counted in DryRuns, else record keeps it.
func (f *AdminFake) change(validateOnly bool, record func()) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	if validateOnly {
		f.DryRuns++
		return nil
	}
	record()
	return nil
}

// PlanClone returns the clone of the topic as FakeService describes it.
func (f *AdminFake) PlanClone(ctx context.Context, from, to string) (kafkaops.NewTopic, error) {
	if f.Err != nil {
		return kafkaops.NewTopic{}, f.Err
	}
	d, err := f.DescribeTopic(ctx, from)
	if err != nil {
		return kafkaops.NewTopic{}, err
	}
	return kafkaops.NewTopic{Name: to, Partitions: len(d.PartitionList), ReplicationFactor: d.ReplicationFactor, Configs: map[string]string{}}, nil
}

// PlanPurge returns Plan with the request's topic.
func (f *AdminFake) PlanPurge(ctx context.Context, r kafkaops.PurgeRequest) (kafkaops.PurgePlan, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return kafkaops.PurgePlan{}, f.Err
	}
	p := f.Plan
	p.Topic = r.Topic
	return p, nil
}

// Purge records the plan and answers each partition's Before as its new
// log start offset.
func (f *AdminFake) Purge(ctx context.Context, plan kafkaops.PurgePlan) ([]kafkaops.PurgeResult, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	f.Purged = append(f.Purged, plan)
	var out []kafkaops.PurgeResult
	for _, p := range plan.Partitions {
		out = append(out, kafkaops.PurgeResult{Partition: p.Partition, Low: p.Before})
	}
	return out, nil
}

// TopicSizes returns Sizes (only the named topics when some are named).
func (f *AdminFake) TopicSizes(ctx context.Context, topics ...string) (map[string]kafkaops.TopicSize, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	out := map[string]kafkaops.TopicSize{}
	for name, s := range f.Sizes {
		if len(topics) == 0 || slices.Contains(topics, name) {
			out[name] = s
		}
	}
	return out, nil
}

// aclMatches is a simplified filter match: empty and ANY match anything,
// other fields must be equal (MATCH patterns are not modelled).
func aclMatches(f kafkaops.ACLFilter, a kafkaops.ACL) bool {
	eq := func(want, got string) bool { return want == "" || want == "ANY" || want == got }
	return eq(f.Principal, a.Principal) && eq(f.Host, a.Host) && eq(f.ResourceName, a.ResourceName) &&
		eq(f.ResourceType, a.ResourceType) && eq(f.PatternType, a.PatternType) && eq(f.Operation, a.Operation) && eq(f.Permission, a.Permission)
}

// DescribeACLs returns the ACLs matching the filter.
func (f *AdminFake) DescribeACLs(ctx context.Context, flt kafkaops.ACLFilter) ([]kafkaops.ACL, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	var out []kafkaops.ACL
	for _, a := range f.ACLs {
		if aclMatches(flt, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// CreateACLs adds the ACLs.
func (f *AdminFake) CreateACLs(ctx context.Context, acls []kafkaops.ACL) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	f.ACLs = append(f.ACLs, acls...)
	return nil
}

// DeleteACLs removes and returns the ACLs matching any filter.
func (f *AdminFake) DeleteACLs(ctx context.Context, filters []kafkaops.ACLFilter) ([]kafkaops.ACL, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	var kept, gone []kafkaops.ACL
	for _, a := range f.ACLs {
		if slices.ContainsFunc(filters, func(flt kafkaops.ACLFilter) bool { return aclMatches(flt, a) }) {
			gone = append(gone, a)
		} else {
			kept = append(kept, a)
		}
	}
	f.ACLs = kept
	return gone, nil
}

// DescribeScramUsers lists Users (only the named ones when some are).
func (f *AdminFake) DescribeScramUsers(ctx context.Context, names ...string) ([]kafkaops.ScramUser, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	var out []kafkaops.ScramUser
	for name, creds := range f.Users {
		if len(names) == 0 || slices.Contains(names, name) {
			out = append(out, kafkaops.ScramUser{Name: name, Credentials: slices.Clone(creds)})
		}
	}
	slices.SortFunc(out, func(a, b kafkaops.ScramUser) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out, nil
}

// UpsertScramUser sets the user's credential for the mechanism.
func (f *AdminFake) UpsertScramUser(ctx context.Context, u kafkaops.ScramUpsert) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	it := u.Iterations
	if it == 0 {
		it = kafkaops.DefaultScramIterations
	}
	creds := slices.DeleteFunc(f.Users[u.Name], func(c kafkaops.ScramCredential) bool { return c.Mechanism == u.Mechanism })
	f.Users[u.Name] = append(creds, kafkaops.ScramCredential{Mechanism: u.Mechanism, Iterations: it})
	return nil
}

// DeleteScramCredential removes one mechanism of a user.
func (f *AdminFake) DeleteScramCredential(ctx context.Context, name, mechanism string) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	creds := slices.DeleteFunc(f.Users[name], func(c kafkaops.ScramCredential) bool { return c.Mechanism == mechanism })
	if len(creds) == 0 {
		delete(f.Users, name)
	} else {
		f.Users[name] = creds
	}
	return nil
}

// DescribeQuotas lists Quotas whose entity includes the filter's parts.
func (f *AdminFake) DescribeQuotas(ctx context.Context, flt kafkaops.QuotaEntity) ([]kafkaops.Quota, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	var out []kafkaops.Quota
	for e, vals := range f.Quotas {
		if (flt.User == "" || flt.User == e.User) && (flt.ClientID == "" || flt.ClientID == e.ClientID) {
			v := map[string]float64{}
			for k, x := range vals {
				v[k] = x
			}
			out = append(out, kafkaops.Quota{Entity: e, Values: v})
		}
	}
	slices.SortFunc(out, func(a, b kafkaops.Quota) int {
		if a.Entity.String() < b.Entity.String() {
			return -1
		}
		return 1
	})
	return out, nil
}

// AlterQuotas applies the change unless it is a dry run.
func (f *AdminFake) AlterQuotas(ctx context.Context, a kafkaops.QuotaAlter) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	if a.ValidateOnly {
		f.DryRuns++
		return nil
	}
	vals := f.Quotas[a.Entity]
	if vals == nil {
		vals = map[string]float64{}
	}
	for k, v := range a.Set {
		vals[k] = v
	}
	for _, k := range a.Remove {
		delete(vals, k)
	}
	if len(vals) == 0 {
		delete(f.Quotas, a.Entity)
	} else {
		f.Quotas[a.Entity] = vals
	}
	return nil
}

// ReassignPartitions records the reassignments.
func (f *AdminFake) ReassignPartitions(ctx context.Context, rs []kafkaops.Reassignment) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	f.Reassigned = append(f.Reassigned, rs...)
	return nil
}

// ListReassignments returns InProgress.
func (f *AdminFake) ListReassignments(ctx context.Context) ([]kafkaops.ReassignmentStatus, error) {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	return slices.Clone(f.InProgress), nil
}

// CancelReassignment records the cancel.
func (f *AdminFake) CancelReassignment(ctx context.Context, topic string, partition int32) error {
	f.amu.Lock()
	defer f.amu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	f.Cancelled = append(f.Cancelled, kafkaops.Reassignment{Topic: topic, Partition: partition})
	return nil
}

var _ kafkaops.Service = (*AdminFake)(nil)
