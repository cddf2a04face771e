package views

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

func deleteFake() *formsFake {
	f := newFormsFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1, Messages: 1234})
	f.Details = map[string]kafkaops.TopicDetail{
		"bankbranch": {Topic: kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1, Messages: 1234},
			PartitionList: []kafkaops.Partition{{ID: 0, High: 1000}, {ID: 1, Low: 10, High: 244}}},
		"__consumer_offsets": {Topic: kafkaops.Topic{Name: "__consumer_offsets", Partitions: 50, Internal: true}},
	}
	return f
}

func startDelete(t *testing.T, f kafkaops.Service, topic string) Screen {
	t.Helper()
	s := NewDeleteTopic(f, testStyles(), topic)
	s.SetSize(100, 30)
	for _, m := range runCmd(s.Init()) {
		s, _ = feedAll(s, m)
	}
	return s
}

func TestDeleteTopicNeedsTheTypedName(t *testing.T) {
	f := deleteFake()
	s := startDelete(t, f, "bankbranch")
	v := plain(s)
	for _, want := range []string{"Delete topic bankbranch?", "bankbranch holds 1,234 messages in 2 partitions", "Type the topic's name to confirm"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	s, msgs := keysAll(s, "bankbranc", "enter")
	if len(f.Deleted) != 0 || hasPop(msgs) {
		t.Fatal("deleted with the wrong name")
	}
	if v := plain(s); !strings.Contains(v, "that is not the topic's name") {
		t.Errorf("no mismatch message:\n%s", v)
	}
	s, _ = keysAll(s, "h")
	if v := plain(s); !strings.Contains(v, "enter deletes bankbranch") {
		t.Errorf("matching name not acknowledged:\n%s", v)
	}
	_, msgs = keysAll(s, "enter")
	if len(f.Deleted) != 1 || f.Deleted[0] != "bankbranch" {
		t.Fatalf("deleted %v", f.Deleted)
	}
	var order []string
	for _, m := range msgs {
		switch m := m.(type) {
		case PopMsg:
			order = append(order, "pop")
		case TopicsChangedMsg:
			order = append(order, "changed:"+m.Topic)
		case StatusMsg:
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
	s, _ = send(t, s, tea.PasteMsg{Content: "bankbranch"})
	if v := plain(s); !strings.Contains(v, "enter deletes bankbranch") {
		t.Errorf("paste did not fill the name:\n%s", v)
	}
	_, msgs := keysAll(s, "esc")
	if !hasPop(msgs) || len(f.Deleted) != 0 {
		t.Errorf("esc: pop %v, deleted %v", hasPop(msgs), f.Deleted)
	}
}

func TestDeleteTopicFailureStays(t *testing.T) {
	f := deleteFake()
	f.DeleteErr = errors.New(`delete topic "bankbranch": [41] Not Controller: this is not the correct controller for this cluster`)
	s := startDelete(t, f, "bankbranch")
	s, msgs := keysAll(s, "bankbranch", "enter")
	if hasPop(msgs) {
		t.Fatal("a failed delete closed the dialog")
	}
	if v := plain(s); !strings.Contains(v, "[41] Not Controller") {
		t.Errorf("no error:\n%s", v)
	}
}

func TestDeleteTopicRefusesInternal(t *testing.T) {
	f := deleteFake()
	s := startDelete(t, f, "__consumer_offsets")
	s, msgs := keysAll(s, "__consumer_offsets", "enter")
	if len(f.Deleted) != 0 {
		t.Fatal("deleted an internal topic")
	}
	if st := statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "internal Kafka topic") {
		t.Errorf("statuses %q", st)
	}
	if v := plain(s); !strings.Contains(v, "is an internal Kafka topic") {
		t.Errorf("view:\n%s", v)
	}
}

func TestDeleteTopicGone(t *testing.T) {
	s := startDelete(t, deleteFake(), "nope")
	if v := plain(s); !strings.Contains(v, "There is no topic named nope") {
		t.Errorf("view:\n%s", v)
	}
}

func TestDeleteTopicGolden(t *testing.T) {
	s := startDelete(t, deleteFake(), "bankbranch")
	s, _ = keysAll(s, "bankbr")
	golden(t, "deletetopic.golden", plain(s))
	golden(t, "deletetopic_internal.golden", plain(startDelete(t, deleteFake(), "__consumer_offsets")))
}

func TestTopicDetailDeleteKeyOpensTheConfirmation(t *testing.T) {
	f := deleteFake()
	s, _ := start(t, NewTopicDetail(f, testStyles(), "bankbranch"), 100, 30)
	_, msgs := press(s, "d")
	if rs := navigations(msgs); len(rs) != 1 || rs[0] != (Route{Kind: RouteDeleteTopic, Topic: "bankbranch"}) {
		t.Fatalf("d navigated to %v (msgs %v)", rs, msgs)
	}

	s, _ = start(t, NewTopicDetail(f, testStyles(), "__consumer_offsets"), 100, 30)
	_, msgs = press(s, "d")
	if rs := navigations(msgs); len(rs) != 0 {
		t.Fatalf("d on an internal topic navigated to %v", rs)
	}
	if st := statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "internal Kafka topic") {
		t.Errorf("statuses %v", st)
	}
}
