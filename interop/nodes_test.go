package interop

import (
	"encoding/json"
	"testing"
	"time"
)

// nodesScript creates a topic with replication factor 3 and grows it with
// kafka-python's KafkaAdminClient, then prints what describe_cluster and
// describe_topics say, as JSON.
const nodesScript = `
import json, sys, time
from kafka.admin import KafkaAdminClient, NewTopic, NewPartitions
a = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=10000)
a.create_topics([NewTopic("replicated", 3, 3)])
a.create_partitions({"replicated": NewPartitions(5)})
time.sleep(0.2)
c = a.describe_cluster()
t = a.describe_topics(["replicated"])[0]
print(json.dumps({
    "brokers": sorted(b["node_id"] for b in c["brokers"]),
    "partitions": [{"partition": p["partition"], "leader": p["leader"], "replicas": p["replicas"], "isr": p["isr"]} for p in t["partitions"]],
}))
a.close()
`

// TestThreeNodeClusterWithKafkaPython runs `kscope broker --nodes 3` and
// checks with kafka-python that it has three brokers and takes a topic
// with replication factor 3.
func TestThreeNodeClusterWithKafkaPython(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir(), "--nodes", "3")
	out := run(t, 60*time.Second, "", pythonKafka, "-c", nodesScript, b.Addr)
	var got struct {
		Brokers    []int32
		Partitions []struct {
			Partition int32
			Leader    int32
			Replicas  []int32
			ISR       []int32 `json:"isr"`
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("kafka-python printed %q: %v", out, err)
	}
	if len(got.Brokers) != 3 {
		t.Fatalf("describe_cluster: brokers %v, want 3", got.Brokers)
	}
	if len(got.Partitions) != 5 {
		t.Fatalf("describe_topics: %d partitions, want 5 (3 created, grown to 5)", len(got.Partitions))
	}
	leaders := map[int32]bool{}
	for _, p := range got.Partitions {
		if len(p.Replicas) != 3 || len(p.ISR) != 3 || p.Replicas[0] != p.Leader {
			t.Fatalf("partition %+v: want 3 replicas in sync, led by the first", p)
		}
		leaders[p.Leader] = true
	}
	t.Logf("leaders spread over %d of 3 brokers", len(leaders))
}
