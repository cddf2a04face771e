package views

import (
	"context"
	"strconv"
	"sync"
	"time"

	"kscope/kafkaops"
)

// tailFake is a fakeService whose Tail hands out Stream (or fails with
// TailErr) and records the requests.
type tailFake struct {
	*fakeService

	tmu      sync.Mutex
	Stream   chan kafkaops.TailBatch
	TailErr  error
	Requests []kafkaops.TailRequest
}

func newTailFake() *tailFake {
	return &tailFake{fakeService: newFakeService(), Stream: make(chan kafkaops.TailBatch, 64)}
}

func (f *tailFake) Tail(ctx context.Context, r kafkaops.TailRequest) (<-chan kafkaops.TailBatch, error) {
	f.tmu.Lock()
	defer f.tmu.Unlock()
	f.Requests = append(f.Requests, r)
	if f.TailErr != nil {
		return nil, f.TailErr
	}
	return f.Stream, nil
}

// tailEpoch is the timestamp of the first test record.
var tailEpoch = time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)

// testRecord builds a record of topic bankbranch.
func testRecord(p int, off int64, key, value string, headers ...kafkaops.Header) kafkaops.Record {
	r := kafkaops.Record{
		Topic:     "bankbranch",
		Partition: p,
		Offset:    off,
		Timestamp: tailEpoch.Add(time.Duration(off) * 250 * time.Millisecond),
		Value:     []byte(value),
		Headers:   headers,
	}
	if key != "" {
		r.Key = []byte(key)
	}
	return r
}

// newTestTail returns a tail view sized w×h whose stream is live, without
// running its commands: tests deliver batches with deliver.
func newTestTail(w, h int, opts TailOptions) (*Tail, *tailFake) {
	f := newTailFake()
	if opts.Topic == "" {
		opts.Topic = "bankbranch"
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return tailEpoch.Add(time.Hour) }
	}
	t := NewTail(f, testStyles(), opts)
	t.SetSize(w, h)
	t.streamID = nextID()
	t.state = tailLive
	return t, f
}

// deliver hands the view one delivery of batches, as waitForBatch would.
func deliver(t *Tail, batches ...kafkaops.TailBatch) {
	t.Update(tailBatchMsg{id: t.streamID, batches: batches, at: time.Now()})
}

// records returns a batch of n records of partition p from offset from.
func records(p int, from int64, n int) kafkaops.TailBatch {
	var b kafkaops.TailBatch
	for i := 0; i < n; i++ {
		off := from + int64(i)
		b.Records = append(b.Records, testRecord(p, off, "k", `{"n":`+itoa(off)+`}`))
	}
	return b
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
