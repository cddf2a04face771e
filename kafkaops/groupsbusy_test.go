package kafkaops

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"kscope/broker"
	"kscope/internal/testkafka"
)

// The broker's own refusal (a commit as admin while the group has a
// member) reads as "group has active members", with the broker's code
// kept: kscope's check before asking can race with a consumer joining.
func TestCommitAdminRefusedByBroker(t *testing.T) {
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true, KafkaVersion: testkafka.Version()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c, err := New(Config{Brokers: []string{b.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.CreateTopic(ctx, NewTopic{Name: "t", Partitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Produce(ctx, ProduceRequest{Topic: "t", Value: []byte("x"), Partition: 0}); err != nil {
		t.Fatal(err)
	}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{b.Addr()}, GroupID: "busy", Topic: "t", MinBytes: 1, MaxBytes: 1 << 20,
		MaxWait: 200 * time.Millisecond, HeartbeatInterval: 200 * time.Millisecond,
	})
	defer r.Close()
	if _, err := r.ReadMessage(ctx); err != nil {
		t.Fatal(err)
	}
	coord, err := c.coordinator(ctx, "busy")
	if err != nil {
		t.Fatal(err)
	}
	err = c.commitAdmin(ctx, coord, "busy", []OffsetChange{{Topic: "t", Partition: 0, New: 0}})
	if !IsGroupActive(err) || !errors.Is(err, kafka.UnknownMemberId) {
		t.Fatalf("err = %v, want group active wrapping Unknown Member Id", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "stop its consumers first") || !strings.Contains(msg, "[25]") {
		t.Errorf("message %q should say what to do and keep the broker's code", msg)
	}
}

func TestGroupActiveErrorWords(t *testing.T) {
	cases := []struct {
		e    groupActiveError
		want string
	}{
		{groupActiveError{group: "g", members: 1, state: "Stable"}, `group "g" has 1 active member (Stable): stop its consumers first`},
		{groupActiveError{group: "g", members: 3}, `group "g" has 3 active members: stop its consumers first`},
		{groupActiveError{group: "g", state: "PreparingRebalance"}, `group "g" is PreparingRebalance, not empty: stop its consumers first`},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
		if !IsGroupActive(&c.e) {
			t.Errorf("%q is not IsGroupActive", c.want)
		}
	}
	if err := asGroupActive("g", kafkaError(int16(kafka.NonEmptyGroup), "")); !IsGroupActive(err) {
		t.Errorf("Non Empty Group should read as group active: %v", err)
	}
	if err := asGroupActive("g", nil); err != nil {
		t.Errorf("nil stays nil: %v", err)
	}
}
