package interop

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// pythonKafka is the interpreter that has kafka-python: Debian's
// python3-kafka installs it for the system python only.
const pythonKafka = "/usr/bin/python3"

var (
	binDir string // temp dir for the kscope binary, removed by TestMain

	buildOnce sync.Once
	kscopeBin string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kscope-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// kscope builds the kscope binary on first use and returns its path.
func kscope(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
		if err != nil {
			buildErr = fmt.Errorf("go env GOMOD: %v", err)
			return
		}
		root := filepath.Dir(strings.TrimSpace(string(out)))
		bin := filepath.Join(binDir, "kscope")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build kscope in %s: %v\n%s", root, err, out)
			return
		}
		kscopeBin = bin
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return kscopeBin
}

// requireTool skips the test when a client tool is missing, or fails it
// under CI=true, where the tools must be installed.
func requireTool(t *testing.T, name string, ok bool, how string) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf("%s is not available (%s); the interop test needs it", name, how)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " and CI=true requires it")
	}
	t.Skip(msg + "; skipping")
}

func requirePythonKafka(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := exec.CommandContext(ctx, pythonKafka, "-c", "import kafka").Run()
	requireTool(t, "kafka-python", err == nil, pythonKafka+` -c "import kafka" failed; install Debian's python3-kafka`)
}

func requireKcat(t *testing.T) {
	t.Helper()
	_, err := exec.LookPath("kcat")
	requireTool(t, "kcat", err == nil, "not on PATH; install Debian's kcat")
}

// lockedBuffer collects a process's output from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// brokerProc is a running `kscope broker` process.
type brokerProc struct {
	Addr    string
	DataDir string

	cmd    *exec.Cmd
	output *lockedBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // Wait's result, valid after done
}

var listeningRE = regexp.MustCompile(`^kscope broker listening on ([^\s,]+)(?:, .*)?, data: (.+)$`)

// startBroker runs `kscope broker` on a free loopback port with the given
// data dir and extra flags, waits for its listening line, and stops it
// when the test ends.
func startBroker(t *testing.T, dataDir string, extra ...string) *brokerProc {
	t.Helper()
	args := append([]string{"broker", "--listen", "127.0.0.1:0", "--data-dir", dataDir}, extra...)
	if !slices.Contains(extra, "--registry-listen") {
		// The registry's default is a fixed port; tests use free ports only.
		args = append(args, "--registry-listen", "off")
	}
	// The deadline is a backstop: cleanup stops the process much earlier.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	cmd := exec.CommandContext(ctx, kscope(t), args...)
	p := &brokerProc{DataDir: dataDir, cmd: cmd, output: &lockedBuffer{}, done: make(chan struct{})}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	cmd.Stderr = p.output
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start kscope %s: %v", strings.Join(args, " "), err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		first := true
		for sc.Scan() {
			fmt.Fprintln(p.output, sc.Text())
			if first {
				lines <- sc.Text()
				first = false
			}
		}
		io.Copy(io.Discard, stdout)
		close(lines)
	}()
	go func() {
		p.err = cmd.Wait()
		cancel()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() {
			t.Logf("kscope %s output:\n%s", strings.Join(args, " "), p.output.String())
		}
	})

	select {
	case line, ok := <-lines:
		m := listeningRE.FindStringSubmatch(line)
		if !ok || m == nil {
			p.kill()
			t.Fatalf("kscope broker's first line = %q, want %q; output:\n%s", line, listeningRE, p.output.String())
		}
		p.Addr = m[1]
		if m[2] != dataDir {
			t.Errorf("kscope broker says data: %q, want %q", m[2], dataDir)
		}
	case <-time.After(30 * time.Second):
		p.kill()
		t.Fatalf("kscope broker printed no listening line within 30s; output:\n%s", p.output.String())
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *brokerProc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop asks the broker to shut down with SIGTERM, as a user's Ctrl+C
// would, and kills it if it does not exit within 10s. Stopping an exited
// process does nothing.
func (p *brokerProc) stop(t *testing.T) {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("kscope broker exited with %v after SIGTERM, want a clean exit", p.err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("kscope broker did not exit within 10s of SIGTERM; killing it")
		p.kill()
	}
}

// run runs a command with a deadline and returns its stdout; it fails the
// test, showing stderr, when the command fails or times out.
func run(t *testing.T, timeout time.Duration, stdin string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = 2 * time.Second
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: no result within %s\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), timeout, stdout.String(), stderr.String())
	}
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}
