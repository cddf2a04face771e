package interop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// autoCreatePy produces one record with kafka-python to a topic that does
// not exist yet. kafka-python asks Metadata v1-3, which carry no
// auto-create flag; before the broker auto-created for them, the send
// blocked for max_block_ms and failed.
const autoCreatePy = `
import sys, time
from kafka import KafkaProducer, KafkaConsumer
addr, topic = sys.argv[1], sys.argv[2]
start = time.monotonic()
p = KafkaProducer(bootstrap_servers=addr, max_block_ms=15000)
md = p.send(topic, b'first').get(timeout=15)
p.flush()
print("produced", md.topic, md.partition, md.offset, "in %.2fs" % (time.monotonic() - start))
`

func TestKafkaPythonProducesToANewTopic(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir())
	start := time.Now()
	out := run(t, 40*time.Second, "", pythonKafka, "-c", autoCreatePy, b.Addr, "fresh-topic")
	took := time.Since(start)
	if !strings.HasPrefix(out, "produced fresh-topic 0 0 ") {
		t.Fatalf("kafka-python output %q, want the record at fresh-topic[0]@0", out)
	}
	// Auto-creation is immediate; anything near kafka-python's metadata
	// retry loop means the topic was not created on the first request.
	if took > 10*time.Second {
		t.Errorf("kafka-python needed %s to produce to a new topic, want well under 10s", took)
	}
	t.Logf("kafka-python produced to a new topic in %s (%s)", took.Round(time.Millisecond), strings.TrimSpace(out))
}

// TestKcatInvalidTopicIsRefusedAndLoggedSafely produces with kcat to
// names Kafka refuses: kcat must be told "Invalid topic" at once (not
// wait, not create), and the broker's stderr must show the name escaped.
func TestKcatInvalidTopicIsRefusedAndLoggedSafely(t *testing.T) {
	requireKcat(t)
	b := startBroker(t, t.TempDir())
	for _, name := range []string{"bad name", "a\x1b]0;pwned\x07b", strings.Repeat("x", 250)} {
		start := time.Now()
		out := runAllowFail(t, 20*time.Second, "x\n", "kcat", "-P", "-b", b.Addr, "-t", name)
		if !strings.Contains(out, "Invalid topic") {
			t.Errorf("kcat to %q: %q, want Broker: Invalid topic", name, out)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("kcat to an invalid name took %s", d)
		}
	}
	list := run(t, 20*time.Second, "", "kcat", "-L", "-b", b.Addr)
	if strings.Contains(list, "bad name") || strings.Contains(list, "pwned") || strings.Contains(list, "xxxxx") {
		t.Errorf("an invalid topic was created:\n%s", list)
	}
	logged := b.output.String()
	if !strings.Contains(logged, `\x1b]0;pwned`) {
		t.Errorf("the broker did not log the refused name escaped:\n%s", logged)
	}
	if strings.ContainsAny(logged, "\x1b\x07") {
		t.Errorf("the broker's output holds raw escape characters: %q", logged)
	}
}

// runAllowFail runs a command with a deadline and returns its stdout and
// stderr together, whatever its exit status.
func runAllowFail(t *testing.T, timeout time.Duration, stdin string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = 2 * time.Second
	cmd.Stdin = strings.NewReader(stdin)
	out, _ := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s: no result within %s: %s", name, timeout, out)
	}
	return string(out)
}

// saslLogin reports whether a franz-go client logged in with SCRAM-SHA-256
// as user can list the cluster's brokers. (kcat 1.7 and kafka-python 2.0.2
// do not get through kfake's SASL handshake at all, with any user source.)
func saslLogin(t *testing.T, addr, user, pass string) error {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()),
		kgo.RequestRetries(0), kgo.RetryTimeout(3*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl)
	return err
}

// TestBrokerUsersStayOutOfPs starts the broker with users from a file and
// from the environment, checks that clients log in with them, and that
// no password is in the process's command line or output.
func TestBrokerUsersStayOutOfPs(t *testing.T) {
	const filePass, envPass = "file-Secret-4711", "env-Secret-0815"
	users := filepath.Join(t.TempDir(), "users")
	if err := os.WriteFile(users, []byte("# broker users\nalice:"+filePass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KSCOPE_BROKER_SASL", "bob:"+envPass)
	b := startBroker(t, t.TempDir(), "--sasl-users", users)
	for user, pass := range map[string]string{"alice": filePass, "bob": envPass} {
		if err := saslLogin(t, b.Addr, user, pass); err != nil {
			t.Errorf("log in as %s: %v", user, err)
		}
	}
	if err := saslLogin(t, b.Addr, "alice", "wrong"); err == nil {
		t.Errorf("log in with a wrong password succeeded")
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", b.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{filePass, envPass} {
		if strings.Contains(string(cmdline), pw) || strings.Contains(b.output.String(), pw) {
			t.Errorf("a password is in the command line or output: %q / %q", cmdline, b.output.String())
		}
	}
}
