// Package broker runs kscope's bundled single-node Kafka-compatible broker.
//
// It wraps kfake with what a long-lived local broker needs: persistence to a
// data dir, a broker-wide retention that holds for every topic, clear errors
// for the usual start-up failures, and optional demo data.
package broker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// DefaultListen is the address the broker binds when none is given.
const DefaultListen = "127.0.0.1:9092"

// clusterID is the cluster ID the broker reports.
const clusterID = "kscope-local"

// DefaultRetention is the broker-wide retention applied to every topic that
// does not set retention.ms itself (Kafka's default: 7 days).
const DefaultRetention = 7 * 24 * time.Hour

// Options configures a broker started with Start.
type Options struct {
	// Listen is the host:port to bind; port 0 picks a free port.
	// Empty means DefaultListen.
	Listen string
	// DataDir is where topics, records and committed offsets are kept.
	// Empty means DefaultDataDir(). Ignored when InMemory is set.
	DataDir string
	// InMemory keeps everything in memory: nothing survives Close.
	InMemory bool
	// Partitions is the partition count of automatically created topics
	// and of CreateTopics requests that leave it to the broker (default 1).
	Partitions int
	// Retention is the broker-wide log.retention.ms (default 7 days).
	Retention time.Duration
	// RetentionCheck is how often retention is enforced. Zero picks a
	// tenth of Retention, clamped between one second and five minutes.
	RetentionCheck time.Duration
	// Nodes is the number of brokers in the bundled cluster (default 1).
	// Node i listens on the port of Listen plus i, or on any free port
	// when that port is 0. All nodes share one data dir.
	Nodes int
	// ACLs makes the broker enforce ACLs: the SASL users are super users
	// and every other principal needs an ACL. It needs SASL.
	ACLs bool
	// Demo creates the bankbranch topic and produces a trickle of ATM
	// transactions into it until Close.
	Demo bool
	// DemoInterval is the pause between two demo records (default 400ms).
	DemoInterval time.Duration

	// SASL, when not empty, makes every client authenticate as one of
	// these users. They are the only users: users saved in the data dir
	// by an earlier run are forgotten.
	SASL []SASLUser
	// TLSCert and TLSKey are PEM files of the broker's certificate and
	// private key; when set, the broker speaks only TLS.
	TLSCert, TLSKey string
	// TLSClientCA, when set with TLSCert and TLSKey, is a PEM file of the
	// CA that client certificates must be signed by (mutual TLS).
	TLSClientCA string

	// KafkaVersion, when set (for example "2.8" or "4.0", one of
	// KafkaVersions), makes the broker answer as that Apache Kafka release:
	// its API version ranges and, from 4.0, its refusal of the versions
	// KIP-896 removed. Empty means the newest release kfake models.
	KafkaVersion string

	// MaxPartitions caps the partition count of one topic in CreateTopics
	// and CreatePartitions (default DefaultMaxPartitions).
	MaxPartitions int
	// Log receives the broker's warnings and errors, one sanitized line
	// each; nil discards them.
	Log io.Writer
	// LogLevel is how much goes to Log (default LogWarn).
	LogLevel LogLevel

	noGuard bool // tests and benchmarks only: hand every request to kfake unchecked
	// warmTopics, for tests: the topics a data dir needs for the kept
	// Metadata answer to be built at start; 0 means warmMinTopics.
	warmTopics int

	// Recover lets the broker start on a data dir whose metadata files
	// are missing or damaged: it rebuilds them from the partition folders
	// and reports what it could not recover. Without it such a dir is
	// refused.
	Recover bool
	// Fsync makes every acknowledged write reach the disk before the
	// acknowledgement (kfake's SyncWrites), so it survives a power loss.
	Fsync bool
	// CheckReport receives the start-up check's report on the data dir:
	// what was damaged, kept aside and lost. Nil means os.Stderr.
	CheckReport io.Writer
}

// Broker is a running bundled broker. Close it to flush and stop.
type Broker struct {
	cluster *kfake.Cluster
	addr    string
	nodes   *nodeSet
	view    *replicaView // nil on a single node
	meta    *metaCache   // nil under SASL or TLS
	dataDir string
	lock    *os.File // held while the broker runs; nil in memory

	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
	opts   Options
	log    *logger
	err    error // of the final save, set by Close

	// demoCtx ends when the broker stops (StartAvroDemo's producer).
	demoCtx context.Context
}

// DefaultDataDir returns kscope/broker under the user's data dir
// ($XDG_DATA_HOME, else ~/.local/share).
func DefaultDataDir() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the home directory for the data dir: %w (set --data-dir)", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "kscope", "broker"), nil
}

// Start starts a broker with the given options and returns once it accepts
// connections.
func Start(opts Options) (*Broker, error) {
	opts = withDefaults(opts)
	lg := newLogger(opts.Log, opts.LogLevel)
	host, port, err := splitListen(opts.Listen)
	if err != nil {
		return nil, err
	}
	if err := checkNodes(opts.Nodes, port); err != nil {
		return nil, err
	}
	authKopts, err := authOpts(opts)
	if err != nil {
		return nil, err
	}
	emu, err := resolveKafkaVersion(opts.KafkaVersion)
	if err != nil {
		return nil, err
	}
	dataDir := ""
	var lock *os.File
	loaded := 0 // topics in the data dir
	if !opts.InMemory {
		if opts.DataDir == "" {
			if opts.DataDir, err = DefaultDataDir(); err != nil {
				return nil, err
			}
		}
		if err := prepareDataDir(opts.DataDir); err != nil {
			return nil, err
		}
		dataDir = opts.DataDir
		if err := tightenModes(dataDir); err != nil {
			return nil, err
		}
		if lock, err = lockDataDir(dataDir); err != nil {
			return nil, err
		}
		if err := forgetSASLUsers(dataDir); err != nil {
			lock.Close()
			return nil, err
		}
		if loaded, err = checkDataDir(dataDir, opts.Recover, checkReport(opts)); err != nil {
			lock.Close()
			return nil, err
		}
	}

	// Read before kfake starts: the broker configs an earlier run saved.
	given := startBrokerConfigs(dataDir, flagBrokerConfigs(opts))
	view := newConfigView(dataDir, given, len(opts.SASL) > 0)
	if view.saslOn && opts.TLSCert == "" {
		view.answers = newSASLAnswers()
	}
	ready := make(chan struct{}) // closed once the guard is installed
	meta := newMetaCache(view.saslOn, opts.TLSCert != "")
	var replicas *replicaView
	if opts.Nodes > 1 && opts.TLSCert == "" {
		// Under TLS the connection's bytes are encrypted where the
		// view would read them: kfake's own replica lists stand.
		self, err := demoClientOpts(opts)
		if err != nil {
			return nil, err
		}
		replicas = newReplicaView(self)
	}
	kopts := []kfake.Opt{
		kfake.Ports(nodePorts(port, opts.Nodes)...),
		kfake.ClusterID(clusterID),
		kfake.AllowAutoTopicCreation(),
		kfake.WithLogger(lg),
		kfake.DefaultNumPartitions(opts.Partitions),
		kfake.BrokerConfigs(given),
		// kfake always asks for 127.0.0.1:port; bind the host we were given.
		kfake.ListenFn(func(network, addr string) (net.Listener, error) {
			ln, err := net.Listen(network, net.JoinHostPort(host, portOf(addr, port)))
			if err != nil {
				return nil, err
			}
			return meta.wrap(view.answers.wrapIfOn(replicas.wrapIfOn(gate(retryAccept(advertise(ln), lg.warnf), ready)))), nil
		}),
	}
	var budget *readBudget
	if dataDir != "" {
		var popts []kfake.Opt
		popts, budget = persistOpts(dataDir)
		kopts = append(kopts, popts...)
	}
	if opts.Fsync {
		kopts = append(kopts, kfake.SyncWrites())
	}
	kopts = append(kopts, authKopts...)
	kopts = append(kopts, emu.kfakeOpts()...)
	c, err := newCluster(kopts, budget)
	if err != nil {
		if lock != nil {
			lock.Close()
		}
		// The error can hold a topic name from the data dir: never let
		// its escape sequences reach the terminal.
		return nil, errors.New(Sanitize(startError(listenRange(opts.Listen, host, port, opts.Nodes), dataDir, err).Error()))
	}
	_ = forgetSASLUsers(dataDir) // written by kfake's first save, PLAIN passwords in clear
	meta.install(c)              // first: its controls must see every request before the others
	if err := noteStaticConfigs(dataDir, given); err != nil {
		lg.warnf("cannot note the broker configs given at start (a config altered at run time may give way to a flag at the next start): %v", err)
	}
	if err := emu.start(c); err != nil {
		c.Close()
		if lock != nil {
			lock.Close()
		}
		return nil, err
	}
	store := &storage{dir: dataDir, log: lg}
	if !opts.noGuard {
		(&guard{c: c, pre40: releaseBefore40(opts.KafkaVersion), log: lg, store: store, maxPartitions: opts.MaxPartitions, autoCreate: true, addr: c.ListenAddrs()[0]}).install()
	}
	view.install(c)
	followReassignments(c, meta)
	installScramGuard(c)
	store.warnIfLow()
	close(ready)
	// kfake read every segment into memory while loading (a load budget
	// at a time, see loadmem.go); hand that back to the OS now.
	debug.FreeOSMemory()

	ctx, cancel := context.WithCancel(context.Background())
	b := &Broker{cluster: c, meta: meta, addr: c.ListenAddrs()[0], nodes: newNodeSet(c.ListenAddrs()), view: replicas, dataDir: dataDir, lock: lock, cancel: cancel, demoCtx: ctx, opts: opts, log: lg}
	b.wg.Add(2)
	go b.enforceRetention(ctx, retentionCheck(opts))
	go func() {
		defer b.wg.Done()
		meta.warm(ctx, b.addr, loaded >= warmFrom(opts))
	}()
	if opts.Demo {
		if err := b.startDemo(ctx, opts.DemoInterval); err != nil {
			b.Close()
			return nil, err
		}
	}
	return b, nil
}

// Addr returns the bootstrap address clients connect to (host:port).
func (b *Broker) Addr() string { return b.addr }

// DataDir returns the data dir in use, or "" when the broker is in memory.
func (b *Broker) DataDir() string { return b.dataDir }

// ApplyRetention enforces retention on every topic now, rather than at the
// next periodic check.
func (b *Broker) ApplyRetention() { b.cluster.ApplyRetention() }

// Close stops the demo producer and the broker, flushing data to disk.
// It is safe to call more than once. Shutdown does the same and says
// whether the final save failed.
func (b *Broker) Close() { _ = b.Shutdown() }

// Shutdown is Close returning an error when the data could not all be
// saved (for instance on a full disk): the caller should then exit
// non-zero. Calling it again returns the same error.
func (b *Broker) Shutdown() error {
	b.once.Do(func() {
		b.cancel()
		b.wg.Wait()
		b.cluster.Close()
		_ = forgetSASLUsers(b.dataDir) // kfake saved them on close
		removeTmpFiles(b.dataDir)
		_ = tightenModes(b.dataDir)
		if msg := b.log.finalSaveError(); msg != "" {
			b.err = finalSaveError(b.dataDir, msg)
		}
		if b.lock != nil {
			b.lock.Close()
		}
	})
	return b.err
}

func withDefaults(o Options) Options {
	if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.Nodes <= 0 {
		o.Nodes = 1
	}
	if o.Partitions <= 0 {
		o.Partitions = 1
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.MaxPartitions <= 0 {
		o.MaxPartitions = DefaultMaxPartitions
	}
	if o.DemoInterval <= 0 {
		o.DemoInterval = 400 * time.Millisecond
	}
	return o
}

func retentionCheck(o Options) time.Duration {
	if o.RetentionCheck > 0 {
		return o.RetentionCheck
	}
	return min(max(o.Retention/10, time.Second), 5*time.Minute)
}

// enforceRetention runs kfake's retention on every topic periodically:
// kfake only schedules it for topics that set retention themselves, so
// without this the broker-wide default would never be applied.
func (b *Broker) enforceRetention(ctx context.Context, every time.Duration) {
	defer b.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.cluster.ApplyRetention()
		}
	}
}

func splitListen(listen string) (string, int, error) {
	host, p, err := net.SplitHostPort(listen)
	if err != nil {
		return "", 0, fmt.Errorf("invalid listen address %q: want host:port, e.g. 127.0.0.1:9092", listen)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("invalid listen address %q: port must be a number from 0 to 65535", listen)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	return host, port, nil
}

// prepareDataDir creates the data dir when missing and checks that it can
// be read and written, so that a bad dir fails with a clear message rather
// than deep inside kfake.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("data dir %s cannot be created: %v", dir, rootCause(err))
	}
	if _, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("data dir %s cannot be read: %v", dir, rootCause(err))
	}
	f, err := os.CreateTemp(dir, ".kscope-write-check-*")
	if err != nil {
		return fmt.Errorf("data dir %s is not writable: %v", dir, rootCause(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

func startError(listen, dataDir string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("address %s is already in use: another broker may be running there; pick another address with --listen, e.g. --listen 127.0.0.1:9093", listen)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "listen" {
		return fmt.Errorf("cannot listen on %s: %v", listen, rootCause(err))
	}
	if errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("data dir %s cannot be read: %v", dataDir, rootCause(err))
	}
	if dataDir != "" {
		return fmt.Errorf("cannot load data dir %s: %v", dataDir, err)
	}
	return fmt.Errorf("cannot start broker: %v", err)
}

// rootCause strips the Go wrappers (*PathError, *OpError) so a message
// reads "permission denied" rather than repeating the path.
func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
