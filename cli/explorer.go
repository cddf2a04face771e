package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"kscope/broker"
	"kscope/config"
	"kscope/kafkaops"
	"kscope/registry"
	"kscope/ui"
)

// brokersEnv names the environment variable that, like --brokers, points
// the explorer at a cluster.
const brokersEnv = "KSCOPE_BROKERS"

// probeTimeout bounds the check for a broker already answering on the
// local address: on loopback an answer takes microseconds.
const probeTimeout = 300 * time.Millisecond

// explorerOptions are the root command's flags.
type explorerOptions struct {
	local       bool
	localListen string
	localNodes  int
	dataDir     string
	demo        bool
	brokers     []string
	readOnly    bool
	refresh     time.Duration
	contextName string
	debug       bool
	registry    string
}

// addExplorer makes the root command open the explorer.
func addExplorer(root *cobra.Command) {
	var o explorerOptions
	root.Example = `  kscope --local --demo              start the bundled broker and explore it
  kscope --brokers kafka1:9092,kafka2:9092
  KSCOPE_BROKERS=kafka1:9092 kscope --read-only
  kscope --context prod              a context of ~/.config/kscope/config.yaml
  kscope                              127.0.0.1:9092, or offer to start a broker`
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("unknown command %q (see kscope --help)", args[0])
		}
		return runExplorer(cmd, o)
	}
	f := root.Flags()
	f.BoolVar(&o.local, "local", false, "start the bundled broker in-process and explore it (or use the one already answering on its address)")
	f.StringVar(&o.localListen, "local-listen", broker.DefaultListen, "with --local: host:port the bundled broker listens on (port 0 picks a free one)")
	f.StringVar(&o.dataDir, "data-dir", "", "with --local: where the bundled broker keeps data (default $XDG_DATA_HOME/kscope/broker or ~/.local/share/kscope/broker)")
	f.IntVar(&o.localNodes, "nodes", 1, "with --local: brokers in the bundled cluster, on consecutive ports from --local-listen")
	f.BoolVar(&o.demo, "demo", false, "with --local: create bankbranch and produce a trickle of ATM transactions to it")
	f.StringSliceVar(&o.brokers, "brokers", nil, "bootstrap brokers, host:port[,host:port] (env "+brokersEnv+")")
	f.StringVar(&o.registry, "schema-registry", "", "Schema Registry URL, to show Avro, Protobuf and JSON Schema records decoded (env "+schemaRegistryEnv+"; default: the context's, or with --local the bundled one)")
	f.BoolVar(&o.readOnly, "read-only", false, "disable everything that writes to the cluster")
	f.DurationVar(&o.refresh, "refresh", defaultRefresh, "how often lists refresh and the connection is checked (0 turns it off; default: the context's refresh, else 10s)")
	f.StringVar(&o.contextName, "context", "", "open the named context of the contexts file ($XDG_CONFIG_HOME/kscope/config.yaml); default its current-context")
	f.BoolVar(&o.debug, "debug", false, "write a debug log to $XDG_STATE_HOME/kscope/debug.log (no secrets)")
	_ = root.RegisterFlagCompletionFunc("context", completeContexts)
}

func (o explorerOptions) validate(cmd *cobra.Command) error {
	if !o.local {
		for _, name := range []string{"local-listen", "data-dir", "demo", "nodes"} {
			if cmd.Flags().Changed(name) {
				return fmt.Errorf("--%s needs --local", name)
			}
		}
	}
	if o.local && len(o.brokers) > 0 {
		return errors.New("use either --local or --brokers, not both")
	}
	return checkExplorerFlags(cmd, o.brokers, o.refresh)
}

// runExplorer resolves which cluster to open, starts the bundled broker
// when asked, and runs the TUI until the user quits.
func runExplorer(cmd *cobra.Command, o explorerOptions) error {
	if err := o.validate(cmd); err != nil {
		return err
	}
	fs := settingsFrom(cmd, o)
	tgt, err := resolveTarget(fs, os.Getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	var logPath string
	if o.debug {
		var closeLog func()
		if log, logPath, closeLog, err = debugLog(); err != nil {
			return err
		}
		defer closeLog()
		defer fmt.Fprintln(os.Stderr, "kscope: debug log written to", logPath)
		log.Info("kscope starting", "version", Version(), "target", tgt.source, "brokers", tgt.addrs, "read-only", tgt.readOnly, "refresh", tgt.refresh)
		for _, w := range tgt.warnings {
			log.Warn("config", "warning", w)
		}
	}
	local := &localBroker{listen: o.localListen, dataDir: o.dataDir, demo: o.demo, nodes: o.localNodes, log: newBrokerLog(nil)}
	if o.debug {
		local.log.debug = &slogLines{log: log}
	}
	defer local.close()

	opts := ui.Options{
		ReadOnly:   tgt.readOnly,
		Refresh:    tgt.refresh,
		TailBuffer: tgt.tailBuffer,
		NoColor:    os.Getenv("NO_COLOR") != "",
		Warnings:   shortWarnings(tgt),
		Log:        log,
		Notices:    local.log.notices,
	}
	if tgt.contextsPath != "" {
		// Also without a file at start: :ctx reads it on each use. A bad
		// file was reported by resolveTarget: no contexts then.
		opts.ReloadContexts = contextLister(tgt.contextsPath, fs)
		opts.Contexts, _ = opts.ReloadContexts()
		opts.ContextsFile = tgt.contextsPath
		opts.Switch = switcher(tgt.contextsPath, fs, log)
	}
	var addrs []string
	switch {
	case o.local:
		if a := o.localListen; !strings.HasSuffix(a, ":0") && answers(a) {
			addrs = []string{a}
			opts.Note = "a broker already answers at " + a + ": exploring it"
			if o.demo {
				opts.Note += " (--demo ignored)"
			}
			opts.StartLocal = local.startForUI
			break
		}
		addr, note, err := startOrAttach(local, attachWait)
		if err != nil {
			return err
		}
		addrs, opts.Note = []string{addr}, note
		// When another kscope's broker is explored and that kscope quits,
		// this one can start the broker itself.
		opts.StartLocal = local.startForUI
		opts.Nodes = local.nodeControl()
	case tgt.context != nil:
		addrs = tgt.addrs
		opts.Cluster = tgt.context.Name
	default:
		addrs = tgt.addrs
		if tgt.source == "default" {
			opts.OfferLocal = true
			opts.StartLocal = local.startForUI
		}
	}
	var svc kafkaops.Service
	if tgt.context != nil {
		svc, err = contextService(tgt.context)
	} else {
		svc, err = newService(serviceAddrs(local, addrs))
	}
	if err != nil {
		return err
	}
	// The topic list is the first screen: its listing starts now, while
	// the terminal and the connection check are set up.
	opts.Service = kafkaops.PrefetchTopicNames(svc)
	opts.Addr = strings.Join(addrs, ",")
	if opts.Decoder, err = explorerDecoder(o.registry, os.Getenv, tgt.context); err != nil {
		_ = opts.Service.Close()
		return err
	}
	if opts.Decoder == nil && o.local {
		opts.Decoder = local.decoder()
	}
	if logPath != "" {
		opts.Note = strings.TrimPrefix(opts.Note+" · debug log: "+logPath, " · ")
	}

	applyTail(cmd, &opts)
	m := ui.New(opts)
	ctx := cmd.Context()
	_, err = tea.NewProgram(m, tea.WithContext(ctx)).Run()
	_ = m.Service().Close()
	// The warnings were shown in the status line at start, whole (see
	// shortWarnings): not again on exit.
	fmt.Fprint(os.Stderr, local.report())
	if err != nil && errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // SIGTERM or SIGINT from outside: a normal way to stop
	}
	return err
}

// settingsFrom gathers the flags a context's settings yield to.
func settingsFrom(cmd *cobra.Command, o explorerOptions) flagSettings {
	fs := flagSettings{
		brokers:     o.brokers,
		contextName: o.contextName,
		local:       o.local,
		readOnly:    o.readOnly,
		refresh:     o.refresh,
		refreshSet:  cmd.Flags().Changed("refresh"),
	}
	// --tail-buffer belongs to the tail; read it by name so a context's
	// tail-buffer applies only when the flag is not given.
	if fl := cmd.Flags().Lookup("tail-buffer"); fl != nil {
		if n, err := cmd.Flags().GetInt("tail-buffer"); err == nil {
			fs.tailBuffer, fs.tailBufSet = n, fl.Changed
		}
	}
	return fs
}

// shortWarnings are the config warnings for the status line: without the
// contexts file's path, which is long and printed with the full warning
// on stderr at exit.
func shortWarnings(t *target) []string {
	var out []string
	for _, w := range t.warnings {
		if t.contexts != nil {
			w = strings.TrimPrefix(w, t.contexts.Path+": ")
		}
		// The status line is the only place the warning is shown: keep
		// the remedy with the path, written short.
		if t.contexts != nil {
			w = strings.Replace(w, "; run chmod 600 "+t.contexts.Path, "; chmod 600 "+tildePath(t.contexts.Path), 1)
		}
		out = append(out, w)
	}
	return out
}

// tildePath writes path under the home directory as ~/…, for messages.
func tildePath(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" {
		return path
	}
	if rest, ok := strings.CutPrefix(path, home+string(os.PathSeparator)); ok {
		return "~" + string(os.PathSeparator) + rest
	}
	return path
}

// newService connects kafkaops to the bootstrap addresses.
func newService(addrs []string) (*kafkaops.Client, error) {
	var clean []string
	for _, a := range addrs {
		if a = strings.TrimSpace(a); a != "" {
			clean = append(clean, a)
		}
	}
	return kafkaops.New(kafkaops.Config{
		Brokers:        clean,
		ClientID:       "kscope",
		DialTimeout:    3 * time.Second,
		RequestTimeout: 10 * time.Second,
	})
}

// answers reports whether something accepts TCP connections at addr.
func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, probeTimeout)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// localBroker is the bundled broker the explorer may start, either at
// launch (--local) or from the welcome screen; close stops it.
type localBroker struct {
	listen, dataDir string
	demo            bool
	nodes           int
	log             *brokerLog // the broker's log; nil discards it

	mu sync.Mutex
	b  *broker.Broker
	// registryURL is the bundled Schema Registry's, "" when none runs;
	// stopRegistry stops it.
	registryURL  string
	stopRegistry func() error
	// checkReport holds what the broker's start-up check found in the
	// data dir; it is printed after the UI exits, as stderr would draw
	// over the screen.
	checkReport strings.Builder
}

// start starts the broker and returns its address and where its data is.
func (l *localBroker) start() (addr, where string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b != nil {
		return l.b.Addr(), l.where(), nil
	}
	dir := l.dataDir
	if dir == "" {
		if dir, err = config.BrokerDataDir(); err != nil {
			return "", "", err
		}
	}
	var log io.Writer
	if l.log != nil {
		l.log.setDir(dir)
		log = l.log
	}
	b, err := broker.Start(broker.Options{Listen: l.listen, DataDir: dir, Demo: l.demo, Nodes: l.nodes, Log: log, CheckReport: &l.checkReport})
	if err != nil {
		return "", "", err
	}
	l.b = b
	l.startRegistry()
	return b.Addr(), l.where(), nil
}

func (l *localBroker) where() string {
	if d := l.b.DataDir(); d != "" {
		return d
	}
	return "in memory"
}

// startForUI is the welcome screen's "start the local broker" key.
func (l *localBroker) startForUI() (ui.LocalCluster, error) {
	addr, _, err := l.start()
	if err != nil {
		return ui.LocalCluster{}, err
	}
	svc, err := newService(l.nodeAddrs(addr))
	if err != nil {
		return ui.LocalCluster{}, err
	}
	return ui.LocalCluster{Addr: addr, Service: svc, Decoder: l.decoder(), Nodes: l.nodeControl()}, nil
}

// report returns what the broker's start-up check said, if anything.
func (l *localBroker) report() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.checkReport.String()
}

// close stops the broker, flushing its data, if one was started.
func (l *localBroker) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b != nil {
		// The explorer has left the terminal by now: a failed final
		// save can be told on stderr.
		if l.stopRegistry != nil {
			if err := l.stopRegistry(); err != nil {
				fmt.Fprintln(os.Stderr, "kscope: schema registry:", err)
			}
			l.stopRegistry = nil
		}
		if err := stopSaying(l.b.Shutdown, os.Stderr, stopNoticeAfter); err != nil {
			fmt.Fprintln(os.Stderr, "kscope:", err)
		}
		if l.log != nil {
			fmt.Fprint(os.Stderr, l.log.Close())
		}
		l.b = nil
	}
}

// startRegistry serves the bundled Schema Registry beside the broker; a
// registry that cannot start is told on exit, and the explorer goes on
// without one. Called with mu held.
func (l *localBroker) startRegistry() {
	url, stop, err := serveLocalRegistry(l.b.DataDir(), strings.HasSuffix(l.listen, ":0"))
	if err != nil {
		fmt.Fprintf(&l.checkReport, "warning: no schema registry: %v\n", err)
		return
	}
	l.registryURL, l.stopRegistry = url, stop
	if l.demo {
		startAvroDemo(io.Discard, &l.checkReport, l.b, true, url)
	}
}

// decoder decodes with the bundled registry: the one started with the
// broker, else one already answering at its default address (another
// kscope's); nil when there is none.
func (l *localBroker) decoder() kafkaops.Decoder {
	l.mu.Lock()
	url := l.registryURL
	l.mu.Unlock()
	if url == "" {
		if !answers(registry.DefaultListen) {
			return nil
		}
		url = "http://" + registry.DefaultListen
	}
	d, err := urlDecoder(url)
	if err != nil {
		return nil
	}
	return d
}
