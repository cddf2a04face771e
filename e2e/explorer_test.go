package e2e

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"kscope/internal/testkafka"
)

// requireTmux skips without tmux, but fails in CI, where it must run.
func requireTmux(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("tmux is required for the end-to-end tests in CI: %v", err)
		}
		t.Skip("tmux not found: skipping the end-to-end tests (install tmux to run them)")
	}
	return path
}

// binDir holds the binary under test, built once by the first test that
// needs it and removed by TestMain.
var (
	binDir   string
	buildBin sync.Once
	binErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildKscope builds the binary under test (once per run).
func buildKscope(t *testing.T) string {
	t.Helper()
	buildBin.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "kscope-e2e-bin"); binErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, "kscope"), "kscope")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "kscope")
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startBroker runs `kscope broker` in memory on a free port, answering as
// the release KSCOPE_TEST_KAFKA_VERSION names, and stops it when the test
// ends; extra flags go after the usual ones.
func startBroker(t *testing.T, bin string, extra ...string) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, brokerArgs(append([]string{"--listen", addr, "--in-memory"}, extra...)...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening on") {
				ready <- sc.Text()
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(15 * time.Second):
		t.Fatalf("kscope broker did not start on %s", addr)
	}
	return addr
}

// brokerArgs is `broker` with args, plus --kafka-version when the suite
// runs against an emulated release (testkafka.Env), and without the schema
// registry, whose default is a fixed port (tests use free ports only).
func brokerArgs(args ...string) []string {
	args = append([]string{"broker", "--registry-listen", "off"}, args...)
	if v := testkafka.Version(); v != "" {
		args = append(args, "--kafka-version", v)
	}
	return args
}

// createTopics creates topics with kafka-go and waits until metadata
// shows them all (creation is asynchronous).
func createTopics(t *testing.T, addr string, topics map[string]int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := &kafka.Client{Addr: kafka.TCP(addr), Timeout: 10 * time.Second}
	var cfgs []kafka.TopicConfig
	for name, parts := range topics {
		cfgs = append(cfgs, kafka.TopicConfig{Topic: name, NumPartitions: parts, ReplicationFactor: 1})
	}
	res, err := c.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: cfgs})
	if err != nil {
		t.Fatalf("create topics: %v", err)
	}
	for name, err := range res.Errors {
		if err != nil {
			t.Fatalf("create topic %s: %v", name, err)
		}
	}
	for {
		md, err := c.Metadata(ctx, &kafka.MetadataRequest{})
		if err == nil {
			seen := 0
			for _, tp := range md.Topics {
				if want, ok := topics[tp.Name]; ok && len(tp.Partitions) == want {
					seen++
				}
			}
			if seen == len(topics) {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("topics did not appear in metadata: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// tmuxSession is one detached tmux server running kscope in a pane.
type tmuxSession struct {
	t      *testing.T
	tmux   string
	socket string
}

// startTmux runs command in a new 100x30 tmux session on a private
// server, killed when the test ends.
func startTmux(t *testing.T, tmux, command string) *tmuxSession {
	t.Helper()
	s := &tmuxSession{t: t, tmux: tmux, socket: fmt.Sprintf("kscope-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", s.socket, "kill-server").Run() })
	s.run("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", command)
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command(s.tmux, append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Escape, q).
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

// typeText sends text literally.
func (s *tmuxSession) typeText(text string) {
	s.t.Helper()
	s.run("send-keys", "-t", "e2e", "-l", text)
}

func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.run("capture-pane", "-p", "-t", "e2e")
}

// waitFor polls the screen until ok accepts it, and fails the test with
// the last screen after the deadline. tmux can capture a frame half drawn,
// so the screen is captured once more a moment later and returned only if
// ok still accepts it: callers can then assert on the rest of the frame.
func (s *tmuxSession) waitFor(what string, d time.Duration, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(d)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		if ok(scr) {
			time.Sleep(50 * time.Millisecond)
			if again := s.screen(); ok(again) {
				return again
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, scr)
	return ""
}

func (s *tmuxSession) waitText(text string, d time.Duration) string {
	s.t.Helper()
	return s.waitFor(fmt.Sprintf("%q", text), d, func(scr string) bool { return strings.Contains(scr, text) })
}

// lineWith returns the first screen line that contains text.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

func TestExplorerAgainstBrokerProcess(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	addr := startBroker(t, bin)
	createTopics(t, addr, map[string]int{"bankbranch": 2, "payments": 3, "orders": 1, "audit-log": 1})

	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --brokers %s; echo EXITED:$?; sleep 600", home, bin, addr))

	// The topic browser lists every topic.
	scr := s.waitFor("the four topics", 15*time.Second, func(scr string) bool {
		for _, name := range []string{"bankbranch", "payments", "orders", "audit-log"} {
			if !strings.Contains(scr, name) {
				return false
			}
		}
		return true
	})
	if !strings.Contains(scr, "connected") || !strings.Contains(scr, addr) {
		t.Errorf("header lacks the connection:\n%s", scr)
	}

	// / and typing narrow the list.
	s.keys("/")
	s.typeText("bank")
	s.waitFor("the filter to narrow the list", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "bankbranch") && !strings.Contains(scr, "payments") && !strings.Contains(scr, "orders")
	})

	// enter opens bankbranch's detail with its configs. The first enter
	// may only close the filter input, so press it until the detail shows.
	var detail string
	for i := 0; i < 3 && detail == ""; i++ {
		s.keys("Enter")
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			if scr := s.screen(); strings.Contains(scr, "cleanup.policy") {
				detail = scr
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if detail == "" {
		t.Fatalf("bankbranch's detail never showed cleanup.policy:\n%s", s.screen())
	}
	if l := lineWith(detail, "cleanup.policy"); !strings.Contains(l, "delete") {
		t.Errorf("cleanup.policy line %q lacks delete:\n%s", l, detail)
	}

	// esc goes back to the topic browser.
	s.keys("Escape")
	s.waitFor("the topic browser again", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "bankbranch") && !strings.Contains(scr, "cleanup.policy")
	})

	// q quits and gives the terminal back: the alternate screen is gone,
	// the shell's output is there.
	s.keys("q")
	scr = s.waitFor("kscope to exit", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "EXITED:")
	})
	if !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
	if strings.Contains(scr, "connected") || strings.Contains(scr, "bankbranch") {
		t.Errorf("the explorer is still on screen after quitting:\n%s", scr)
	}
}

func TestExplorerShowsUnreachableAndQuits(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	addr := freeAddr(t) // nothing listens there
	s := startTmux(t, tmux, fmt.Sprintf("%s --brokers %s; echo EXITED:$?; sleep 600", bin, addr))
	scr := s.waitText("Cannot reach the Kafka cluster", 10*time.Second)
	if !strings.Contains(scr, addr) || !strings.Contains(scr, "unreachable") {
		t.Errorf("error screen lacks the address or state:\n%s", scr)
	}
	s.keys("r")
	s.keys("q")
	scr = s.waitText("EXITED:", 5*time.Second)
	if !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}
