package topics

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

func deleteFake() *kafkaopstest.FormsFake {
	f := kafkaopstest.NewFormsFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1, Messages: 1234})
	f.Details = map[string]kafkaops.TopicDetail{
		"bankbranch": {Topic: kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1, Messages: 1234},
			PartitionList: []kafkaops.Partition{{ID: 0, High: 1000}, {ID: 1, Low: 10, High: 244}}},
		"__consumer_offsets": {Topic: kafkaops.Topic{Name: "__consumer_offsets", Partitions: 50, Internal: true}},
	}
	return f
}

func startDelete(t *testing.T, f kafkaops.Service, topic string) kit.Screen {
	t.Helper()
	s := NewDeleteTopic(f, kittest.TestStyles(), topic)
	s.SetSize(100, 30)
	for _, m := range kittest.RunCmd(s.Init()) {
		s, _ = kittest.FeedAll(s, m)
	}
	return s
}

func TestDeleteTopicNeedsTheTypedName(t *testing.T) {
	f := deleteFake()
	s := startDelete(t, f, "bankbranch")
	v := kittest.Plain(s)
	for _, want := range []string{"Delete topic bankbranch?", "bankbranch holds 1,234 messages in 2 partitions", "Type the topic's name to confirm"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	s, msgs := kittest.KeysAll(s, "bankbranc", "enter")
	if len(f.Deleted) != 0 || kittest.HasPop(msgs) {
		t.Fatal("deleted with the wrong name")
	}
	if v := kittest.Plain(s); !strings.Contains(v, "that is not the topic's name") {
		t.Errorf("no mismatch message:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "h")
	if v := kittest.Plain(s); !strings.Contains(v, "enter deletes bankbranch") {
		t.Errorf("matching name not acknowledged:\n%s", v)
	}
	_, msgs = kittest.KeysAll(s, "enter")
	if len(f.Deleted) != 1 || f.Deleted[0] != "bankbranch" {
		t.Fatalf("deleted %v", f.Deleted)
	}
	var order []string
	for _, m := range msgs {
		switch m := m.(type) {
		case kit.PopMsg:
			order = append(order, "pop")
		case kit.TopicsChangedMsg:
			order = append(order, "changed:"+m.Topic)
		case kit.StatusMsg:
			order = append(order, m.Text)
		}
	}
	if strings.Join(order, ",") != "pop,changed:bankbranch,deleted topic bankbranch" {
		t.Errorf("messages %v", order)
	}
}

func TestDeleteTopicPasteAndCancel(t *testing.T) {
	f := deleteFake()
	s := startDelete(t, f, "bankbranch")
	s, _ = kittest.Send(t, s, tea.PasteMsg{Content: "bankbranch"})
	if v := kittest.Plain(s); !strings.Contains(v, "enter deletes bankbranch") {
		t.Errorf("paste did not fill the name:\n%s", v)
	}
	_, msgs := kittest.KeysAll(s, "esc")
	if !kittest.HasPop(msgs) || len(f.Deleted) != 0 {
		t.Errorf("esc: pop %v, deleted %v", kittest.HasPop(msgs), f.Deleted)
	}
}

func TestDeleteTopicFailureStays(t *testing.T) {
	f := deleteFake()
	f.DeleteErr = errors.New(`delete topic "bankbranch": [41] Not Controller: this is not the correct controller for this cluster`)
	s := startDelete(t, f, "bankbranch")
	s, msgs := kittest.KeysAll(s, "bankbranch", "enter")
	if kittest.HasPop(msgs) {
		t.Fatal("a failed delete closed the dialog")
	}
	if v := kittest.Plain(s); !strings.Contains(v, "[41] Not Controller") {
		t.Errorf("no error:\n%s", v)
	}
}

func TestDeleteTopicRefusesInternal(t *testing.T) {
	f := deleteFake()
	s := startDelete(t, f, "__consumer_offsets")
	s, msgs := kittest.KeysAll(s, "__consumer_offsets", "enter")
	if len(f.Deleted) != 0 {
		t.Fatal("deleted an internal topic")
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "internal Kafka topic") {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "is an internal Kafka topic") {
		t.Errorf("view:\n%s", v)
	}
}

func TestDeleteTopicGone(t *testing.T) {
	s := startDelete(t, deleteFake(), "nope")
	if v := kittest.Plain(s); !strings.Contains(v, "There is no topic named nope") {
		t.Errorf("view:\n%s", v)
	}
}

func TestDeleteTopicGolden(t *testing.T) {
	s := startDelete(t, deleteFake(), "bankbranch")
	s, _ = kittest.KeysAll(s, "bankbr")
	kittest.Golden(t, "deletetopic.golden", kittest.Plain(s))
	kittest.Golden(t, "deletetopic_internal.golden", kittest.Plain(startDelete(t, deleteFake(), "__consumer_offsets")))
}

func TestTopicDetailDeleteKeyOpensTheConfirmation(t *testing.T) {
	f := deleteFake()
	s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), 100, 30)
	_, msgs := kittest.Press(s, "d")
	if rs := kittest.Navigations(msgs); len(rs) != 1 || rs[0] != (kit.Route{Kind: kit.RouteDeleteTopic, Topic: "bankbranch"}) {
		t.Fatalf("d navigated to %v (msgs %v)", rs, msgs)
	}

	s, _ = kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "__consumer_offsets"), 100, 30)
	_, msgs = kittest.Press(s, "d")
	if rs := kittest.Navigations(msgs); len(rs) != 0 {
		t.Fatalf("d on an internal topic navigated to %v", rs)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "internal Kafka topic") {
		t.Errorf("statuses %v", st)
	}
}

// TestDeleteTopicFitsSmallBodies: a body too short for the whole box
// still shows the input and what enter does (the box used to grow
// past the body and lose its bottom lines); at 60x12 (a 60x15
// terminal's body) the box is whole, its blank lines dropped.
func TestDeleteTopicFitsSmallBodies(t *testing.T) {
	kittest.FitsEverySize(t, "delete topic", func() kit.Screen { return NewDeleteTopic(deleteFake(), kittest.TestStyles(), "bankbranch") })
	s := startDelete(t, deleteFake(), "bankbranch")
	v := kittest.PlainAt(s, 60, 11)
	kittest.CheckFrame(t, v, 60, 11)
	for _, want := range []string{"Type the topic's name to confirm:", "enter deletes once the name matches"} {
		if !strings.Contains(v, want) {
			t.Errorf("60x11 lacks %q:\n%s", want, v)
		}
	}
	v = kittest.PlainAt(s, 60, 12)
	kittest.CheckFrame(t, v, 60, 12)
	for _, want := range []string{"Delete topic bankbranch?", "> ", "esc cancels", "╚"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60x12 the confirmation lacks %q:\n%s", want, v)
		}
	}
}

// A long topic name typed whole: "esc cancels" goes on its own line
// rather than past the box.
func TestDeleteTopicLongNameKeepsEscInTheBox(t *testing.T) {
	name := "payments.settlement.eu-west-1.v2-archive"
	topic := kafkaops.Topic{Name: name, Partitions: 1, ReplicationFactor: 1}
	f := kafkaopstest.NewFormsFake(topic)
	f.Details = map[string]kafkaops.TopicDetail{name: {Topic: topic, PartitionList: []kafkaops.Partition{{ID: 0, High: 5}}}}
	s := startDelete(t, f, name)
	s, _ = kittest.KeysAll(s, name)
	v := kittest.PlainAt(s, 60, 14)
	kittest.CheckFrame(t, v, 60, 14)
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "esc cancels") && !strings.Contains(l, "║") {
			t.Errorf("esc cancels outside the box: %q\n%s", l, v)
		}
	}
	if !strings.Contains(v, "esc cancels") {
		t.Errorf("the way out is cut:\n%s", v)
	}
}
