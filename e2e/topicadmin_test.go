package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

// ledgerProduceScript produces 20 keyed records with a header and a
// timestamp of their own to both partitions of ledger, with kafka-python.
const ledgerProduceScript = `
import sys
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=sys.argv[1])
for i in range(20):
    p.send("ledger", key=b"k%%d" %% i, value=b"v%%d" %% i, partition=i %% 2,
           headers=[("h", b"x%%d" %% i)], timestamp_ms=1700000000000 + i)
p.flush()
p.close()
`

// topicsScript prints, as JSON, each named topic's partition count (from
// KafkaAdminClient.describe_topics) and every record from its start
// (partition, offset, key, value, timestamp, headers), read with a
// KafkaConsumer assigned to every partition.
const topicsScript = `
import json, sys
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
addr, topics = sys.argv[1], sys.argv[2:]
a = KafkaAdminClient(bootstrap_servers=addr, request_timeout_ms=10000)
out = {}
for t in a.describe_topics(topics):
    out[t["topic"]] = {"partitions": len(t["partitions"]), "records": []}
a.close()
for topic in topics:
    c = KafkaConsumer(bootstrap_servers=addr, enable_auto_commit=False, consumer_timeout_ms=3000)
    tps = [TopicPartition(topic, p) for p in range(out[topic]["partitions"])]
    c.assign(tps)
    c.seek_to_beginning()
    for r in c:
        out[topic]["records"].append([r.partition, r.offset, r.key.decode(), r.value.decode(), r.timestamp,
                                      [[k, v.decode()] for k, v in r.headers]])
    out[topic]["records"].sort()
    c.close()
print(json.dumps(out))
`

// topicState is what topicsScript says of one topic.
type topicState struct {
	Partitions int
	Records    [][]any
}

// readTopics runs topicsScript against addr.
func readTopics(t *testing.T, py, addr string, topics ...string) map[string]topicState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, py, append([]string{"-c", topicsScript, addr}, topics...)...).Output()
	if err != nil {
		t.Fatalf("kafka-python read of %v: %v\n%s", topics, err, out)
	}
	var got map[string]topicState
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("kafka-python printed %q: %v", out, err)
	}
	return got
}

// TestAddPartitionsAndCloneInTheTUI adds partitions to a topic (+, dry
// run, warning, y) and clones it with its records (C, copy on, y) in the
// real binary against ` + "`kscope broker`" + `, then checks with kafka-python's
// KafkaAdminClient and KafkaConsumer that the topic has the new count
// and that the clone holds the same records in the same partitions, with
// their keys, headers and timestamps.
func TestAddPartitionsAndCloneInTheTUI(t *testing.T) {
	tmux := requireTmux(t)
	py := requireKafkaPython(t)
	bin := buildKscope(t)
	addr := startBroker(t, bin)
	createTopics(t, addr, map[string]int{"ledger": 2})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, py, "-c", strings.ReplaceAll(ledgerProduceScript, "%%", "%"), addr).CombinedOutput(); err != nil {
		t.Fatalf("kafka-python producer: %v\n%s", err, out)
	}

	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --brokers %s; echo EXITED:$?; sleep 600", home, bin, addr))
	s.waitText("ledger", 15*time.Second)
	s.keys("Enter")
	s.waitText("Partitions (2)", 15*time.Second)

	// + : the count, a dry run, the warning, then y.
	s.keys("+")
	s.waitText("New partition count", 10*time.Second)
	s.typeText("4")
	s.keys("Enter")
	scr := s.waitText("y add · esc edit again", 10*time.Second)
	for _, want := range []string{"partitions: 2 → 4 (new: 2, 3)", "Keyed records will map to other partitions"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the confirmation lacks %q:\n%s", want, scr)
		}
	}
	if got := readTopics(t, py, addr, "ledger")["ledger"].Partitions; got != 2 {
		t.Fatalf("after the dry run kafka-python sees %d partitions, want still 2", got)
	}
	s.keys("y")
	s.waitText("Partitions (4)", 15*time.Second)

	// C : copy on, review, y; the result in words.
	s.keys("C")
	s.waitText("ledger-clone", 15*time.Second)
	s.keys("Tab", "Tab", "Tab", "Space", "Enter")
	s.waitText("y clone · esc edit again", 10*time.Second)
	s.keys("y")
	s.waitText("copied 20 records", 30*time.Second)

	got := readTopics(t, py, addr, "ledger", "ledger-clone")
	src, dst := got["ledger"], got["ledger-clone"]
	if src.Partitions != 4 || dst.Partitions != 4 {
		t.Errorf("kafka-python sees %d partitions in ledger and %d in its clone, want 4 and 4", src.Partitions, dst.Partitions)
	}
	if len(src.Records) != 20 || !reflect.DeepEqual(src.Records, dst.Records) {
		t.Errorf("the clone's records differ from the topic's:\nledger:       %v\nledger-clone: %v", src.Records, dst.Records)
	}
}
