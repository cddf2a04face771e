package kafkaops_test

import (
	"errors"
	"testing"

	"kscope/kafkaops"
)

func TestProduceOffsetsAndPartitions(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "p", 3)
	for i := range int64(3) {
		res := mustProduce(t, c, kafkaops.ProduceRequest{Topic: "p", Value: []byte("v"), Partition: 2,
			Headers: []kafkaops.Header{{Key: "h", Value: []byte("1")}}})
		if res.Partition != 2 || res.Offset != i {
			t.Errorf("record %d landed at %+v, want partition 2 offset %d", i, res, i)
		}
	}
	_, err := c.Produce(testCtx(t), kafkaops.ProduceRequest{Topic: "p", Value: []byte("v"), Partition: 3})
	if !errors.Is(err, kafkaops.ErrInvalid) {
		t.Errorf("partition 3 of 3: err = %v, want ErrInvalid", err)
	}
}

// TestProduceKeyedMatchesJavaPartitioner checks keyed records land where
// Kafka's default partitioner (murmur2, as in kafka-python and the Java
// client) puts them. The hashes are Kafka's own test vectors
// (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
func TestProduceKeyedMatchesJavaPartitioner(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	const partitions = 7
	mustCreate(t, c, "keyed", partitions)
	javaMurmur2 := map[string]int32{
		"21":                         -973932308,
		"foobar":                     -790332482,
		"a-little-bit-long-string":   -985981536,
		"a-little-bit-longer-string": -1486304829,
		"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
		"abc": 479470107,
	}
	for key, hash := range javaMurmur2 {
		want := int((uint32(hash) & 0x7fffffff) % partitions)
		res := mustProduce(t, c, kafkaops.ProduceRequest{Topic: "keyed", Key: []byte(key), Value: []byte("v"), Partition: kafkaops.AnyPartition})
		if res.Partition != want {
			t.Errorf("key %q landed on %d, want %d", key, res.Partition, want)
		}
		again := mustProduce(t, c, kafkaops.ProduceRequest{Topic: "keyed", Key: []byte(key), Partition: kafkaops.AnyPartition})
		if again.Partition != res.Partition {
			t.Errorf("key %q moved from %d to %d", key, res.Partition, again.Partition)
		}
	}
}

func TestProduceKeylessSpreads(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "spread", 2)
	seen := map[int]int{}
	for range 10 {
		seen[mustProduce(t, c, kafkaops.ProduceRequest{Topic: "spread", Value: []byte("v"), Partition: kafkaops.AnyPartition}).Partition]++
	}
	if seen[0] == 0 || seen[1] == 0 {
		t.Errorf("keyless records all went to one partition: %v", seen)
	}
}

func TestProduceBatch(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "batch", 2)
	rs := make([]kafkaops.ProduceRequest, 10)
	for i := range rs {
		rs[i] = kafkaops.ProduceRequest{Topic: "batch", Value: []byte("v"), Partition: i % 2}
	}
	res, err := c.ProduceBatch(testCtx(t), rs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Partition != i%2 || r.Offset != int64(i/2) {
			t.Errorf("record %d landed at %+v, want partition %d offset %d", i, r, i%2, i/2)
		}
	}
	d, err := c.DescribeTopic(testCtx(t), "batch")
	if err != nil {
		t.Fatal(err)
	}
	if d.Messages != 10 {
		t.Errorf("topic holds %d records, want 10", d.Messages)
	}
}
