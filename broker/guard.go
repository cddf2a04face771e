package broker

import (
	"errors"
	"net"
	"strconv"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// guard checks requests before kfake handles them: what Apache Kafka
// refuses (bad topic names, partition counts, topic configs) is answered
// with Kafka's error and never reaches kfake, and writes the data dir
// cannot take are refused with KAFKA_STORAGE_ERROR. It also turns on
// auto-creation for Metadata v0-3, which kfake only does from v4.
//
// A request with one bad item is refused whole: kfake answers a request
// or does not see it, so the guard cannot let the good items through and
// answer the bad ones. The good items are answered INVALID_REQUEST with a
// message saying why.
type guard struct {
	// pre40: the broker answers as a release before 4.0, whose config
	// rules differ in places (see topicConfigError).
	pre40         bool
	c             *kfake.Cluster
	log           *logger
	store         *storage
	maxPartitions int
	autoCreate    bool
	addr          string // advertised host:port, for Metadata answers

	limit refusalLimiter
}

// install registers the guard's control functions on c.
func (g *guard) install() {
	keep := func(fn func(kmsg.Request) (kmsg.Response, error, bool)) func(kmsg.Request) (kmsg.Response, error, bool) {
		return func(r kmsg.Request) (kmsg.Response, error, bool) {
			g.c.KeepControl()
			return fn(r)
		}
	}
	g.c.ControlKey(int16(kmsg.Metadata), keep(g.metadata))
	g.c.ControlKey(int16(kmsg.CreateTopics), keep(g.createTopics))
	g.c.ControlKey(int16(kmsg.CreatePartitions), keep(g.createPartitions))
	g.c.ControlKey(int16(kmsg.AlterConfigs), keep(g.alterConfigs))
	g.c.ControlKey(int16(kmsg.IncrementalAlterConfigs), keep(g.incrementalAlterConfigs))
	g.c.ControlKey(int16(kmsg.DeleteTopics), keep(g.deleteTopics))
	g.c.ControlKey(int16(kmsg.OffsetCommit), keep(g.offsetCommit))
	g.c.ControlKey(int16(kmsg.Produce), keep(g.produce))
}

// problem is what is wrong with one item of a request.
type problem struct {
	code int16
	msg  string
}

const refusedWithOthers = "not done: another item of the same request is invalid"

// metadata enables auto-creation for every Metadata version, as Apache
// Kafka does (v0-3 have no flag: the broker's setting decides), and keeps
// invalid names from being auto-created.
func (g *guard) metadata(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.MetadataRequest)
	if !g.autoCreate {
		return nil, nil, false
	}
	if req.Version < 4 {
		req.AllowAutoTopicCreation = true
	}
	if !req.AllowAutoTopicCreation || req.Topics == nil {
		return nil, nil, false
	}
	var keep []kmsg.MetadataRequestTopic
	var invalid []string
	for _, t := range req.Topics {
		if t.Topic != nil && topicNameError(*t.Topic) != "" && g.c.TopicInfo(*t.Topic) == nil {
			invalid = append(invalid, *t.Topic)
			continue
		}
		keep = append(keep, t)
	}
	if len(invalid) == 0 {
		g.autoCreateOnlyWithRoom(req)
		return nil, nil, false
	}
	g.refused("refused to auto-create %d topic(s) with an invalid name (INVALID_TOPIC_EXCEPTION), e.g. %s: %s",
		len(invalid), quoteShort(invalid[0]), topicNameError(invalid[0]))
	if len(keep) > 0 {
		// kfake answers the valid names; the invalid ones are left out
		// of its answer rather than created.
		req.Topics = keep
		return nil, nil, false
	}
	return g.invalidTopicsMetadata(req, invalid), nil, true
}

// autoCreateOnlyWithRoom turns auto-creation off for this request when the
// data dir cannot take a new topic and the request names one.
func (g *guard) autoCreateOnlyWithRoom(req *kmsg.MetadataRequest) {
	if _, _, short := g.store.short(0, true); short && g.anyUnknown(req.Topics) && g.store.refuse(0, true, "auto-creating topics") {
		req.AllowAutoTopicCreation = false
	}
}

// anyUnknown reports whether a topic named in a Metadata request does not
// exist, so that answering it would auto-create it.
func (g *guard) anyUnknown(topics []kmsg.MetadataRequestTopic) bool {
	for _, t := range topics {
		if t.Topic != nil && g.c.TopicInfo(*t.Topic) == nil {
			return true
		}
	}
	return false
}

// invalidTopicsMetadata answers a Metadata request whose every topic has
// an invalid name: the broker, and INVALID_TOPIC_EXCEPTION per topic.
func (g *guard) invalidTopicsMetadata(req *kmsg.MetadataRequest, names []string) kmsg.Response {
	resp := req.ResponseKind().(*kmsg.MetadataResponse)
	host, port, _ := net.SplitHostPort(g.addr)
	p, _ := strconv.Atoi(port)
	b := kmsg.NewMetadataResponseBroker()
	b.NodeID = 0
	b.Host = host
	b.Port = int32(p)
	resp.Brokers = append(resp.Brokers, b)
	resp.ClusterID = kmsg.StringPtr(clusterID)
	resp.ControllerID = 0
	for _, n := range names {
		t := kmsg.NewMetadataResponseTopic()
		t.Topic = kmsg.StringPtr(n)
		t.ErrorCode = kerr.InvalidTopicException.Code
		resp.Topics = append(resp.Topics, t)
	}
	return resp
}

func (g *guard) createTopics(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.CreateTopicsRequest)
	problems := make([]*problem, len(req.Topics))
	bad := false
	for i, t := range req.Topics {
		if p := g.newTopicProblem(t); p != nil {
			problems[i], bad = p, true
			g.refused("refused to create topic %s: %s", quoteShort(t.Topic), p.msg)
		}
	}
	if !bad && !req.ValidateOnly && g.store.refuse(0, true, "creating topics") {
		for i := range problems {
			problems[i] = storageProblem()
		}
		bad = true
	}
	if !bad {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.CreateTopicsResponse)
	for i, t := range req.Topics {
		rt := kmsg.NewCreateTopicsResponseTopic()
		rt.Topic = t.Topic
		rt.ErrorCode, rt.ErrorMessage = answer(problems[i])
		resp.Topics = append(resp.Topics, rt)
	}
	return resp, nil, true
}

// newTopicProblem checks one topic of a CreateTopics request.
func (g *guard) newTopicProblem(t kmsg.CreateTopicsRequestTopic) *problem {
	if msg := topicNameError(t.Topic); msg != "" {
		return &problem{kerr.InvalidTopicException.Code, msg}
	}
	n := int64(t.NumPartitions)
	if len(t.ReplicaAssignment) > 0 {
		n = int64(len(t.ReplicaAssignment))
	}
	if n != -1 { // -1: the broker's default
		if msg := partitionsError(n, g.maxPartitions); msg != "" {
			return &problem{kerr.InvalidPartitions.Code, msg}
		}
	}
	for _, c := range t.Configs {
		if msg := topicConfigError(c.Name, c.Value, g.pre40); msg != "" {
			return &problem{kerr.InvalidConfig.Code, msg}
		}
	}
	return nil
}

func (g *guard) createPartitions(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.CreatePartitionsRequest)
	problems := make([]*problem, len(req.Topics))
	bad := false
	for i, t := range req.Topics {
		if msg := partitionsError(int64(t.Count), g.maxPartitions); msg != "" && t.Count > 0 {
			problems[i], bad = &problem{kerr.InvalidPartitions.Code, msg}, true
			g.refused("refused to grow topic %s: %s", quoteShort(t.Topic), msg)
		}
	}
	if !bad && !req.ValidateOnly && g.store.refuse(0, true, "adding partitions") {
		for i := range problems {
			problems[i] = storageProblem()
		}
		bad = true
	}
	if !bad {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.CreatePartitionsResponse)
	for i, t := range req.Topics {
		rt := kmsg.NewCreatePartitionsResponseTopic()
		rt.Topic = t.Topic
		rt.ErrorCode, rt.ErrorMessage = answer(problems[i])
		resp.Topics = append(resp.Topics, rt)
	}
	return resp, nil, true
}

// configResource is one resource of an alter request, as the guard
// checks it: firstError returns the message of its first invalid config,
// "" when every one is valid.
type configResource struct {
	typ        kmsg.ConfigResourceType
	name       string
	firstError func() string
}

// checkAlters returns each resource's problem, or nil when the request
// may go to kfake: a topic config Kafka would refuse, or (unless the
// request only validates) a data dir that cannot take the change.
func (g *guard) checkAlters(res []configResource, validateOnly bool) []*problem {
	problems := make([]*problem, len(res))
	bad := false
	for i, r := range res {
		if r.typ != kmsg.ConfigResourceTypeTopic {
			continue
		}
		if msg := r.firstError(); msg != "" {
			problems[i], bad = &problem{kerr.InvalidConfig.Code, msg}, true
			g.refused("refused to alter configs of topic %s: %s", quoteShort(r.name), msg)
		}
	}
	if !bad && !validateOnly && g.store.refuse(0, true, "altering configs") {
		for i := range problems {
			problems[i] = storageProblem()
		}
		bad = true
	}
	if !bad {
		return nil
	}
	return problems
}

func (g *guard) alterConfigs(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.AlterConfigsRequest)
	res := make([]configResource, len(req.Resources))
	for i, rr := range req.Resources {
		res[i] = configResource{rr.ResourceType, rr.ResourceName, func() string {
			for _, c := range rr.Configs {
				if msg := topicConfigError(c.Name, c.Value, g.pre40); msg != "" {
					return msg
				}
			}
			return ""
		}}
	}
	problems := g.checkAlters(res, req.ValidateOnly)
	if problems == nil {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.AlterConfigsResponse)
	for i, res := range req.Resources {
		rr := kmsg.NewAlterConfigsResponseResource()
		rr.ResourceType, rr.ResourceName = res.ResourceType, res.ResourceName
		rr.ErrorCode, rr.ErrorMessage = answer(problems[i])
		resp.Resources = append(resp.Resources, rr)
	}
	return resp, nil, true
}

func (g *guard) incrementalAlterConfigs(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.IncrementalAlterConfigsRequest)
	res := make([]configResource, len(req.Resources))
	for i, rr := range req.Resources {
		res[i] = configResource{rr.ResourceType, rr.ResourceName, func() string {
			for _, c := range rr.Configs {
				if msg := g.incrementalConfigError(c); msg != "" {
					return msg
				}
			}
			return ""
		}}
	}
	problems := g.checkAlters(res, req.ValidateOnly)
	if problems == nil {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.IncrementalAlterConfigsResponse)
	for i, res := range req.Resources {
		rr := kmsg.NewIncrementalAlterConfigsResponseResource()
		rr.ResourceType, rr.ResourceName = res.ResourceType, res.ResourceName
		rr.ErrorCode, rr.ErrorMessage = answer(problems[i])
		resp.Resources = append(resp.Resources, rr)
	}
	return resp, nil, true
}

// incrementalConfigError checks one config change: a deletion needs only a
// known key, APPEND and SUBTRACT only apply to list configs.
func (g *guard) incrementalConfigError(c kmsg.IncrementalAlterConfigsRequestResourceConfig) string {
	def, known := topicConfigDefs[c.Name]
	switch c.Op {
	case kmsg.IncrementalAlterConfigOpDelete:
		if !known {
			return topicConfigError(c.Name, nil, g.pre40)
		}
		return ""
	case kmsg.IncrementalAlterConfigOpAppend, kmsg.IncrementalAlterConfigOpSubtract:
		if known && def.kind != kindList && def.kind != kindThrottledReplicas {
			return c.Name + " is not a list: it cannot be appended to or subtracted from"
		}
	}
	return topicConfigError(c.Name, c.Value, g.pre40)
}

func (g *guard) deleteTopics(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.DeleteTopicsRequest)
	if !g.store.refuse(0, true, "deleting topics") {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.DeleteTopicsResponse)
	add := func(name *string, id [16]byte) {
		rt := kmsg.NewDeleteTopicsResponseTopic()
		rt.Topic, rt.TopicID = name, id
		rt.ErrorCode, rt.ErrorMessage = answer(storageProblem())
		resp.Topics = append(resp.Topics, rt)
	}
	for _, n := range req.TopicNames {
		add(kmsg.StringPtr(n), [16]byte{})
	}
	for _, t := range req.Topics {
		add(t.Topic, t.TopicID)
	}
	return resp, nil, true
}

func (g *guard) offsetCommit(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.OffsetCommitRequest)
	if !g.store.refuse(0, false, "committing offsets of group "+quoteShort(req.Group)) {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.OffsetCommitResponse)
	for _, t := range req.Topics {
		rt := kmsg.NewOffsetCommitResponseTopic()
		rt.Topic, rt.TopicID = t.Topic, t.TopicID
		for _, p := range t.Partitions {
			rp := kmsg.NewOffsetCommitResponseTopicPartition()
			rp.Partition = p.Partition
			rp.ErrorCode = kerr.KafkaStorageError.Code
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp, nil, true
}

// errStorageAcksZero closes the connection of an acks=0 producer whose
// records cannot be written, as Apache Kafka does: such a producer reads
// no answer, and a closed connection is the only way to tell it.
var errStorageAcksZero = errors.New("data dir full: records refused")

func (g *guard) produce(r kmsg.Request) (kmsg.Response, error, bool) {
	req := r.(*kmsg.ProduceRequest)
	var size int64
	for _, t := range req.Topics {
		for _, p := range t.Partitions {
			size += int64(len(p.Records))
		}
	}
	if !g.store.refuse(size, false, "records") {
		return nil, nil, false
	}
	if req.Acks == 0 {
		return nil, errStorageAcksZero, true
	}
	resp := req.ResponseKind().(*kmsg.ProduceResponse)
	for _, t := range req.Topics {
		rt := kmsg.NewProduceResponseTopic()
		rt.Topic, rt.TopicID = t.Topic, t.TopicID
		for _, p := range t.Partitions {
			rp := kmsg.NewProduceResponseTopicPartition()
			rp.Partition = p.Partition
			rp.ErrorCode, rp.ErrorMessage = answer(storageProblem())
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp, nil, true
}

func storageProblem() *problem {
	return &problem{kerr.KafkaStorageError.Code, "the broker's data dir is full: nothing was written"}
}

// answer is the error code and message of one item of a refused request:
// its own problem, or INVALID_REQUEST when another item was the problem.
func answer(p *problem) (int16, *string) {
	if p == nil {
		return kerr.InvalidRequest.Code, kmsg.StringPtr(refusedWithOthers)
	}
	return p.code, kmsg.StringPtr(p.msg)
}
