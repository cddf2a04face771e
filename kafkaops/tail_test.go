package kafkaops_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"kscope/broker"
	"kscope/kafkaops"
)

// collect reads batches until n records arrived, failing on an error
// batch or after a deadline.
func collect(t *testing.T, ch <-chan kafkaops.TailBatch, n int) []kafkaops.Record {
	t.Helper()
	var recs []kafkaops.Record
	timeout := time.After(10 * time.Second)
	for len(recs) < n {
		select {
		case b, ok := <-ch:
			if !ok {
				t.Fatalf("tail ended after %d of %d records", len(recs), n)
			}
			if b.Err != nil {
				t.Fatalf("tail error: %v", b.Err)
			}
			recs = append(recs, b.Records...)
		case <-timeout:
			t.Fatalf("got %d of %d records before the deadline", len(recs), n)
		}
	}
	return recs
}

// expectQuiet checks no record arrives within a short while: the tail is
// caught up and waiting.
func expectQuiet(t *testing.T, ch <-chan kafkaops.TailBatch) {
	t.Helper()
	select {
	case b := <-ch:
		t.Fatalf("unexpected batch: %d records, err %v", len(b.Records), b.Err)
	case <-time.After(700 * time.Millisecond): // longer than one fetch's MaxWait
	}
}

func startTail(t *testing.T, c *kafkaops.Client, r kafkaops.TailRequest) (<-chan kafkaops.TailBatch, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch, err := c.Tail(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	return ch, cancel
}

func values(recs []kafkaops.Record) []string {
	var vs []string
	for _, r := range recs {
		vs = append(vs, string(r.Value))
	}
	slices.Sort(vs)
	return vs
}

func TestTailFromBeginningReadsHeaders(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "t", 2)
	hdrs := []kafkaops.Header{{Key: "trace", Value: []byte("abc")}, {Key: "empty", Value: []byte{}}}
	res := mustProduce(t, c, kafkaops.ProduceRequest{Topic: "t", Key: []byte("k"), Value: []byte("v"), Headers: hdrs, Partition: 1})

	ch, cancel := startTail(t, c, kafkaops.TailRequest{Topic: "t", Start: kafkaops.StartBeginning})
	recs := collect(t, ch, 1)
	r := recs[0]
	if r.Topic != "t" || r.Partition != 1 || r.Offset != res.Offset || string(r.Key) != "k" || string(r.Value) != "v" {
		t.Errorf("read %+v, want the produced record at %+v", r, res)
	}
	if len(r.Headers) != 2 || r.Headers[0].Key != "trace" || !bytes.Equal(r.Headers[0].Value, []byte("abc")) || r.Headers[1].Key != "empty" {
		t.Errorf("headers = %+v, want %+v", r.Headers, hdrs)
	}
	if time.Since(r.Timestamp) > time.Minute {
		t.Errorf("timestamp %v is not the produce time", r.Timestamp)
	}
	cancel()
	for range ch { // the channel must close after cancel
	}
}

func TestTailFromEndSeesOnlyNewRecords(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "live", 2)
	for i := range 4 {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "live", Value: []byte(fmt.Sprint("old", i)), Partition: i % 2})
	}
	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "live", Start: kafkaops.StartEnd})
	expectQuiet(t, ch)
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "live", Value: []byte("new0"), Partition: 0})
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "live", Value: []byte("new1"), Partition: 1})
	got := values(collect(t, ch, 2))
	if !slices.Equal(got, []string{"new0", "new1"}) {
		t.Errorf("tail from end read %v, want only the new records", got)
	}
}

func TestTailFromOffsetLastNAndPartitions(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "pos", 2)
	for i := range 10 {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "pos", Value: []byte(fmt.Sprintf("p%d-%d", i%2, i/2)), Partition: i % 2})
	}
	tests := []struct {
		name string
		req  kafkaops.TailRequest
		want []string
	}{
		{"offset 3", kafkaops.TailRequest{Start: kafkaops.StartOffset, Offset: 3},
			[]string{"p0-3", "p0-4", "p1-3", "p1-4"}},
		{"offset past the end clamps", kafkaops.TailRequest{Start: kafkaops.StartOffset, Offset: 99}, nil},
		{"last 2", kafkaops.TailRequest{Start: kafkaops.StartLastN, Offset: 2},
			[]string{"p0-3", "p0-4", "p1-3", "p1-4"}},
		{"last 1 of partition 1", kafkaops.TailRequest{Start: kafkaops.StartLastN, Offset: 1, Partitions: []int{1}},
			[]string{"p1-4"}},
		{"last 99 is everything", kafkaops.TailRequest{Start: kafkaops.StartLastN, Offset: 99, Partitions: []int{0}},
			[]string{"p0-0", "p0-1", "p0-2", "p0-3", "p0-4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Topic = "pos"
			ch, _ := startTail(t, c, tt.req)
			got := values(collect(t, ch, len(tt.want)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("read %v, want %v", got, tt.want)
			}
			expectQuiet(t, ch)
		})
	}
}

func TestTailFromTimestamp(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "ts", 1)
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "ts", Value: []byte("before"), Partition: 0})
	// Record timestamps have millisecond resolution: make sure the next
	// record's millisecond is strictly after the cut.
	time.Sleep(5 * time.Millisecond)
	cut := time.Now()
	time.Sleep(5 * time.Millisecond)
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "ts", Value: []byte("after"), Partition: 0})

	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "ts", Start: kafkaops.StartTimestamp, Time: cut})
	if got := values(collect(t, ch, 1)); !slices.Equal(got, []string{"after"}) {
		t.Errorf("read %v, want [after]", got)
	}
	expectQuiet(t, ch)

	future, _ := startTail(t, c, kafkaops.TailRequest{Topic: "ts", Start: kafkaops.StartTimestamp, Time: time.Now().Add(time.Hour)})
	expectQuiet(t, future)
}

func TestTailBatchesAreBounded(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "many", 1)
	rs := make([]kafkaops.ProduceRequest, 1200)
	for i := range rs {
		rs[i] = kafkaops.ProduceRequest{Topic: "many", Value: []byte(fmt.Sprint(i)), Partition: 0}
	}
	if _, err := c.ProduceBatch(testCtx(t), rs); err != nil {
		t.Fatal(err)
	}
	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "many", Start: kafkaops.StartBeginning})
	var n int
	var last int64 = -1
	for n < len(rs) {
		batch := <-ch
		if batch.Err != nil {
			t.Fatal(batch.Err)
		}
		if len(batch.Records) > kafkaops.TailBatchMax {
			t.Fatalf("batch of %d records, want at most %d", len(batch.Records), kafkaops.TailBatchMax)
		}
		for _, r := range batch.Records {
			if r.Offset != last+1 {
				t.Fatalf("offset %d after %d", r.Offset, last)
			}
			last = r.Offset
		}
		n += len(batch.Records)
	}
}

func TestTailErrors(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "two", 2)
	ctx := testCtx(t)
	if _, err := c.Tail(ctx, kafkaops.TailRequest{Topic: "missing"}); !kafkaops.IsNotFound(err) {
		t.Errorf("missing topic: err = %v, want not found", err)
	}
	if _, err := c.Tail(ctx, kafkaops.TailRequest{Topic: "two", Partitions: []int{2}}); err == nil {
		t.Errorf("partition 2 of 2: no error")
	}
}

func TestTailEndsWhenTopicDeleted(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "doomed", 1)
	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "doomed", Start: kafkaops.StartEnd})
	if err := c.DeleteTopic(testCtx(t), "doomed"); err != nil {
		t.Fatal(err)
	}
	var last kafkaops.TailBatch
	timeout := time.After(10 * time.Second)
	for done := false; !done; {
		select {
		case b, ok := <-ch:
			if !ok {
				done = true
				break
			}
			last = b
		case <-timeout:
			t.Fatal("tail of a deleted topic did not end")
		}
	}
	if !kafkaops.IsNotFound(last.Err) {
		t.Errorf("last batch err = %v, want not found", last.Err)
	}
}

// produceSpread writes n records numbered from first over partitions.
func produceSpread(t testing.TB, c *kafkaops.Client, topic string, partitions, first, n int) {
	t.Helper()
	rs := make([]kafkaops.ProduceRequest, 0, n)
	for i := first; i < first+n; i++ {
		rs = append(rs, kafkaops.ProduceRequest{Topic: topic, Value: []byte(fmt.Sprint(i)), Partition: i % partitions})
	}
	for len(rs) > 0 {
		k := min(len(rs), 5000)
		if _, err := c.ProduceBatch(testCtx(t), rs[:k]); err != nil {
			t.Fatal(err)
		}
		rs = rs[k:]
	}
}

// offsetChecker checks every partition's offsets go up by one.
type offsetChecker struct {
	t    *testing.T
	next map[int]int64
	n    int
}

func (oc *offsetChecker) add(recs []kafkaops.Record) {
	oc.t.Helper()
	for _, r := range recs {
		if want := oc.next[r.Partition]; r.Offset != want {
			oc.t.Fatalf("partition %d: offset %d after %d records, want %d (gap or duplicate)", r.Partition, r.Offset, oc.n, want)
		}
		oc.next[r.Partition] = r.Offset + 1
		oc.n++
	}
}

func TestTailStopAtEnd(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "snap", 3)
	mustCreate(t, c, "empty", 2)
	produceSpread(t, c, "snap", 3, 0, 3000)

	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "snap", Start: kafkaops.StartBeginning, StopAtEnd: true})
	// Records written after the start are past the snapshot: not read.
	produceSpread(t, c, "snap", 3, 3000, 30)
	oc := &offsetChecker{t: t, next: map[int]int64{}}
	caught := 0
	timeout := time.After(10 * time.Second)
	for done := false; !done; {
		select {
		case batch, ok := <-ch:
			if !ok {
				done = true
				break
			}
			if batch.Err != nil {
				t.Fatal(batch.Err)
			}
			if caught > 0 && len(batch.Records) > 0 {
				t.Fatal("records after the CaughtUp batch")
			}
			if batch.CaughtUp {
				caught++
			}
			oc.add(batch.Records)
		case <-timeout:
			t.Fatalf("StopAtEnd tail still open after %d records", oc.n)
		}
	}
	if oc.n != 3000 || caught != 1 {
		t.Errorf("read %d records and %d CaughtUp batches, want 3000 and 1", oc.n, caught)
	}

	for _, req := range []kafkaops.TailRequest{
		{Topic: "empty", Start: kafkaops.StartBeginning, StopAtEnd: true},
		{Topic: "snap", Start: kafkaops.StartEnd, StopAtEnd: true},
		{Topic: "snap", Start: kafkaops.StartLastN, Offset: 2, Partitions: []int{1}, StopAtEnd: true},
	} {
		ch, _ := startTail(t, c, req)
		var batches []kafkaops.TailBatch
		for b := range ch {
			batches = append(batches, b)
		}
		last := batches[len(batches)-1]
		if !last.CaughtUp {
			t.Errorf("%+v: last batch %+v, want CaughtUp", req, last)
		}
		n := 0
		for _, b := range batches {
			n += len(b.Records)
		}
		if want := int(req.Offset); n != want {
			t.Errorf("%+v: %d records, want %d", req, n, want)
		}
	}
}

func TestTailNotifyCaughtUpThenFollows(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "follow", 2)
	produceSpread(t, c, "follow", 2, 0, 10)
	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "follow", Start: kafkaops.StartBeginning, NotifyCaughtUp: true})
	oc := &offsetChecker{t: t, next: map[int]int64{}}
	for b := range ch {
		if b.Err != nil {
			t.Fatal(b.Err)
		}
		oc.add(b.Records)
		if b.CaughtUp {
			break
		}
	}
	if oc.n != 10 {
		t.Fatalf("CaughtUp after %d records, want 10", oc.n)
	}
	produceSpread(t, c, "follow", 2, 10, 4)
	oc.add(collect(t, ch, 4))
}

// A reader that stops reading stops the fetching: the tail holds at most
// its channel's worth of batches and one response per connection.
func TestTailBackPressure(t *testing.T) {
	b := startBroker(t)
	rc := newRequestCounter()
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.Dial = rc.dial })
	mustCreate(t, c, "flood", 2)
	produceSpread(t, c, "flood", 2, 0, 100_000)
	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "flood", Start: kafkaops.StartBeginning})
	const fetchKey = 1
	time.Sleep(500 * time.Millisecond)
	before := rc.snapshot()[fetchKey]
	time.Sleep(700 * time.Millisecond)
	if after := rc.snapshot()[fetchKey]; after != before || after > 10 {
		t.Errorf("fetches while nobody reads: %d, then %d; want a few, then no more", before, after)
	}
	oc := &offsetChecker{t: t, next: map[int]int64{}}
	oc.add(collect(t, ch, 100_000))
}

// The broker restarts in the middle of a backlog: the tail says it is
// reconnecting, then goes on with no record lost or repeated.
func TestTailResumesAfterBrokerRestart(t *testing.T) {
	dir := t.TempDir()
	b, err := broker.Start(withRelease(broker.Options{Listen: "127.0.0.1:0", DataDir: dir}))
	if err != nil {
		t.Fatal(err)
	}
	addr := b.Addr()
	defer func() { b.Close() }()
	c := newClient(t, addr)
	mustCreate(t, c, "survive", 3)
	produceSpread(t, c, "survive", 3, 0, 30_000)

	ch, _ := startTail(t, c, kafkaops.TailRequest{Topic: "survive", Start: kafkaops.StartBeginning})
	oc := &offsetChecker{t: t, next: map[int]int64{}}
	oc.add(collect(t, ch, 2000)) // the rest waits on the channel and in the broker
	b.Close()
	time.Sleep(300 * time.Millisecond)
	b, err = broker.Start(withRelease(broker.Options{Listen: addr, DataDir: dir}))
	if err != nil {
		t.Fatal(err)
	}
	// New records while the tail reconnects, with a client of its own.
	produceSpread(t, newClient(t, addr), "survive", 3, 30_000, 300)

	var reconnecting, reconnected bool
	timeout := time.After(20 * time.Second)
	for oc.n < 30_300 {
		select {
		case batch, ok := <-ch:
			if !ok || batch.Err != nil {
				t.Fatalf("tail ended after %d records: %v", oc.n, batch.Err)
			}
			if batch.Reconnecting {
				reconnecting = true
				if batch.ConnErr == nil {
					t.Error("Reconnecting without ConnErr")
				}
			}
			if batch.Reconnected {
				reconnected = true
			}
			oc.add(batch.Records)
		case <-timeout:
			t.Fatalf("read %d of 30300 records before the deadline", oc.n)
		}
	}
	if !reconnecting || !reconnected {
		t.Errorf("reconnecting %v, reconnected %v: want both reported", reconnecting, reconnected)
	}
	expectQuiet(t, ch)
}
