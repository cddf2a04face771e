package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestBrokerRefusesMissingMetadataUntilRecover runs the real command on a
// data dir whose meta.json is gone: `kscope broker` must exit non-zero
// saying what is missing and how to recover, and `kscope broker
// --recover` must start, say what it rebuilt, and serve every record.
// Then a damaged segment: the next start reports the loss.
func TestBrokerRefusesMissingMetadataUntilRecover(t *testing.T) {
	const topic = "kept"
	dir := t.TempDir()
	b := startBroker(t, dir)
	cl := newKgo(t, b.Addr, kgo.DefaultProduceTopic(topic), kgo.RequiredAcks(kgo.AllISRAcks()))
	createTopic(t, cl, topic, 2)
	var recs []*kgo.Record
	for i := range 20 {
		recs = append(recs, &kgo.Record{Value: []byte{byte('a' + i)}, Partition: int32(i % 2)})
	}
	if err := cl.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	cl.Close()
	b.stop(t)
	if err := os.Remove(filepath.Join(dir, "meta.json")); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kscope(t), "broker", "--listen", "127.0.0.1:0", "--registry-listen", "off", "--data-dir", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || ctx.Err() != nil {
		t.Fatalf("kscope broker on a dir without meta.json: %v, want a non-zero exit\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	for _, want := range []string{"meta.json is missing", "kscope broker --recover --data-dir " + dir} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "meta.json")); err == nil {
		t.Errorf("the refused start wrote meta.json")
	}

	b = startBroker(t, dir, "--recover")
	// stderr is copied by its own goroutine: give it a moment.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(b.output.String(), "--recover: meta.json rebuilt"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("kscope broker --recover did not say what it rebuilt:\n%s", b.output.String())
			break
		}
	}
	rcl := newKgo(t, b.Addr)
	hw := highWatermarks(t, rcl, topic, 2)
	if hw[0]+hw[1] != 20 {
		t.Fatalf("after --recover: high watermarks %v, want 20 records in all", hw)
	}
	if got := readAll(t, b.Addr, topic, hw); len(got) != 20 {
		t.Errorf("after --recover: read %d records, want 20", len(got))
	}

	// A damaged segment: the next start says what it lost, on stderr.
	rcl.Close()
	b.stop(t)
	segs, err := filepath.Glob(filepath.Join(dir, "partitions", topic+"-*", "*.dat"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("no segment file in %s (%v)", dir, err)
	}
	seg := segs[0]
	raw, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-1] ^= 0xff
	if err := os.WriteFile(seg, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	b = startBroker(t, dir)
	want := fmt.Sprintf(`topic "kept" partition %s: lost the records at offsets`, strings.TrimPrefix(filepath.Base(filepath.Dir(seg)), topic+"-"))
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(b.output.String(), want); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("kscope broker did not report the damaged segment (%q):\n%s", want, b.output.String())
			break
		}
	}
}
