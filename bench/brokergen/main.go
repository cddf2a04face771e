// Command brokergen is the helper of bench/broker-startup.sh: it fills a
// running `kscope broker` with about a given amount of record data, and it
// measures how long `kscope broker` takes to start on a data dir and how
// much memory it holds after start.
//
//	brokergen fill -brokers ADDR -mb 1024
//	brokergen start -bin ./kscope -data-dir DIR
//
// It is a benchmark tool, not part of kscope, and is not run in CI.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: brokergen fill|start [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "fill":
		err = fill(os.Args[2:])
	case "start":
		err = start(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: want fill or start", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "brokergen:", err)
		os.Exit(1)
	}
}

// fill produces records of 100 to 1000 random bytes, spread over a few
// topics and partitions, until about -mb megabytes of values are
// acknowledged.
func fill(args []string) error {
	fs := flag.NewFlagSet("fill", flag.ExitOnError)
	brokers := fs.String("brokers", "127.0.0.1:9092", "bootstrap address")
	mb := fs.Int("mb", 1024, "megabytes of record values to produce")
	topics := fs.Int("topics", 4, "topics to spread the data over")
	partitions := fs.Int("partitions", 4, "partitions per topic")
	fs.Parse(args)

	cl, err := kgo.NewClient(
		kgo.SeedBrokers(*brokers),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.ProducerBatchMaxBytes(1<<20),
		kgo.MaxBufferedBytes(256<<20),
		kgo.ProducerLinger(5*time.Millisecond),
		kgo.RecordPartitioner(kgo.RoundRobinPartitioner()),
	)
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	names := make([]string, *topics)
	for i := range names {
		names[i] = fmt.Sprintf("bench-%02d", i)
		req := kmsg.NewPtrCreateTopicsRequest()
		rt := kmsg.NewCreateTopicsRequestTopic()
		rt.Topic = names[i]
		rt.NumPartitions = int32(*partitions)
		rt.ReplicationFactor = 1
		req.Topics = append(req.Topics, rt)
		if _, err := req.RequestWith(ctx, cl); err != nil {
			return fmt.Errorf("create topic %s: %w", names[i], err)
		}
	}

	// One random pool, sliced at random offsets: values are
	// incompressible without generating a gigabyte of randomness.
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]byte, 4<<20)
	for i := range pool {
		pool[i] = byte(rng.Uint32())
	}
	target := int64(*mb) << 20
	var (
		sent, acked atomic.Int64
		failed      atomic.Value
		records     int64
	)
	began := time.Now()
	for sent.Load() < target {
		n := 100 + rng.IntN(901)
		off := rng.IntN(len(pool) - n)
		rec := &kgo.Record{Topic: names[records%int64(len(names))], Value: pool[off : off+n]}
		records++
		sent.Add(int64(n))
		cl.Produce(ctx, rec, func(r *kgo.Record, err error) {
			if err != nil {
				failed.CompareAndSwap(nil, err)
				return
			}
			acked.Add(int64(len(r.Value)))
		})
	}
	if err := cl.Flush(ctx); err != nil {
		return err
	}
	if err, _ := failed.Load().(error); err != nil {
		return fmt.Errorf("produce: %w", err)
	}
	d := time.Since(began)
	fmt.Printf("fill: %d records, %.0f MB of values in %.1fs (%.0f MB/s)\n",
		records, float64(acked.Load())/(1<<20), d.Seconds(), float64(acked.Load())/(1<<20)/d.Seconds())
	return nil
}

var listeningRE = regexp.MustCompile(`listening on (\S+),`)

// start launches `kscope broker` on a data dir and reports the time until
// its listening line, the time until it answers a Kafka request, and its
// resident memory after start (VmRSS) and at its peak (VmHWM).
func start(args []string) error {
	fs := flag.NewFlagSet("start", flag.ExitOnError)
	bin := fs.String("bin", "./kscope", "kscope binary")
	dir := fs.String("data-dir", "", "data dir to start on")
	settle := fs.Duration("settle", 2*time.Second, "wait after start before reading VmRSS")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("-data-dir is required")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, *bin, "broker", "--listen", "127.0.0.1:0", "--data-dir", *dir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the listening line: %w", err)
	}
	toLine := time.Since(began)
	m := listeningRE.FindStringSubmatch(line)
	if m == nil {
		return fmt.Errorf("unexpected first line %q", line)
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(m[1]))
	if err != nil {
		return err
	}
	defer cl.Close()
	if _, err := kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl); err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	toRequest := time.Since(began)

	time.Sleep(*settle)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		return err
	}
	fmt.Printf("start: listening line after %.2fs, first metadata answer after %.2fs, VmRSS %s, VmHWM (peak) %s\n",
		toLine.Seconds(), toRequest.Seconds(), procField(status, "VmRSS"), procField(status, "VmHWM"))
	return nil
}

// procField returns a field of /proc/PID/status in MB, e.g. "123 MB".
func procField(status []byte, name string) string {
	for l := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(l, name+":"); ok {
			f := strings.Fields(rest)
			if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return fmt.Sprintf("%d MB", kb/1024)
			}
		}
	}
	return "?"
}
