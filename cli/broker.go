package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"kscope/broker"
	"kscope/registry"
)

func newBrokerCommand() *cobra.Command {
	var opts broker.Options
	var saslFlags []string
	var logLevel, usersFile, registryListen string
	cmd := &cobra.Command{
		Use:   "broker",
		Short: "Run the bundled Kafka-compatible broker in the foreground",
		Long: `Run kscope's bundled single-node broker until interrupted, for any Kafka
client (kafka-python, kcat, a Java app) to use. Topics, records and
committed offsets are kept in the data dir across restarts.`,
		Example: `  kscope broker
  kscope broker --listen 127.0.0.1:9093 --in-memory
  kscope broker --demo
  kscope broker --kafka-version 4.0
  kscope broker --sasl-users users.txt --tls-cert server.pem --tls-key server-key.pem`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if cmd.Flags().Changed("partitions") && opts.Partitions < 1 {
				return fmt.Errorf("--partitions must be at least 1, got %d", opts.Partitions)
			}
			if cmd.Flags().Changed("retention") && opts.Retention <= 0 {
				return fmt.Errorf("--retention must be positive, got %s", opts.Retention)
			}
			if opts.MaxPartitions < 1 {
				return fmt.Errorf("--max-partitions must be at least 1, got %d", opts.MaxPartitions)
			}
			if opts.Partitions > opts.MaxPartitions {
				return fmt.Errorf("--partitions must be from 1 to --max-partitions (%d), got %d", opts.MaxPartitions, opts.Partitions)
			}
			if opts.LogLevel, err = broker.ParseLogLevel(logLevel); err != nil {
				return fmt.Errorf("--log-level: %v", err)
			}
			opts.Log = cmd.ErrOrStderr()
			if opts.InMemory && (opts.Recover || opts.Fsync) {
				return fmt.Errorf("--recover and --fsync are about the data dir: they do not go with --in-memory")
			}
			users, err := brokerUsers(cmd.ErrOrStderr(), saslFlags, usersFile)
			if err != nil {
				return err
			}
			opts.SASL = users
			opts.CheckReport = cmd.ErrOrStderr()
			b, err := broker.Start(opts)
			if err != nil {
				return err
			}
			where := b.DataDir()
			if where == "" {
				where = "in memory (nothing is kept)"
			}
			var security []string
			if len(opts.SASL) > 0 {
				security = append(security, fmt.Sprintf("sasl (%s, %s)", broker.SASLScramSHA256, broker.SASLPlain))
			}
			if opts.ACLs {
				security = append(security, "ACLs enforced (the SASL users are super users)")
			}
			if opts.TLSCert != "" {
				t := "tls"
				if opts.TLSClientCA != "" {
					t = "tls (client certificates required)"
				}
				security = append(security, t)
			}
			sec := ""
			if len(security) > 0 {
				sec = ", " + strings.Join(security, ", ")
			}
			fmt.Fprintf(cmd.OutOrStdout(), "kscope broker listening on %s%s, data: %s\n", b.Addr(), sec, where)
			if opts.KafkaVersion != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "answering as Apache Kafka %s: its API versions, and from 4.0 its refusal of removed ones\n", opts.KafkaVersion)
			}
			if opts.Nodes > 1 {
				announceNodes(cmd.OutOrStdout(), b)
				go serveNodeCommands(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout(), b)
			}
			if opts.Demo {
				fmt.Fprintf(cmd.OutOrStdout(), "demo: producing ATM transactions to %s\n", broker.DemoTopic)
			}
			registryURL, stopRegistry, err := startRegistry(cmd.OutOrStdout(), cmd.ErrOrStderr(), registryListen, b.DataDir(), cmd.Flags().Changed("registry-listen"))
			if err != nil {
				return errors.Join(err, b.Shutdown())
			}
			startAvroDemo(cmd.OutOrStdout(), cmd.ErrOrStderr(), b, opts.Demo, registryURL)
			<-cmd.Context().Done()
			return errors.Join(stopRegistry(), b.Shutdown())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Listen, "listen", broker.DefaultListen, "host:port to listen on (port 0 picks a free one)")
	f.StringVar(&opts.DataDir, "data-dir", "", "where data is kept (default $XDG_DATA_HOME/kscope/broker or ~/.local/share/kscope/broker)")
	f.BoolVar(&opts.InMemory, "in-memory", false, "keep everything in memory; nothing survives a restart")
	f.IntVar(&opts.Partitions, "partitions", 1, "partitions of automatically created topics")
	f.DurationVar(&opts.Retention, "retention", broker.DefaultRetention, "retention for topics that do not set retention.ms (e.g. 168h, 30m)")
	f.BoolVar(&opts.Demo, "demo", false, "create bankbranch and produce a trickle of ATM transactions to it")
	f.StringArrayVar(&saslFlags, "sasl", nil, "require SASL (SCRAM-SHA-256 or PLAIN) and accept this user:pass; repeat for more users (visible in ps: prefer --sasl-users)")
	f.StringVar(&usersFile, "sasl-users", "", "require SASL and accept the users of this file, one user:pass per line (also: env "+brokerSASLEnv+")")
	f.StringVar(&opts.TLSCert, "tls-cert", "", "PEM certificate file: serve TLS only (needs --tls-key)")
	f.StringVar(&opts.TLSKey, "tls-key", "", "PEM private key file of --tls-cert")
	f.IntVar(&opts.MaxPartitions, "max-partitions", broker.DefaultMaxPartitions, "largest partition count of one topic that CreateTopics and CreatePartitions accept")
	f.StringVar(&logLevel, "log-level", "warn", "what the broker writes to stderr: error, warn, info or debug")
	f.StringVar(&opts.TLSClientCA, "tls-client-ca", "", "PEM CA file: require client certificates signed by it (mutual TLS)")
	f.StringVar(&opts.KafkaVersion, "kafka-version", "", "answer as this Apache Kafka release ("+strings.Join(broker.KafkaVersions, ", ")+"): its API versions and, from 4.0, its refusal of removed ones; default: the newest the broker models")
	f.BoolVar(&opts.Recover, "recover", false, "start on a data dir with missing or damaged metadata: rebuild it from the partition folders and say what is lost")
	f.IntVar(&opts.Nodes, "nodes", 1, "brokers in the local cluster, on consecutive ports from --listen; type 'stop N' or 'start N' on stdin to stop or restart node N")
	f.BoolVar(&opts.ACLs, "acls", false, "enforce ACLs: the --sasl users are super users, every other user needs ACLs (needs --sasl)")
	f.BoolVar(&opts.Fsync, "fsync", false, "sync every write to disk before acknowledging it, so acknowledged data survives a power loss (slower)")
	f.StringVar(&registryListen, "registry-listen", registry.DefaultListen, "host:port of the bundled Confluent-compatible Schema Registry (port 0 picks a free one; off: none)")
	return cmd
}
