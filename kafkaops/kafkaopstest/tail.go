package kafkaopstest

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"kscope/kafkaops"
)

// TailFake is a fakeService whose Tail hands out Stream (or fails with
// TailErr) and records the requests.
type TailFake struct {
	*FakeService

	Tmu      sync.Mutex
	Stream   chan kafkaops.TailBatch
	TailErr  error
	Requests []kafkaops.TailRequest
	// Whole are the records FetchRecord answers with, by offset (every
	// partition alike); Fetches counts its calls.
	Whole   map[int64]kafkaops.Record
	Fetches int
}

// FetchRecord returns Whole[offset], or an error when there is none.
func (f *TailFake) FetchRecord(ctx context.Context, topic string, partition int, offset int64) (kafkaops.Record, error) {
	f.Tmu.Lock()
	defer f.Tmu.Unlock()
	f.Fetches++
	r, ok := f.Whole[offset]
	if !ok {
		return kafkaops.Record{}, errors.New("no record at offset " + strconv.FormatInt(offset, 10))
	}
	return r, nil
}

// NewTailFake returns a TailFake whose Stream holds up to 64 batches.
func NewTailFake() *TailFake {
	return &TailFake{FakeService: NewFakeService(), Stream: make(chan kafkaops.TailBatch, 64)}
}

// Tail records r and hands out Stream, or fails with TailErr.
func (f *TailFake) Tail(ctx context.Context, r kafkaops.TailRequest) (<-chan kafkaops.TailBatch, error) {
	f.Tmu.Lock()
	defer f.Tmu.Unlock()
	f.Requests = append(f.Requests, r)
	if f.TailErr != nil {
		return nil, f.TailErr
	}
	return f.Stream, nil
}

// TailEpoch is the timestamp of the first test record.
var TailEpoch = time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)

// TestRecord builds a record of topic bankbranch.
func TestRecord(p int, off int64, key, value string, headers ...kafkaops.Header) kafkaops.Record {
	r := kafkaops.Record{
		Topic:     "bankbranch",
		Partition: p,
		Offset:    off,
		Timestamp: TailEpoch.Add(time.Duration(off) * 250 * time.Millisecond),
		Value:     []byte(value),
		Headers:   headers,
	}
	if key != "" {
		r.Key = []byte(key)
	}
	return r
}

// Records returns a batch of n records of partition p from offset from.
func Records(p int, from int64, n int) kafkaops.TailBatch {
	var b kafkaops.TailBatch
	for i := 0; i < n; i++ {
		off := from + int64(i)
		b.Records = append(b.Records, TestRecord(p, off, "k", `{"n":`+itoa(off)+`}`))
	}
	return b
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
