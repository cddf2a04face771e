package kafkaopstest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"kscope/kafkaops"
)

// FormsFake adds the methods the forms call to FakeService: creates,
// deletes and produces are recorded, and the Err fields make them fail.
type FormsFake struct {
	*FakeService

	fmu       sync.Mutex
	Created   []kafkaops.NewTopic
	CreateErr error
	Deleted   []string
	DeleteErr error
	Produced  []kafkaops.ProduceRequest
	// ProduceErr fails every produce; ProduceErrFn, when set, decides per
	// record.
	ProduceErr   error
	ProduceErrFn func(kafkaops.ProduceRequest) error
	// Offsets counts the next offset per partition.
	Offsets map[int]int64
}

// NewFormsFake returns a FormsFake holding topics.
func NewFormsFake(topics ...kafkaops.Topic) *FormsFake {
	f := &FormsFake{FakeService: NewFakeService(topics...), Offsets: map[int]int64{}}
	f.Cluster = kafkaops.ClusterInfo{ClusterID: "c", ControllerID: 0, Brokers: []kafkaops.Broker{{ID: 0, Host: "127.0.0.1", Port: 9092}}}
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{0: {
		{Name: "num.partitions", Value: "3"},
		{Name: "default.replication.factor", Value: "1"},
	}}
	return f
}

// CreateTopic records t, or fails with CreateErr.
func (f *FormsFake) CreateTopic(ctx context.Context, t kafkaops.NewTopic) error {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	if f.CreateErr != nil {
		return f.CreateErr
	}
	f.Created = append(f.Created, t)
	return nil
}

// DeleteTopic records name, or fails with DeleteErr.
func (f *FormsFake) DeleteTopic(ctx context.Context, name string) error {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	if f.DeleteErr != nil {
		return f.DeleteErr
	}
	f.Deleted = append(f.Deleted, name)
	return nil
}

// Produce records r and answers the next offset of its partition.
func (f *FormsFake) Produce(ctx context.Context, r kafkaops.ProduceRequest) (kafkaops.ProduceResult, error) {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	f.count("Produce")
	return f.produce(r)
}

func (f *FormsFake) produce(r kafkaops.ProduceRequest) (kafkaops.ProduceResult, error) {
	if f.ProduceErr != nil {
		return kafkaops.ProduceResult{}, f.ProduceErr
	}
	if f.ProduceErrFn != nil {
		if err := f.ProduceErrFn(r); err != nil {
			return kafkaops.ProduceResult{}, err
		}
	}
	p := r.Partition
	if p < 0 {
		p = len(f.Produced) % 2
	}
	res := kafkaops.ProduceResult{Partition: p, Offset: f.Offsets[p]}
	f.Offsets[p]++
	f.Produced = append(f.Produced, r)
	return res, nil
}

// ProduceBatch produces rs in order, as one call.
func (f *FormsFake) ProduceBatch(ctx context.Context, rs []kafkaops.ProduceRequest) ([]kafkaops.ProduceResult, error) {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	f.count("ProduceBatch")
	out := make([]kafkaops.ProduceResult, 0, len(rs))
	for _, r := range rs {
		res, err := f.produce(r)
		if err != nil {
			return nil, fmt.Errorf("produce %d records: %w", len(rs), err)
		}
		out = append(out, res)
	}
	return out, nil
}

//lint:ignore ST1005 the text mirrors what kafkaops.Describe prints for Kafka's error 36, full stop included.
var ErrAlreadyExists = errors.New(`create topic "bankbranch": [36] Topic Already Exists: Topic 'bankbranch' already exists.`)
