package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"kscope/kafkaops"
)

// produceBatchMax is the most records one produce request carries.
const produceBatchMax = 1000

// produceOptions are `kscope produce`'s flags.
type produceOptions struct {
	key            string
	headers        []string
	partition      int
	format         string
	keepPartitions bool
	keepTimestamps bool
}

// newProduceCommand is `kscope produce TOPIC`.
func newProduceCommand() *cobra.Command {
	cf := &connFlags{}
	var o produceOptions
	cmd := &cobra.Command{
		Use:   "produce TOPIC",
		Short: "Produce records read from stdin, one per line (for scripts)",
		Long: `Produce the lines of stdin to TOPIC, one record per line (empty lines are
skipped). Lines are sent in batches as they come, so a slow writer's
records go out at once.

--format value (the default) sends each line as the value, with --key and
--header on every record. --format jsonl reads the lines 'kscope consume
-o jsonl' and the tail's export write (the shape of kcat -J): keys, values
and headers come back byte for byte; --keep-partitions and
--keep-timestamps keep the exported partition and time too.`,
		Example: `  echo '{"atmid": 1, "transid": 100}' | kscope produce bankbranch
  kscope produce bankbranch --key atm-1 --header source=lab < transactions.txt
  kscope consume bankbranch --exit -o jsonl | kscope produce bankbranch-copy --format jsonl`,
		Args:              argsNamed,
		ValidArgsFunction: completeTopics(cf),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProduce(cmd, cf, o, args[0])
		},
	}
	addConnFlags(cmd, cf)
	f := cmd.Flags()
	f.StringVar(&o.key, "key", "", "the key of every record (default: none)")
	f.StringArrayVar(&o.headers, "header", nil, "a header of every record, name=value (repeat for more)")
	f.IntVarP(&o.partition, "partition", "p", kafkaops.AnyPartition, "write to this partition (default: by key, or spread)")
	f.StringVar(&o.format, "format", "value", "input format: value (a line is a value) or jsonl (kcat -J lines)")
	f.BoolVar(&o.keepPartitions, "keep-partitions", false, "with --format jsonl: write each record to its exported partition")
	f.BoolVar(&o.keepTimestamps, "keep-timestamps", false, "with --format jsonl: keep each record's exported timestamp")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"value", "jsonl"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// lineDecoder turns one input line into a record to produce.
type lineDecoder func(line []byte) (kafkaops.ProduceRequest, error)

// decoder checks the flags and returns how lines become records.
func (o produceOptions) decoder(cmd *cobra.Command, topic string) (lineDecoder, error) {
	if o.partition < kafkaops.AnyPartition {
		return nil, usagef("--partition must be 0 or more, got %d", o.partition)
	}
	var hdrs []kafkaops.Header
	for _, h := range o.headers {
		k, v, ok := strings.Cut(h, "=")
		if !ok || k == "" {
			return nil, usagef("--header %q: want name=value", h)
		}
		hdrs = append(hdrs, kafkaops.Header{Key: k, Value: []byte(v)})
	}
	var key []byte
	if cmd.Flags().Changed("key") {
		key = []byte(o.key)
	}
	switch o.format {
	case "value":
		if o.keepPartitions || o.keepTimestamps {
			return nil, usagef("--keep-partitions and --keep-timestamps need --format jsonl")
		}
		return func(line []byte) (kafkaops.ProduceRequest, error) {
			return kafkaops.ProduceRequest{Topic: topic, Key: key, Value: bytes.Clone(line), Headers: hdrs, Partition: o.partition}, nil
		}, nil
	case "jsonl", "json":
		if len(hdrs) > 0 || key != nil {
			return nil, usagef("--key and --header apply to --format value; jsonl lines carry their own")
		}
		return func(line []byte) (kafkaops.ProduceRequest, error) {
			r, err := kafkaops.ParseKcat(line)
			if err != nil {
				return kafkaops.ProduceRequest{}, err
			}
			p := kafkaops.Reproduce(&r, topic, o.keepPartitions, o.keepTimestamps)
			if !o.keepPartitions {
				p.Partition = o.partition
			}
			return p, nil
		}, nil
	}
	return nil, usagef("--format %s: want value or jsonl", o.format)
}

func runProduce(cmd *cobra.Command, cf *connFlags, o produceOptions, topic string) error {
	decode, err := o.decoder(cmd, topic)
	if err != nil {
		return err
	}
	c, err := cf.open(cmd, "produce")
	if err != nil {
		return err
	}
	defer c.Close()
	in := bufio.NewReaderSize(cmd.InOrStdin(), 1<<20)
	var batch []kafkaops.ProduceRequest
	sent, lineNo := 0, 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ctx, cancel := cf.requestCtx(cmd)
		defer cancel()
		if _, err := c.ProduceBatch(ctx, batch); err != nil {
			return fmt.Errorf("after %d records: %w", sent, err)
		}
		sent += len(batch)
		batch = batch[:0]
		return nil
	}
	for {
		line, rerr := in.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return errors.Join(flush(), fmt.Errorf("read stdin: %w", rerr))
		}
		if len(line) > 0 {
			lineNo++
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
		if len(line) > 0 {
			r, err := decode(line)
			if err != nil {
				return errors.Join(flush(), usagef("line %d: %v", lineNo, err))
			}
			batch = append(batch, r)
		}
		// Send when the batch is full, at the end, or when no more input
		// is waiting, so interactive lines go out as they are typed.
		if len(batch) >= produceBatchMax || rerr != nil || in.Buffered() == 0 {
			if err := flush(); err != nil {
				return err
			}
		}
		if rerr != nil {
			break
		}
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "kscope: produced %d records to %s\n", sent, cell(topic))
	return nil
}
