//go:build linux

package broker

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// These tests run their body in a child process of the test binary whose
// RLIMIT_NOFILE is low, so that running out of descriptors neither needs
// prlimit nor harms the other tests.

const (
	childEnv       = "KSCOPE_BROKER_TEST_CHILD"
	childNofileEnv = "KSCOPE_BROKER_TEST_NOFILE"
)

// inChild reports whether this process is the child of the running test;
// if so it lowers RLIMIT_NOFILE (soft and hard) to what the parent asked.
func inChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) != t.Name() {
		return false
	}
	n, err := strconv.ParseUint(os.Getenv(childNofileEnv), 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", childNofileEnv, err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		t.Fatalf("setrlimit NOFILE %d: %v", n, err)
	}
	return true
}

// childCommand returns a command that runs the current test again in a
// child process with RLIMIT_NOFILE set to nofile.
func childCommand(t *testing.T, nofile int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v", "-test.timeout=8m")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name(), childNofileEnv+"="+strconv.Itoa(nofile))
	return cmd
}

// runChild runs the current test in a child with RLIMIT_NOFILE nofile and
// fails unless the child's run of it passed.
func runChild(t *testing.T, nofile int) {
	t.Helper()
	out, err := childCommand(t, nofile).CombinedOutput()
	t.Logf("child with RLIMIT_NOFILE=%d:\n%s", nofile, out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	if !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
		t.Fatalf("child did not pass %s", t.Name())
	}
}

// Issue 17: kfake kept two files open per written partition, so at about
// 500 partitions under `ulimit -n 1024` every produce failed.
func TestManyPartitionsUnderLowFileLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 20,000 partitions twice (about a minute); skipped with -short")
	}
	if !inChild(t) {
		runChild(t, 1024)
		return
	}
	const topics, perTopic = 10, 2000
	start := time.Now()
	step := func(what string) {
		t.Logf("%6.1fs %s: %d descriptors open", time.Since(start).Seconds(), what, openFDs(t))
	}
	dir := t.TempDir()
	b := startTestBroker(t, Options{DataDir: dir, Log: os.Stderr})
	cl := newClient(t, b.Addr(), kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(1<<20))
	var names []string
	for i := range topics {
		name := fmt.Sprintf("many-%d", i)
		createTopic(t, cl, name, perTopic, nil)
		names = append(names, name)
	}
	step("created")
	produceToAll(t, cl, names, perTopic, "first")
	step("produced to every partition")
	readBackAll(t, b.Addr(), names, perTopic, []string{"first"})
	step("read every partition back")

	// Save and load 20,000 partitions under the same limit.
	b.Close()
	step("closed")
	b = startTestBroker(t, Options{DataDir: dir, Log: os.Stderr})
	step("loaded")
	cl = newClient(t, b.Addr(), kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(1<<20))
	produceToAll(t, cl, names, perTopic, "second")
	step("produced again")
	readBackAll(t, b.Addr(), names, perTopic, []string{"first", "second"})
	step("read both rounds back")
}

func fdRecordValue(round, topic string, p int32) string {
	return fmt.Sprintf("%s %s/%d", round, topic, p)
}

// produceToAll produces one record to every partition of every topic.
func produceToAll(t *testing.T, cl *kgo.Client, topics []string, partitions int32, round string) {
	t.Helper()
	var recs []*kgo.Record
	for _, topic := range topics {
		for p := range partitions {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte(fdRecordValue(round, topic, p))})
		}
	}
	ctx := testContext(t, 2*time.Minute)
	failed := 0
	var first error
	for _, r := range cl.ProduceSync(ctx, recs...) {
		if r.Err != nil {
			if first == nil {
				first = fmt.Errorf("%s/%d: %w", r.Record.Topic, r.Record.Partition, r.Err)
			}
			failed++
		}
	}
	if failed > 0 {
		t.Fatalf("produce %q to %d partitions: %d failed, first: %v", round, len(recs), failed, first)
	}
}

// readBackAll reads every partition from the start and checks that it
// holds exactly one record per round, in order.
func readBackAll(t *testing.T, addr string, topics []string, partitions int32, rounds []string) {
	t.Helper()
	offsets := make(map[string]map[int32]kgo.Offset)
	for _, topic := range topics {
		offsets[topic] = make(map[int32]kgo.Offset)
		for p := range partitions {
			offsets[topic][p] = kgo.NewOffset().AtStart()
		}
	}
	cl := newClient(t, addr, kgo.ConsumePartitions(offsets), kgo.FetchMaxPartitionBytes(1<<10))
	ctx := testContext(t, 3*time.Minute)
	got := make(map[string][]string)
	want := len(topics) * int(partitions) * len(rounds)
	n := 0
	for n < want {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("read back: %d of %d records after %v", n, want, err)
		}
		fs.EachError(func(topic string, p int32, err error) {
			t.Fatalf("fetch %s/%d: %v", topic, p, err)
		})
		fs.EachRecord(func(r *kgo.Record) {
			k := fmt.Sprintf("%s/%d", r.Topic, r.Partition)
			got[k] = append(got[k], string(r.Value))
			n++
		})
	}
	for _, topic := range topics {
		for p := range partitions {
			k := fmt.Sprintf("%s/%d", topic, p)
			var w []string
			for _, round := range rounds {
				w = append(w, fdRecordValue(round, topic, p))
			}
			if fmt.Sprint(got[k]) != fmt.Sprint(w) {
				t.Fatalf("%s holds %q, want %q", k, got[k], w)
			}
		}
	}
}

// Issue 17: with `prlimit --nofile=64` and 80 connections, kfake's accept
// loop ended on EMFILE and the broker refused every connection for good.
func TestAcceptSurvivesFileLimit(t *testing.T) {
	if inChild(t) {
		serveUntilStdinCloses(t)
		return
	}
	cmd := childCommand(t, 64)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrCh := make(chan string, 1)
	var childOut syncBuffer
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			childOut.Write(append(sc.Bytes(), '\n'))
			if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
				addrCh <- a
			}
		}
	}()
	defer func() {
		stdin.Close()
		err := cmd.Wait()
		t.Logf("child stdout:\n%s\nchild stderr:\n%s", childOut.String(), stderr.String())
		if err != nil {
			t.Errorf("child: %v", err)
		}
	}()
	var addr string
	select {
	case addr = <-addrCh:
	case <-time.After(30 * time.Second):
		t.Fatal("child broker did not report its address")
	}

	const bursts = 2
	for burst := 1; burst <= bursts; burst++ {
		conns := dialMany(t, addr, 80)
		waitFor(t, 10*time.Second, func() bool {
			return strings.Count(stderr.String(), "cannot accept") >= burst
		}, "the broker to log that it cannot accept connections")
		for _, c := range conns {
			c.Close()
		}
		if err := apiVersions(addr); err != nil {
			t.Fatalf("burst %d: once the 80 connections closed, a new one is not served: %v", burst, err)
		}
		// The burst ends (and is logged as over) once accepts have
		// not failed for acceptQuiet.
		waitFor(t, acceptQuiet+10*time.Second, func() bool {
			return strings.Count(stderr.String(), "accepting connections again") >= burst
		}, "the broker to log that it accepts again")
	}
	// Keep serving well after the bursts, with fresh clients.
	for i := range 20 {
		if err := apiVersions(addr); err != nil {
			t.Fatalf("request %d after the bursts: %v", i, err)
		}
	}
	log := stderr.String()
	if n := strings.Count(log, "cannot accept"); n != bursts {
		t.Errorf("%d 'cannot accept' lines for %d bursts, want one per burst", n, bursts)
	}
	if n := strings.Count(log, "accepting connections again"); n != bursts {
		t.Errorf("%d 'accepting connections again' lines for %d bursts, want one per burst", n, bursts)
	}
}

// serveUntilStdinCloses runs an in-memory broker, prints "ADDR host:port"
// and serves until stdin is closed.
func serveUntilStdinCloses(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, Log: os.Stderr})
	fmt.Printf("ADDR %s\n", b.Addr())
	io.Copy(io.Discard, os.Stdin)
}

// dialMany opens n connections to addr; the kernel completes them whether
// or not the broker accepts them.
func dialMany(t *testing.T, addr string, n int) []net.Conn {
	t.Helper()
	var conns []net.Conn
	for i := range n {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("dial %d of %d: %v", i+1, n, err)
		}
		conns = append(conns, c)
	}
	return conns
}

// apiVersions asks addr for its API versions on a new connection.
func apiVersions(addr string) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RequestRetries(0))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := kmsg.NewPtrApiVersionsRequest().RequestWith(ctx, cl)
	if err != nil {
		return err
	}
	if len(resp.ApiKeys) == 0 {
		return fmt.Errorf("no API versions in the answer (error code %d)", resp.ErrorCode)
	}
	return nil
}

func waitFor(t *testing.T, d time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
