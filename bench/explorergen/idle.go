package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// idle launches the explorer once with its default auto-refresh, waits
// for the full list, then reports the CPU seconds (user + system, from
// /proc/PID/stat) that the explorer and the broker used in -windows
// consecutive windows of -window each while nobody touches a key. With
// -ktea it then does the same for ktea, against the same broker. With
// -alternate as well, the two take turns instead, one window each per
// round (-windows rounds, each launch given -settle after its full list
// before its window), so that a machine whose speed drifts over the
// minutes weighs on both alike; then each one's totals.
func idle(args []string) error {
	fs := flag.NewFlagSet("idle", flag.ExitOnError)
	bin := fs.String("bin", "./kscope", "kscope binary")
	label := fs.String("label", "", "name of the binary in the output")
	brokers := fs.String("brokers", "127.0.0.1:9092", "bootstrap address")
	brokerPID := fs.Int("broker-pid", 0, "PID of the broker, whose share is counted")
	n := fs.Int("n", 10000, "topics the title must count")
	window := fs.Duration("window", 30*time.Second, "length of one idle window")
	windows := fs.Int("windows", 2, "consecutive windows")
	kteaBin := fs.String("ktea", "", "ktea binary measured the same way after kscope (empty: kscope only)")
	alternate := fs.Bool("alternate", false, "with -ktea: take turns, one window each per round, a fresh launch each")
	settle := fs.Duration("settle", 3*time.Second, "with -alternate: wait after the full list before a window")
	fs.Parse(args)

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

	w := idleWatch{tm: tm, brokerPID: *brokerPID, n: *n, window: *window, windows: *windows}
	kscope := tool{
		shell: fmt.Sprintf("exec %s --brokers %s", abs, *brokers),
		want:  fmt.Sprintf("Topics (%d/%d)", *n, *n),
		quit:  "q",
	}
	if *kteaBin == "" {
		_, err := w.measure("kscope "+*label, kscope)
		if err == nil {
			fmt.Println("ktea: not measured (no -ktea binary given)")
		}
		return err
	}
	kt, err := newKteaTool(*kteaBin, *brokers, *n, dir)
	if err != nil {
		return err
	}
	if *alternate {
		return w.alternate("kscope "+*label, kscope, "ktea", kt.launch(), *settle)
	}
	if _, err := w.measure("kscope "+*label, kscope); err != nil {
		return err
	}
	_, err = w.measure("ktea", kt.launch())
	return err
}

// alternate measures a and b in turns, one window each per round, each
// from a fresh launch settled for settle, then a window of the broker with
// no explorer, and prints each one's totals. The broker's own work (Go's
// forced collection every two minutes, retention checks) lands in
// whichever window it falls in; with two turns a round lasts about as long
// as that two-minute period, so it kept falling in one tool's window for
// several rounds in a row and was charged to that tool. The third turn
// shifts the phase each round and shows what the broker costs alone.
func (w idleWatch) alternate(aLabel string, a tool, bLabel string, b tool, settle time.Duration) error {
	one := w
	one.windows, one.settle = 1, settle
	var ta, tb cpuTotal
	var alone float64
	for round := range w.windows {
		got, err := one.measure(fmt.Sprintf("%s, round %d", aLabel, round+1), a)
		if err != nil {
			return err
		}
		ta.add(got)
		if got, err = one.measure(fmt.Sprintf("%s, round %d", bLabel, round+1), b); err != nil {
			return err
		}
		tb.add(got)
		spent, err := one.brokerAlone(fmt.Sprintf("broker alone, round %d", round+1))
		if err != nil {
			return err
		}
		alone += spent
	}
	for _, t := range []struct {
		label string
		total cpuTotal
	}{{aLabel, ta}, {bLabel, tb}} {
		fmt.Printf("%s, %d windows of %v taking turns: explorer %.2f s + broker %.2f s = %.2f s CPU\n",
			t.label, w.windows, w.window, t.total.explorer, t.total.broker, t.total.explorer+t.total.broker)
	}
	fmt.Printf("broker alone, %d windows of %v taking turns: %.2f s CPU\n", w.windows, w.window, alone)
	return nil
}

// brokerAlone prints and returns the broker's CPU seconds over one window
// with no explorer running, after settle.
func (w idleWatch) brokerAlone(label string) (float64, error) {
	time.Sleep(w.settle)
	b0, err := cpuSeconds(w.brokerPID)
	if err != nil {
		return 0, err
	}
	time.Sleep(w.window)
	b1, err := cpuSeconds(w.brokerPID)
	if err != nil {
		return 0, err
	}
	fmt.Printf("%s, no explorer for %v: broker %.2f s CPU\n", label, w.window, b1-b0)
	return b1 - b0, nil
}

// cpuTotal is CPU seconds of the explorer and the broker.
type cpuTotal struct{ explorer, broker float64 }

func (t *cpuTotal) add(o cpuTotal) { t.explorer += o.explorer; t.broker += o.broker }

// idleWatch is what one idle measurement needs besides the tool.
type idleWatch struct {
	tm           tmux
	brokerPID, n int
	window       time.Duration
	windows      int
	settle       time.Duration // waited after the full list before the first window
}

// measure launches t, waits for its full list and prints its and the
// broker's CPU seconds per idle window; it returns their sums.
func (w idleWatch) measure(label string, t tool) (cpuTotal, error) {
	var total cpuTotal
	session := fmt.Sprintf("idle-%d", time.Now().UnixNano())
	if out, err := w.tm.cmd("new-session", "-d", "-s", session, "-x", "120", "-y", "40", t.shell).CombinedOutput(); err != nil {
		return total, fmt.Errorf("tmux new-session: %v: %s", err, out)
	}
	defer w.tm.cmd("kill-session", "-t", session).Run()
	if err := awaitScreen(w.tm, session, t.want, launchLimit); err != nil {
		return total, err
	}
	out, err := w.tm.cmd("list-panes", "-t", session, "-F", "#{pane_pid}").Output()
	if err != nil {
		return total, fmt.Errorf("tmux list-panes: %w", err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	time.Sleep(w.settle)
	for i := range w.windows {
		k0, err := cpuSeconds(pid)
		if err != nil {
			return total, err
		}
		b0, err := cpuSeconds(w.brokerPID)
		if err != nil {
			return total, err
		}
		time.Sleep(w.window)
		k1, err := cpuSeconds(pid)
		if err != nil {
			return total, err
		}
		b1, err := cpuSeconds(w.brokerPID)
		if err != nil {
			return total, err
		}
		total.add(cpuTotal{k1 - k0, b1 - b0})
		fmt.Printf("%s %d topics, idle %v..%v after the list: explorer %.2f s + broker %.2f s = %.2f s CPU\n",
			label, w.n, w.settle+time.Duration(i)*w.window, w.settle+time.Duration(i+1)*w.window, k1-k0, b1-b0, k1-k0+b1-b0)
	}
	w.tm.cmd("send-keys", "-t", session, t.quit).Run()
	return total, nil
}

// awaitScreen polls the session's screen until it shows want.
func awaitScreen(tm tmux, session, want string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		out, err := tm.cmd("capture-pane", "-p", "-t", session).Output()
		if err == nil && strings.Contains(string(out), want) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no %q within %v; screen:\n%s", want, limit, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cpuSeconds returns the user + system CPU time of a process from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces: count after its ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, s)
	}
	utime, err1 := strconv.ParseFloat(f[11], 64)
	stime, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, s)
	}
	return (utime + stime) / 100, nil
}
