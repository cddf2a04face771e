package interop

import (
	"strings"
	"testing"
	"time"
)

// autoCreatePy produces one record with kafka-python to a topic that does
// not exist yet. kafka-python asks Metadata v1-3, which carry no
// auto-create flag; before the broker auto-created for them, the send
// blocked for max_block_ms and failed.
const autoCreatePy = `
import sys, time
from kafka import KafkaProducer, KafkaConsumer
addr, topic = sys.argv[1], sys.argv[2]
start = time.monotonic()
p = KafkaProducer(bootstrap_servers=addr, max_block_ms=15000)
md = p.send(topic, b'first').get(timeout=15)
p.flush()
print("produced", md.topic, md.partition, md.offset, "in %.2fs" % (time.monotonic() - start))
`

func TestKafkaPythonProducesToANewTopic(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir())
	start := time.Now()
	out := run(t, 40*time.Second, "", pythonKafka, "-c", autoCreatePy, b.Addr, "fresh-topic")
	took := time.Since(start)
	if !strings.HasPrefix(out, "produced fresh-topic 0 0 ") {
		t.Fatalf("kafka-python output %q, want the record at fresh-topic[0]@0", out)
	}
	// Auto-creation is immediate; anything near kafka-python's metadata
	// retry loop means the topic was not created on the first request.
	if took > 10*time.Second {
		t.Errorf("kafka-python needed %s to produce to a new topic, want well under 10s", took)
	}
	t.Logf("kafka-python produced to a new topic in %s (%s)", took.Round(time.Millisecond), strings.TrimSpace(out))
}
