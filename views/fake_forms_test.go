package views

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// formsFake adds the methods the forms call to fakeService: creates,
// deletes and produces are recorded, and the Err fields make them fail.
type formsFake struct {
	*fakeService

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

func newFormsFake(topics ...kafkaops.Topic) *formsFake {
	f := &formsFake{fakeService: newFakeService(topics...), Offsets: map[int]int64{}}
	f.Cluster = kafkaops.ClusterInfo{ClusterID: "c", ControllerID: 0, Brokers: []kafkaops.Broker{{ID: 0, Host: "127.0.0.1", Port: 9092}}}
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{0: {
		{Name: "num.partitions", Value: "3"},
		{Name: "default.replication.factor", Value: "1"},
	}}
	return f
}

func (f *formsFake) CreateTopic(ctx context.Context, t kafkaops.NewTopic) error {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	if f.CreateErr != nil {
		return f.CreateErr
	}
	f.Created = append(f.Created, t)
	return nil
}

func (f *formsFake) DeleteTopic(ctx context.Context, name string) error {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	if f.DeleteErr != nil {
		return f.DeleteErr
	}
	f.Deleted = append(f.Deleted, name)
	return nil
}

func (f *formsFake) Produce(ctx context.Context, r kafkaops.ProduceRequest) (kafkaops.ProduceResult, error) {
	f.fmu.Lock()
	defer f.fmu.Unlock()
	f.count("Produce")
	return f.produce(r)
}

func (f *formsFake) produce(r kafkaops.ProduceRequest) (kafkaops.ProduceResult, error) {
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

// batchFake is a formsFake that also implements kafkaops.BatchProducer.
type batchFake struct{ *formsFake }

func (f batchFake) ProduceBatch(ctx context.Context, rs []kafkaops.ProduceRequest) ([]kafkaops.ProduceResult, error) {
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

var _ kafkaops.BatchProducer = batchFake{}

// runSeq runs cmd like runCmd and also expands tea.Sequence, in order.
func runSeq(cmd tea.Cmd) []tea.Msg {
	msgs := runCmd(cmd)
	var out []tea.Msg
	for _, m := range msgs {
		v := reflect.ValueOf(m)
		if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				c, _ := v.Index(i).Interface().(tea.Cmd)
				out = append(out, runSeq(c)...)
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// feedAll is feed that also expands sequences, and also returns
// TopicsChangedMsg (which the root broadcasts) with the root's messages.
func feedAll(s Screen, msg tea.Msg) (Screen, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		switch m.(type) {
		case NavigateMsg, PopMsg, PushMsg, StatusMsg, TopicsChangedMsg:
			out = append(out, m)
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		queue = append(queue, runSeq(cmd)...)
	}
	return s, out
}

// keysAll is press with feedAll; a key is a string for press or a
// message (ctrl('s'), a paste) sent as it is.
func keysAll(s Screen, keys ...any) (Screen, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		var ms []tea.Msg
		switch k := k.(type) {
		case string:
			for _, km := range keyMsgs(k) {
				ms = append(ms, km)
			}
		case tea.Msg:
			ms = append(ms, k)
		}
		for _, m := range ms {
			var o []tea.Msg
			s, o = feedAll(s, m)
			out = append(out, o...)
		}
	}
	return s, out
}

// ctrl returns the key press ctrl+r.
func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// send feeds one message and returns the screen and the root's messages.
func send(t *testing.T, s Screen, msg tea.Msg) (Screen, []tea.Msg) {
	t.Helper()
	return feedAll(s, msg)
}

// hasPop reports whether msgs ask the root to close the screen.
func hasPop(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(PopMsg); ok {
			return true
		}
	}
	return false
}

//lint:ignore ST1005 the text mirrors what kafkaops.Describe prints for Kafka's error 36, full stop included.
var errAlreadyExists = errors.New(`create topic "bankbranch": [36] Topic Already Exists: Topic 'bankbranch' already exists.`)
