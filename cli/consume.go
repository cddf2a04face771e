package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"kscope/internal/textsafe"
	"kscope/kafkaops"
)

// consumeOptions are `kscope consume`'s flags.
type consumeOptions struct {
	from      string
	to        string
	partition int
	filter    string
	max       int
	exit      bool
	output    string
	progress  bool
	registry  string
}

// newConsumeCommand is `kscope consume TOPIC`.
func newConsumeCommand() *cobra.Command {
	cf := &connFlags{}
	var o consumeOptions
	cmd := &cobra.Command{
		Use:   "consume TOPIC",
		Short: "Write a topic's records to stdout (for scripts and pipes)",
		Long: `Write the records of TOPIC to stdout, one per line, without joining a
consumer group (nothing is committed).

--from says where to start, with the tail's words: beginning (the default),
end, -N (the last N of every partition), @OFFSET, a duration ago (10m) or a
time (RFC 3339). --to says where to stop, with the same words (the record
there is not written); with --to or --exit kscope stops at the end offsets
the topic had when it started, else it follows new records until
interrupted. --filter keeps only matching records, in the search language:
text, re:REGEXP, field=value, key:TEXT, header:NAME=VALUE, p:0-3,
offset:100-200. --max stops after N records.

Records in the Schema Registry's wire format are decoded with the registry
of --schema-registry, KSCOPE_SCHEMA_REGISTRY or the context, and topics
with a local schema file in the context (schemas:) with that file:
field=value filters read the decoded value, -o value and -o table write it
as JSON, and -o jsonl writes it with its schema id and the raw bytes. A
registry that does not answer (or answers 5xx, 408, 429) is tried again
for up to 3 s; a record that cannot be decoded is written as it is, with
the reason on stderr.

-o value writes each value as it is (a record without value is an empty
line); -o jsonl writes the shape of kcat -J, which 'kscope produce --format
jsonl' reads back; -o table writes partition, offset, time, key and value,
made safe for a terminal.`,
		Example: `  kscope consume bankbranch --exit
  kscope consume bankbranch --from -10 --partition 1 -o table
  kscope consume payments --from 1h --filter 're:card-\d{4}' --exit -o jsonl > found.jsonl
  kscope consume payments --filter 'header:source=atm p:0-3' --max 100 --exit`,
		Args:              argsNamed,
		ValidArgsFunction: completeTopics(cf),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConsume(cmd, cf, o, args[0])
		},
	}
	addConnFlags(cmd, cf)
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "beginning", "where to start: beginning, end, -N, @OFFSET, a duration ago (10m) or an RFC 3339 time")
	f.StringVar(&o.to, "to", "", "where to stop (exclusive), same words as --from; implies --exit")
	f.IntVarP(&o.partition, "partition", "p", -1, "read only this partition (default: all)")
	f.StringVar(&o.filter, "filter", "", "write only records matching this query (the search language)")
	f.IntVar(&o.max, "max", 0, "stop after this many records (0: no limit)")
	f.BoolVarP(&o.exit, "exit", "e", false, "stop at the end offsets the topic had at start, as kcat -e")
	_ = cmd.RegisterFlagCompletionFunc("from", completeTailFrom)
	_ = cmd.RegisterFlagCompletionFunc("to", completeTailFrom)
	outputFlag(cmd, &o.output, "value", "jsonl", "table")
	f.StringVar(&o.registry, "schema-registry", "", "Schema Registry URL: decode Avro, Protobuf and JSON Schema records (env "+schemaRegistryEnv+"; default: the context's)")
	f.BoolVar(&o.progress, "progress", true, "with --exit or --to: show the scan's progress on stderr when stderr is a terminal")
	return cmd
}

// consumePlan is a consume's request, checked.
type consumePlan struct {
	from   kafkaops.TailFrom
	to     *kafkaops.TailFrom
	filter *kafkaops.Filter
	// decoder decodes schema-encoded keys and values; nil when there is
	// no registry and no local schema file.
	decoder kafkaops.Decoder
}

func (o consumeOptions) plan() (consumePlan, error) {
	var p consumePlan
	if err := checkOutput(o.output, "value", "jsonl", "table", "json"); err != nil {
		return p, err
	}
	if o.max < 0 {
		return p, usagef("--max must be 0 or more, got %d", o.max)
	}
	words := []string{o.from}
	if o.partition >= 0 {
		words = append(words, "partition", strconv.Itoa(o.partition))
	} else if o.partition != -1 {
		return p, usagef("--partition must be 0 or more, got %d", o.partition)
	}
	var err error
	if p.from, err = kafkaops.ParseTailArgs(words); err != nil {
		return p, usagef("--from: %v", err)
	}
	if o.to != "" {
		to, err := kafkaops.ParseTailStart(o.to)
		if err != nil {
			return p, usagef("--to: %v", err)
		}
		p.to = &to
	}
	if p.filter, err = kafkaops.ParseFilter(o.filter); err != nil {
		return p, usagef("--filter: %v", err)
	}
	return p, nil
}

func runConsume(cmd *cobra.Command, cf *connFlags, o consumeOptions, topic string) error {
	p, err := o.plan()
	if err != nil {
		return err
	}
	// A reader that leaves early (head -n 1) makes writes fail with EPIPE
	// instead of killing kscope with SIGPIPE: it then ends quietly, 0.
	signal.Ignore(syscall.SIGPIPE)
	c, err := cf.open(cmd, "")
	if err != nil {
		return err
	}
	defer c.Close()
	if p.decoder, err = consumeDecoder(cf, o.registry); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	w := newRecordWriter(bufferedStdout(cmd), o.output)
	w.escape = isTerminal(cmd.OutOrStdout())
	w.notes = cmd.ErrOrStderr()
	if o.exit || p.to != nil {
		var prog io.Writer
		if o.progress && isTerminal(cmd.ErrOrStderr()) {
			prog = cmd.ErrOrStderr()
		}
		err = consumeWindow(ctx, c, topic, p, o.max, w, prog)
	} else {
		err = consumeFollow(ctx, c, topic, p, o.max, w)
	}
	if ferr := w.flush(); err == nil {
		err = ferr
	}
	if isClosedPipe(err) || (err != nil && cmd.Context().Err() != nil) {
		return nil // the reader left, or Ctrl+C: a normal end
	}
	return err
}

// consumeWindow reads a bounded window with the scan engine; with prog
// set it keeps one progress line there.
func consumeWindow(ctx context.Context, c *kafkaops.Client, topic string, p consumePlan, limit int, w *recordWriter, prog io.Writer) error {
	now := time.Now()
	req := kafkaops.ScanRequest{
		Topic: topic, From: p.from.Bound(now), Filter: p.filter,
		Limit: limit, StopAtLimit: limit > 0, ProgressEvery: -1, Decoder: p.decoder,
	}
	if prog != nil {
		req.ProgressEvery = 500 * time.Millisecond
	}
	if p.to != nil {
		req.To = p.to.Bound(now)
	}
	if p.from.Partition >= 0 {
		req.Partitions = []int{p.from.Partition}
	}
	// Records are written straight from the fetch responses (no copy),
	// by the scan's fetch loops, one at a time.
	var mu sync.Mutex
	req.Visit = func(r *kafkaops.Record) error {
		mu.Lock()
		defer mu.Unlock()
		return w.one(r)
	}
	ch, err := c.Scan(ctx, req)
	if err != nil {
		return err
	}
	for ev := range ch {
		if ev.Err != nil {
			return ev.Err
		}
		if prog != nil && ev.Progress != nil {
			fmt.Fprint(prog, progressLine(ev.Progress, ev.Done))
		}
	}
	return ctx.Err()
}

// progressLine is a scan's progress as one line that rewrites itself
// (carriage return, erase to the end of the line), ending in a newline
// once done.
func progressLine(p *kafkaops.ScanProgress, done bool) string {
	pct := 100.0
	if p.Total > 0 {
		pct = 100 * float64(p.Position) / float64(p.Total)
	}
	s := fmt.Sprintf("\r\x1b[Kkscope: %d of %d records (%.0f%%), %d matches, %.0f records/s, %.1f MB/s",
		p.Position, p.Total, pct, p.Matched, p.RecordsPerSec, p.MBPerSec)
	if done {
		return s + fmt.Sprintf(", %.1f s\n", p.Elapsed.Seconds())
	}
	if p.ETA > 0 {
		s += ", ETA " + p.ETA.Round(time.Second).String()
	}
	return s
}

// consumeFollow reads from the start position on, following new records
// until ctx ends or limit records were written.
func consumeFollow(ctx context.Context, c *kafkaops.Client, topic string, p consumePlan, limit int, w *recordWriter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := c.Tail(ctx, p.from.Request(topic, time.Now()))
	if err != nil {
		return err
	}
	written := 0
	for b := range ch {
		if b.Err != nil {
			return b.Err
		}
		recs := b.Records
		decodeAll(ctx, p.decoder, recs)
		if p.filter != nil {
			kept := recs[:0]
			for i := range recs {
				if p.filter.Match(&recs[i]) {
					kept = append(kept, recs[i])
				}
			}
			recs = kept
		}
		if limit > 0 && written+len(recs) > limit {
			recs = recs[:limit-written]
		}
		if err := w.write(recs); err != nil {
			return err
		}
		written += len(recs)
		// A follower's reader wants each record as it comes.
		if err := w.flush(); err != nil {
			return err
		}
		if limit > 0 && written >= limit {
			return nil
		}
	}
	return nil
}

// recordWriter writes records in one of consume's formats.
type recordWriter struct {
	w      *bufio.Writer
	format string
	header bool
	// escape shows control characters of values escaped (-o value on a
	// terminal); in a pipe the bytes go through as they are.
	escape bool
	// notes, when set, gets a line for each key or value written
	// undecoded, with the reason (see noteUndecoded).
	notes io.Writer
}

func newRecordWriter(w *bufio.Writer, format string) *recordWriter {
	if format == "json" {
		format = "jsonl"
	}
	return &recordWriter{w: w, format: format}
}

func (rw *recordWriter) write(recs []kafkaops.Record) error {
	for i := range recs {
		if err := rw.one(&recs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (rw *recordWriter) one(r *kafkaops.Record) error {
	noteUndecoded(rw.notes, r)
	switch rw.format {
	case "jsonl":
		line, err := kafkaops.MarshalKcat(r)
		if err != nil {
			return err
		}
		rw.w.Write(line)
	case "table":
		if !rw.header {
			rw.header = true
			fmt.Fprintf(rw.w, "%-9s  %-10s  %-24s  %-16s  %s\n", "PARTITION", "OFFSET", "TIMESTAMP", "KEY", "VALUE")
		}
		ts := "-"
		if !r.Timestamp.IsZero() {
			ts = r.Timestamp.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		key := "-"
		if r.Key != nil {
			key = cell(string(r.Key))
		}
		fmt.Fprintf(rw.w, "%-9d  %-10d  %-24s  %-16s  %s", r.Partition, r.Offset, ts, key, cell(string(writtenValue(r))))
	default:
		if rw.escape {
			rw.w.WriteString(textsafe.Sanitize(string(writtenValue(r))))
		} else {
			rw.w.Write(writtenValue(r))
		}
	}
	return rw.w.WriteByte('\n')
}

func (rw *recordWriter) flush() error { return rw.w.Flush() }
