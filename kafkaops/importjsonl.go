package kafkaops

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
)

// importBatch is how many records one produce request of an import
// carries.
const importBatch = 500

// importMaxLine bounds one line of an import file: a record's value, in
// base64 at worst, with its key and headers.
const importMaxLine = 64 << 20

// ImportSummary is what an import file holds, read before anything is
// produced: how many records, which partitions and topics they came
// from.
type ImportSummary struct {
	Records int64
	Bytes   int64 // keys, values and header values
	// Partitions are the partition numbers present, sorted; Topics the
	// topics the records were exported from, sorted.
	Partitions []int
	Topics     []string
}

// MaxPartition is the highest partition number present, -1 when none.
func (s ImportSummary) MaxPartition() int {
	if len(s.Partitions) == 0 {
		return -1
	}
	return s.Partitions[len(s.Partitions)-1]
}

// LineError is an import line that cannot be read, with its number
// (from 1).
type LineError struct {
	Line int
	Err  error
}

// Error says which line and why.
// Error says which line and why.
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns why the line cannot be read.
func (e *LineError) Unwrap() error { return e.Err }

// ReadJSONL reads JSON lines in the export's shape (ParseKcat) from r and
// calls each with every record and its line number; blank lines are
// skipped. A line that cannot be read ends it with a *LineError; an error
// from each ends it with that error.
func ReadJSONL(r io.Reader, each func(line int, rec Record) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), importMaxLine)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		rec, err := ParseKcat(line)
		if err != nil {
			return &LineError{Line: n, Err: err}
		}
		if err := each(n, rec); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &LineError{Line: n + 1, Err: fmt.Errorf("longer than %d MB", importMaxLine>>20)}
		}
		return err
	}
	return nil
}

// SummarizeJSONL reads an import file through and says what it holds,
// or which line cannot be read.
func SummarizeJSONL(r io.Reader) (ImportSummary, error) {
	var s ImportSummary
	parts, topics := map[int]bool{}, map[string]bool{}
	err := ReadJSONL(r, func(_ int, rec Record) error {
		s.Records++
		s.Bytes += int64(len(rec.Key) + len(rec.Value))
		for _, h := range rec.Headers {
			s.Bytes += int64(len(h.Value))
		}
		parts[rec.Partition] = true
		if rec.Topic != "" {
			topics[rec.Topic] = true
		}
		return nil
	})
	for p := range parts {
		s.Partitions = append(s.Partitions, p)
	}
	for t := range topics {
		s.Topics = append(s.Topics, t)
	}
	slices.Sort(s.Partitions)
	slices.Sort(s.Topics)
	return s, err
}

// ImportRequest says where an import's records go and what of them is
// kept besides keys, values and headers.
type ImportRequest struct {
	Topic string
	// KeepPartitions writes each record to its exported partition number;
	// otherwise its key decides, as a producer's would.
	KeepPartitions bool
	// KeepTimestamps keeps each record's exported timestamp; otherwise it
	// is now.
	KeepTimestamps bool
}

// BatchProducer is what an import needs of a Service.
type BatchProducer interface {
	ProduceBatch(ctx context.Context, rs []ProduceRequest) ([]ProduceResult, error)
}

// ImportJSONL produces the records of an import file (the export's
// shape) to r.Topic in batches, with keys, values and headers byte for
// byte, calling progress with the count produced after each batch. It
// stops between batches when ctx ends, and returns how many records were
// produced.
func ImportJSONL(ctx context.Context, p BatchProducer, in io.Reader, r ImportRequest, progress func(produced int64)) (int64, error) {
	var done int64
	batch := make([]ProduceRequest, 0, importBatch)
	lastLine := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := p.ProduceBatch(ctx, batch); err != nil {
			return fmt.Errorf("import to %q after %d records (up to line %d): %w", r.Topic, done, lastLine, err)
		}
		done += int64(len(batch))
		batch = batch[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	err := ReadJSONL(in, func(line int, rec Record) error {
		batch = append(batch, Reproduce(&rec, r.Topic, r.KeepPartitions, r.KeepTimestamps))
		lastLine = line
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return done, err
}

// Reproduce is the request that writes r again to topic, with its key,
// value and headers as they are; keepPartition sends it to its partition
// number (else its key decides), keepTimestamp keeps its time (else now).
// A copy and an import both use it.
func Reproduce(r *Record, topic string, keepPartition, keepTimestamp bool) ProduceRequest {
	p := ProduceRequest{Topic: topic, Key: r.Key, Value: r.Value, Headers: r.Headers, Partition: AnyPartition}
	if keepPartition {
		p.Partition = r.Partition
	}
	if keepTimestamp {
		p.Timestamp = r.Timestamp
	}
	return p
}
