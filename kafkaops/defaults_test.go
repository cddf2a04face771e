package kafkaops_test

import (
	"context"
	"errors"
	"testing"

	"kscope/broker"
	"kscope/kafkaops"
)

func TestClusterDefaultsFromTheBroker(t *testing.T) {
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true, Partitions: 4})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(b.Close)
	c := newClient(t, b.Addr())
	d, err := kafkaops.ClusterDefaults(testCtx(t), c)
	if err != nil {
		t.Fatal(err)
	}
	// The bundled broker reports what one node creates: RF 1 (kfake
	// alone says 3).
	if d.Brokers != 1 || d.Partitions != 4 || d.ReplicationFactor != 1 {
		t.Errorf("defaults %+v, want 1 broker, 4 partitions, RF 1", d)
	}
}

func TestProduceLimitsFromTheBroker(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "limits", Partitions: 3, ReplicationFactor: 1,
		Configs: map[string]string{"max.message.bytes": "2048"}})
	if err != nil {
		t.Fatal(err)
	}
	var l kafkaops.TopicLimits
	eventually(t, "the topic limits", func() bool {
		l, err = kafkaops.ProduceLimits(ctx, c, "limits")
		return err == nil && l.Partitions == 3
	})
	if l.MaxMessageBytes != 2048 {
		t.Errorf("limits %+v, want max.message.bytes 2048", l)
	}
	if _, err := kafkaops.ProduceLimits(ctx, c, "nosuch"); !kafkaops.IsNotFound(err) && !errors.Is(err, kafkaops.ErrNotFound) {
		t.Errorf("missing topic: %v, want not found", err)
	}
}

// defaultsService answers ClusterInfo and BrokerConfigs from its fields.
type defaultsService struct {
	kafkaops.Service
	info      kafkaops.ClusterInfo
	cfgs      map[int32][]kafkaops.ConfigEntry
	cfgErr    error
	askedFrom []int32
}

func (s *defaultsService) ClusterInfo(context.Context) (kafkaops.ClusterInfo, error) {
	return s.info, nil
}

func (s *defaultsService) BrokerConfigs(_ context.Context, id int32) ([]kafkaops.ConfigEntry, error) {
	s.askedFrom = append(s.askedFrom, id)
	return s.cfgs[id], s.cfgErr
}

func TestClusterDefaultsAsksTheController(t *testing.T) {
	s := &defaultsService{
		info: kafkaops.ClusterInfo{ControllerID: 2, Brokers: []kafkaops.Broker{{ID: 1}, {ID: 2}, {ID: 3}}},
		cfgs: map[int32][]kafkaops.ConfigEntry{2: {
			{Name: "num.partitions", Value: " 6 "},
			{Name: "default.replication.factor", Value: "x"}, // not a number: unknown
		}},
	}
	d, err := kafkaops.ClusterDefaults(context.Background(), s)
	want := kafkaops.TopicDefaults{Brokers: 3, BrokerID: 2, Partitions: 6}
	if err != nil || d != want {
		t.Errorf("defaults %+v, %v; want %+v", d, err, want)
	}

	// Controller not listed: the first broker's defaults.
	s.info.ControllerID = 9
	s.askedFrom = nil
	if d, _ := kafkaops.ClusterDefaults(context.Background(), s); d.BrokerID != 1 || len(s.askedFrom) != 1 || s.askedFrom[0] != 1 {
		t.Errorf("asked %v, defaults %+v; want broker 1", s.askedFrom, d)
	}

	// Configs unreadable: the broker count still comes, with the error.
	s.cfgErr = errors.New("denied")
	if d, err := kafkaops.ClusterDefaults(context.Background(), s); err == nil || d.Brokers != 3 {
		t.Errorf("defaults %+v, %v; want 3 brokers and the error", d, err)
	}

	// No brokers: nothing to ask.
	s.info.Brokers, s.askedFrom = nil, nil
	if d, err := kafkaops.ClusterDefaults(context.Background(), s); err != nil || d != (kafkaops.TopicDefaults{}) || s.askedFrom != nil {
		t.Errorf("defaults %+v, %v, asked %v; want nothing", d, err, s.askedFrom)
	}
}
