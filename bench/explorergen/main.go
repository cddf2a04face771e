// Command explorergen is the helper of bench/explorer-10k.sh: it creates
// many topics on a running broker, and it times launches of the explorer
// in tmux until the first frame that shows every topic counted, with the
// explorer's memory once the list is shown.
//
//	explorergen create -brokers ADDR -n 10000
//	explorergen launch -bin ./kscope -brokers ADDR -n 10000 -runs 5
//	explorergen launch -bin ./kscope -local -n 0 -runs 5
//	explorergen idle -bin ./kscope -brokers ADDR -broker-pid PID -n 10000
//	explorergen launch -bin ./kscope -ktea ./ktea -brokers ADDR -n 10000 -runs 5
//
// With -ktea, launch and idle measure ktea the same way in the same run:
// launch alternates kscope and ktea against the same broker on the same
// private tmux server (see ktea.go for how ktea is configured and when its
// list counts as shown).
//
// It is a benchmark tool, not part of kscope, and is not run in CI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: explorergen create|launch|idle [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "create":
		err = create(os.Args[2:])
	case "launch":
		err = launch(os.Args[2:])
	case "idle":
		err = idle(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: want create, launch or idle", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "explorergen:", err)
		os.Exit(1)
	}
}

// create makes n topics of one partition each, in CreateTopics requests
// of -batch topics.
func create(args []string) error {
	fs := flag.NewFlagSet("create", flag.ExitOnError)
	brokers := fs.String("brokers", "127.0.0.1:9092", "bootstrap address")
	n := fs.Int("n", 10000, "topics to create")
	batch := fs.Int("batch", 500, "topics per CreateTopics request")
	partitions := fs.Int("partitions", 1, "partitions per topic")
	limit := fs.Duration("timeout", 0, "give up after this long (0: a minute per 100,000 topics, at least 5 minutes)")
	fs.Parse(args)
	if *limit <= 0 {
		*limit = createLimit(*n)
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(*brokers))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *limit)
	defer cancel()
	began := time.Now()
	for i := 0; i < *n; i += *batch {
		req := kmsg.NewPtrCreateTopicsRequest()
		req.TimeoutMillis = 60000
		for j := i; j < min(i+*batch, *n); j++ {
			rt := kmsg.NewCreateTopicsRequestTopic()
			rt.Topic = fmt.Sprintf("bench-topic-%05d", j)
			rt.NumPartitions = int32(*partitions)
			rt.ReplicationFactor = 1
			req.Topics = append(req.Topics, rt)
		}
		resp, err := req.RequestWith(ctx, cl)
		if err != nil {
			return fmt.Errorf("create topics %d..: %w", i, err)
		}
		if done := min(i+*batch, *n); done%100000 == 0 && done < *n {
			fmt.Fprintf(os.Stderr, "created %d of %d topics (%.0fs)\n", done, *n, time.Since(began).Seconds())
		}
		for _, t := range resp.Topics {
			// 36: already exists, from an earlier run on the same broker.
			if t.ErrorCode != 0 && t.ErrorCode != 36 {
				return fmt.Errorf("create topic %s: error code %d", t.Topic, t.ErrorCode)
			}
		}
	}
	fmt.Printf("created %d topics in %.2fs\n", *n, time.Since(began).Seconds())
	return nil
}

// createLimit is how long creating n topics may take by default: the
// bundled broker creates about 100,000 a minute on a loaded 2-core
// machine, so a fixed five minutes cut a run of 1,000,000 short at 578,500.
func createLimit(n int) time.Duration {
	return max(5*time.Minute, time.Duration(n/100000+1)*time.Minute*2)
}

// run is one launch's figures.
type run struct {
	trace, screen time.Duration // to the traced frame, to the text in tmux
	rss, hwm      int64         // kB
	// cpu and brokerCPU are the CPU seconds the explorer used from its
	// start to the full list, and the broker over the same span (when
	// -broker-pid is given): on a loaded machine, where wall time says
	// little, they say what the launch costs.
	cpu, brokerCPU float64
}

// launch starts the explorer in a detached tmux session of 120x40 -runs
// times and reports, per run and as medians: the time from launch to the
// first frame that counts every topic (written by the explorer itself when
// KSCOPE_TRACE_FIRST_FRAME is set), the time until tmux's screen shows
// "Topics (N/N)" (capture-pane polled every 10 ms), and VmRSS and VmHWM
// of the explorer once the list is shown.
func launch(args []string) error {
	fs := flag.NewFlagSet("launch", flag.ExitOnError)
	bin := fs.String("bin", "./kscope", "kscope binary")
	brokers := fs.String("brokers", "127.0.0.1:9092", "bootstrap address")
	n := fs.Int("n", 10000, "topics the title must count")
	runs := fs.Int("runs", 5, "launches")
	settle := fs.Duration("settle", time.Second, "wait after the list is shown before reading VmRSS")
	local := fs.Bool("local", false, "launch kscope --local on a new empty data dir instead of -brokers")
	brokerPID := fs.Int("broker-pid", 0, "PID of the broker, to report the CPU the launch cost it (0: not reported)")
	kteaBin := fs.String("ktea", "", "ktea binary to launch after each kscope launch, against the same -brokers (empty: kscope only)")
	fs.Parse(args)
	if *kteaBin != "" && *local {
		return errors.New("-ktea needs -brokers, not -local")
	}

	abs, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "explorergen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	tm, err := startTmux(dir)
	if err != nil {
		return err
	}
	defer tm.stop()

	var kt *kteaTool
	if *kteaBin != "" {
		if kt, err = newKteaTool(*kteaBin, *brokers, *n, dir); err != nil {
			return err
		}
	}
	var all, kteaRuns []run
	for i := range *runs {
		target := "--brokers " + *brokers
		if *local {
			target = fmt.Sprintf("--local --local-listen 127.0.0.1:0 --data-dir %s", filepath.Join(dir, fmt.Sprintf("data-%d", i)))
		}
		r, err := timed(*brokerPID, func() (run, error) {
			return launchOnce(tm, kscopeTool(abs, target, *n, filepath.Join(dir, "trace")), *settle)
		})
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		printRun(fmt.Sprintf("%d kscope", i+1), r)
		all = append(all, r)
		if kt == nil {
			continue
		}
		r, err = timed(*brokerPID, func() (run, error) { return launchOnce(tm, kt.launch(), *settle) })
		if err != nil {
			return fmt.Errorf("run %d, ktea: %w", i+1, err)
		}
		printRun(fmt.Sprintf("%d ktea  ", i+1), r)
		kteaRuns = append(kteaRuns, r)
	}
	printMedians("kscope", all)
	switch {
	case kt != nil:
		printMedians("ktea", kteaRuns)
	case !*local:
		fmt.Println("ktea: not measured (no -ktea binary given)")
	}
	return nil
}

// timed runs one launch and adds the CPU seconds the broker spent meanwhile
// (when brokerPID is not 0).
func timed(brokerPID int, launch func() (run, error)) (run, error) {
	b0, _ := cpuSeconds(brokerPID)
	r, err := launch()
	if err != nil || brokerPID <= 0 {
		return r, err
	}
	b1, err := cpuSeconds(brokerPID)
	r.brokerCPU = b1 - b0
	return r, err
}

// printRun prints one launch's figures; a tool without a trace hook shows
// "-" for the traced time.
func printRun(label string, r run) {
	traced := "   -"
	if r.trace != 0 {
		traced = fmt.Sprintf("%4.0f", ms(r.trace))
	}
	fmt.Printf("%s: first full frame %s ms (traced), on screen %4.0f ms (tmux), VmRSS %3.0f MB, VmHWM %3.0f MB, CPU %.2f s + broker %.2f s\n",
		label, traced, ms(r.screen), float64(r.rss)/1024, float64(r.hwm)/1024, r.cpu, r.brokerCPU)
}

// printMedians prints the medians of a tool's launches.
func printMedians(label string, all []run) {
	med := func(f func(run) float64) float64 {
		v := make([]float64, len(all))
		for i, r := range all {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	traced := "-"
	if t := med(func(r run) float64 { return ms(r.trace) }); t != 0 {
		traced = fmt.Sprintf("%.0f", t)
	}
	fmt.Printf("%s median of %d: first full frame %s ms (traced), on screen %.0f ms (tmux), VmRSS %.0f MB, VmHWM %.0f MB, CPU %.2f s + broker %.2f s\n",
		label, len(all), traced, med(func(r run) float64 { return ms(r.screen) }),
		med(func(r run) float64 { return float64(r.rss) / 1024 }), med(func(r run) float64 { return float64(r.hwm) / 1024 }),
		med(func(r run) float64 { return r.cpu }), med(func(r run) float64 { return r.brokerCPU }))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// tmux runs tmux commands on a private server: its own socket (-S, in the
// run's temp dir, so nothing is left behind), no user configuration, and a
// holder session that keeps the server alive
// between launches. Without the holder the server exits when a launch's
// session ends, and the next launch's new-session races that exit
// ("server exited unexpectedly").
type tmux struct{ socket string }

// startTmux starts the private server, its socket in dir, with its holder
// session.
func startTmux(dir string) (tmux, error) {
	tm := tmux{socket: filepath.Join(dir, "tmux.sock")}
	if out, err := tm.cmd("new-session", "-d", "-s", "holder", "-x", "120", "-y", "40", "sleep 86400").CombinedOutput(); err != nil {
		return tm, fmt.Errorf("tmux -S %s new-session: %v: %s", tm.socket, err, out)
	}
	// A launch whose kscope exits early keeps its pane, so that the
	// error can be captured instead of "can't find session".
	if out, err := tm.cmd("set-option", "-g", "remain-on-exit", "on").CombinedOutput(); err != nil {
		tm.stop()
		return tm, fmt.Errorf("tmux set-option remain-on-exit: %v: %s", err, out)
	}
	return tm, nil
}

// cmd returns a tmux command on the private server. TMUX is dropped from
// the environment so that running the bench inside tmux changes nothing.
func (tm tmux) cmd(args ...string) *exec.Cmd {
	c := exec.Command("tmux", append([]string{"-S", tm.socket, "-f", "/dev/null"}, args...)...)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "TMUX=") {
			c.Env = append(c.Env, e)
		}
	}
	return c
}

// stop ends the private server and every session on it.
func (tm tmux) stop() { tm.cmd("kill-server").Run() }

// launchLimit is how long a launch may take to show its list: ktea needs
// tens of seconds at 100,000 topics on a loaded machine.
const launchLimit = 3 * time.Minute

// tool is how one explorer is launched and when its list counts as shown.
type tool struct {
	shell string // the pane's command; starts with exec, so its PID is the pane's
	want  string // text on screen that proves the list shows every topic
	trace string // file the tool writes its first full frame's time to ("": none)
	quit  string // tmux key that ends it
}

// kscopeTool launches kscope on target with the first-frame trace hook and
// no auto-refresh.
func kscopeTool(bin, target string, n int, trace string) tool {
	return tool{
		shell: fmt.Sprintf("exec env %s=%s %s %s --refresh 0", "KSCOPE_TRACE_FIRST_FRAME", trace, bin, target),
		want:  fmt.Sprintf("Topics (%d/%d)", n, n),
		trace: trace,
		quit:  "q",
	}
}

func launchOnce(tm tmux, t tool, settle time.Duration) (run, error) {
	var r run
	want := t.want
	if t.trace != "" {
		_ = os.Remove(t.trace)
	}
	session := fmt.Sprintf("launch-%d", time.Now().UnixNano())
	began := time.Now()
	if out, err := tm.cmd("new-session", "-d", "-s", session, "-x", "120", "-y", "40", t.shell).CombinedOutput(); err != nil {
		return r, fmt.Errorf("tmux new-session: %v: %s", err, out)
	}
	defer tm.cmd("kill-session", "-t", session).Run()

	deadline := began.Add(launchLimit)
	for r.screen == 0 {
		if time.Now().After(deadline) {
			out, _ := tm.cmd("capture-pane", "-p", "-t", session).Output()
			return r, fmt.Errorf("no %q within %v; screen:\n%s", want, launchLimit, out)
		}
		out, err := tm.cmd("capture-pane", "-p", "-t", session).Output()
		if err == nil && strings.Contains(string(out), want) {
			r.screen = time.Since(began)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if t.trace != "" {
		var err error
		if r.trace, err = readTrace(t.trace, began); err != nil {
			return r, err
		}
	}

	out, err := tm.cmd("list-panes", "-t", session, "-F", "#{pane_pid}").Output()
	if err != nil {
		return r, fmt.Errorf("tmux list-panes: %w", err)
	}
	pid := strings.TrimSpace(string(out))
	if n, err := strconv.Atoi(pid); err == nil {
		// Read at once: what the launch cost, not the idle second after.
		r.cpu, _ = cpuSeconds(n)
	}
	time.Sleep(settle)
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return r, err
	}
	r.rss, r.hwm = procKB(status, "VmRSS"), procKB(status, "VmHWM")
	tm.cmd("send-keys", "-t", session, t.quit).Run()
	return r, nil
}

// readTrace returns the time from began to the first full frame that the
// explorer wrote to the trace file.
func readTrace(trace string, began time.Time) (time.Duration, error) {
	b, err := os.ReadFile(trace)
	if err != nil {
		return 0, fmt.Errorf("no trace written: %w", err)
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, errors.New("empty trace")
	}
	ns, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("trace %q: %w", b, err)
	}
	return time.Unix(0, ns).Sub(began), nil
}

// procKB returns a field of /proc/PID/status in kB.
func procKB(status []byte, name string) int64 {
	for l := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(l, name+":"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb
			}
		}
	}
	return 0
}
