package cluster

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func BrokersFake() *kafkaopstest.FakeService {
	return &kafkaopstest.FakeService{
		Cluster: kafkaops.ClusterInfo{
			ClusterID:    "kscope-local-Xy12",
			ControllerID: 2,
			Brokers: []kafkaops.Broker{
				{ID: 3, Host: "kafka-3.internal", Port: 9092, Rack: "eu-west-1c"},
				{ID: 1, Host: "kafka-1.internal", Port: 9092, Rack: "eu-west-1a"},
				{ID: 2, Host: "::1", Port: 9093},
			},
		},
		BrokerCfgs: map[int32][]kafkaops.ConfigEntry{
			1: {
				{Name: "log.retention.hours", Value: "168", Source: kafkaops.SourceStaticBroker, Default: true},
				{Name: "ssl.keystore.password", Value: "hunter2", Source: kafkaops.SourceDynamicBroker, Sensitive: true},
				{Name: "num.io.threads", Value: "16", Source: kafkaops.SourceDynamicBroker},
				{Name: "auto.create.topics.enable", Value: "true", Source: kafkaops.SourceDefault, Default: true},
			},
		},
	}
}

func TestBrokersView(t *testing.T) {
	s, _ := kittest.Start(t, NewBrokers(BrokersFake(), kittest.TestStyles()), 100, 30)
	view := kittest.Plain(s)
	for _, want := range []string{
		"Cluster kscope-local-Xy12 · controller broker 2 · 3 brokers",
		"ID  HOST:PORT", "RACK", "ROLE",
		"kafka-1.internal:9092", "eu-west-1a", "[::1]:9093", "★ controller",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	// Sorted by id, cursor on the first.
	i1, i2, i3 := strings.Index(view, "kafka-1"), strings.Index(view, "[::1]"), strings.Index(view, "kafka-3")
	if !(i1 < i2 && i2 < i3) {
		t.Errorf("brokers not sorted by id:\n%s", view)
	}
	if !strings.Contains(view, "▸      1") {
		t.Errorf("cursor not on broker 1:\n%s", view)
	}
	if s.Title() != "Brokers (3)" {
		t.Errorf("Title = %q", s.Title())
	}
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "★") && !strings.Contains(l, "[::1]:9093") {
			t.Errorf("the controller marker is on the wrong row: %q", l)
		}
	}
}

func TestBrokersShowTheKafkaVersion(t *testing.T) {
	f := BrokersFake()
	f.Cluster.KafkaVersion = "2.8"
	s, _ := kittest.Start(t, NewBrokers(f, kittest.TestStyles()), 100, 30)
	if v := kittest.Plain(s); !strings.Contains(v, "· 3 brokers · Kafka 2.8") {
		t.Errorf("no Kafka version in the summary:\n%s", v)
	}
}

func TestBrokersEnterNavigates(t *testing.T) {
	tests := []struct {
		keys []string
		want int32
	}{
		{[]string{"enter"}, 1},
		{[]string{"j", "enter"}, 2},
		{[]string{"G", "enter"}, 3},
		{[]string{"G", "k", "k", "k", "enter"}, 1},
	}
	for _, tc := range tests {
		s, _ := kittest.Start(t, NewBrokers(BrokersFake(), kittest.TestStyles()), 100, 30)
		_, msgs := kittest.Press(s, tc.keys...)
		nav := kittest.Navigations(msgs)
		if len(nav) != 1 || nav[0] != (kit.Route{Kind: kit.RouteBrokerConfigs, BrokerID: tc.want}) {
			t.Errorf("%v: navigations = %+v, want broker %d", tc.keys, nav, tc.want)
		}
	}
	// A click selects, a second click opens.
	s, _ := kittest.Start(t, NewBrokers(BrokersFake(), kittest.TestStyles()), 100, 30)
	s, msgs := kittest.Feed(s, tea.MouseClickMsg{Button: tea.MouseLeft, Y: brokersRowsTop + 2})
	if len(msgs) != 0 {
		t.Errorf("first click sent %v", msgs)
	}
	_, msgs = kittest.Feed(s, tea.MouseClickMsg{Button: tea.MouseLeft, Y: brokersRowsTop + 2})
	if nav := kittest.Navigations(msgs); len(nav) != 1 || nav[0].BrokerID != 3 {
		t.Errorf("second click: %+v", nav)
	}
}

func TestBrokersErrorAndRefresh(t *testing.T) {
	f := BrokersFake()
	f.ClusterErr = errors.New("cannot reach 127.0.0.1:9092: connection refused")
	s, msgs := kittest.Start(t, NewBrokers(f, kittest.TestStyles()), 100, 30)
	if v := kittest.Plain(s); !strings.Contains(v, "Could not describe the cluster: cannot reach 127.0.0.1:9092: connection refused") {
		t.Errorf("error not shown:\n%s", v)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.HasPrefix(st[0], "cluster info: cannot reach") {
		t.Errorf("statuses = %q", st)
	}
	f.Mu.Lock()
	f.ClusterErr = nil
	f.Mu.Unlock()
	s, _ = kittest.Press(s, "j", "r")
	if v := kittest.Plain(s); !strings.Contains(v, "kafka-1.internal") || strings.Contains(v, "Could not") {
		t.Errorf("after r:\n%s", v)
	}
	if _, msgs = kittest.Press(s, "esc"); len(msgs) != 1 {
		t.Errorf("esc: %v", msgs)
	} else if _, ok := msgs[0].(kit.PopMsg); !ok {
		t.Errorf("esc sent %T", msgs[0])
	}
}

func TestBrokerConfigs(t *testing.T) {
	s, _ := kittest.Start(t, NewBrokerConfigs(BrokersFake(), kittest.TestStyles(), 1), 100, 30)
	view := kittest.Plain(s)
	if strings.Contains(view, "hunter2") {
		t.Errorf("sensitive value shown:\n%s", view)
	}
	for _, want := range []string{"Broker 1", "Configs (2 overridden, 4 in all)", "▸ num.io.threads", "broker (dynamic)", "● ssl.keystore.password", "******", "log.retention.hours", "broker (static)"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if strings.Index(view, "num.io.threads") > strings.Index(view, "auto.create.topics.enable") {
		t.Errorf("overrides should come first:\n%s", view)
	}
	if s.Title() != "Broker 1 configs" {
		t.Errorf("Title = %q", s.Title())
	}
	s, _ = kittest.Press(s, "/", "num.")
	if !s.Capturing() || strings.Contains(kittest.Plain(s), "log.retention.hours") || !strings.Contains(kittest.Plain(s), "num.io.threads") {
		t.Errorf("filter num.:\n%s", kittest.Plain(s))
	}
	s, msgs := kittest.Press(s, "esc", "esc")
	if len(msgs) != 1 {
		t.Fatalf("esc esc: %v", msgs)
	}
	if _, ok := msgs[0].(kit.PopMsg); !ok {
		t.Errorf("the second esc should pop, got %T", msgs[0])
	}
	if s.Capturing() {
		t.Errorf("still capturing")
	}

	// An unknown broker says so.
	s, msgs = kittest.Start(t, NewBrokerConfigs(BrokersFake(), kittest.TestStyles(), 9), 100, 30)
	if !strings.Contains(kittest.Plain(s), "Could not load configs") || len(kittest.Statuses(msgs)) != 1 || !strings.HasPrefix(kittest.Statuses(msgs)[0], "configs of broker 9: ") {
		t.Errorf("unknown broker:\n%s\n%q", kittest.Plain(s), kittest.Statuses(msgs))
	}
}

func TestBrokersGolden(t *testing.T) {
	s, _ := kittest.Start(t, NewBrokers(BrokersFake(), kittest.TestStyles()), 100, 30)
	kittest.Golden(t, "brokers.golden", kittest.Plain(s))
	s, _ = kittest.Start(t, NewBrokerConfigs(BrokersFake(), kittest.TestStyles(), 1), 100, 30)
	kittest.Golden(t, "brokerconfigs.golden", kittest.Plain(s))
}

// At 60 columns the summary leaves the Kafka version out rather than cut
// it to "Kaf…", and a failed refresh is said before it.
func TestBrokersSummaryAt60(t *testing.T) {
	f := BrokersFake()
	f.Cluster.KafkaVersion = "3.9"
	f.Cluster.ClusterID = "kscope-local"
	s, _ := kittest.Start(t, NewBrokers(f, kittest.TestStyles()), 60, 15)
	first := strings.Split(kittest.Plain(s), "\n")[0]
	if strings.Contains(first, "…") || strings.Contains(first, "Kaf") || !strings.Contains(first, "3 brokers") {
		t.Errorf("summary at 60 columns: %q", first)
	}
	s, _ = kittest.Start(t, NewBrokers(f, kittest.TestStyles()), 100, 15)
	if first := strings.Split(kittest.Plain(s), "\n")[0]; !strings.Contains(first, "Kafka 3.9") {
		t.Errorf("summary at 100 columns: %q", first)
	}
}

// A cluster that cannot be described says why whole at 60 columns.
func TestBrokersErrorWholeAt60(t *testing.T) {
	f := BrokersFake()
	f.ClusterErr = errors.New("dial tcp 127.0.0.1:9092: connect: connection refused")
	s, _ := kittest.Start(t, NewBrokers(f, kittest.TestStyles()), 60, 15)
	v := kittest.Plain(s)
	for _, want := range []string{"Could not describe the cluster:", "connection refused", "Press r to try again."} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60 columns the error lacks %q:\n%s", want, v)
		}
	}
}
