// Package benchutil holds what kscope's tail benchmarks share: filling a
// topic fast, timing kcat on it, and reading sizes from the environment.
// Only benchmarks use it.
package benchutil

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"kscope/kafkaops"
)

// Fill writes total records of valueSize bytes (the record's index, zero
// padded), spread evenly over the partitions, 5,000 records or 512 KB a
// request, whichever comes first (a larger record batch would pass the
// broker's max.message.bytes).
func Fill(b testing.TB, c *kafkaops.Client, topic string, partitions, total, valueSize int) {
	b.Helper()
	rs := make([]kafkaops.ProduceRequest, 0, 5000)
	size := 0
	for i := range total {
		v := paddedIndex(i, valueSize)
		rs = append(rs, kafkaops.ProduceRequest{Topic: topic, Value: v, Partition: i % partitions})
		size += len(v)
		if len(rs) == cap(rs) || size >= 512<<10 || i == total-1 {
			size = 0
			if _, err := c.ProduceBatch(context.Background(), rs); err != nil {
				b.Fatal(err)
			}
			rs = rs[:0]
		}
	}
}

// paddedIndex is i zero padded to width bytes (longer when i needs more).
// fmt cannot do it past a width of 1,000,000: "%0*d" then gives
// "%!(BADWIDTH)" and a 13-byte value, which made VALUE=1048576 runs
// measure tiny records.
func paddedIndex(i, width int) []byte {
	digits := strconv.Itoa(i)
	v := bytes.Repeat([]byte{'0'}, max(width-len(digits), 0))
	return append(v, digits...)
}

// RunKcat drains topic with `kcat -C -e -o beginning -q` and returns how
// long it took and how many records (lines) it printed.
func RunKcat(b testing.TB, kcat, addr, topic string) (time.Duration, int) {
	b.Helper()
	cmd := exec.Command(kcat, "-C", "-e", "-o", "beginning", "-q", "-b", addr, "-t", topic)
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	lines := 0
	r := bufio.NewReaderSize(out, 1<<20)
	buf := make([]byte, 1<<20)
	for {
		n, err := r.Read(buf)
		lines += bytes.Count(buf[:n], []byte{'\n'})
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := cmd.Wait(); err != nil {
		b.Fatalf("kcat: %v: %s", err, stderr.Bytes())
	}
	return time.Since(start), lines
}

// EnvInt returns the integer in the environment variable name, or def
// when it is unset.
func EnvInt(b testing.TB, name string, def int) int {
	b.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		b.Fatalf("%s=%s: %v", name, s, err)
	}
	return n
}
