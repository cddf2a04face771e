package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"kscope/broker"
)

func newBrokerCommand() *cobra.Command {
	var opts broker.Options
	var saslFlags []string
	cmd := &cobra.Command{
		Use:   "broker",
		Short: "Run the bundled Kafka-compatible broker in the foreground",
		Long: `Run kscope's bundled single-node broker until interrupted, for any Kafka
client (kafka-python, kcat, a Java app) to use. Topics, records and
committed offsets are kept in the data dir across restarts.`,
		Example: `  kscope broker
  kscope broker --listen 127.0.0.1:9093 --in-memory
  kscope broker --demo
  kscope broker --sasl app:secret --tls-cert server.pem --tls-key server-key.pem`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("partitions") && opts.Partitions < 1 {
				return fmt.Errorf("--partitions must be at least 1, got %d", opts.Partitions)
			}
			if cmd.Flags().Changed("retention") && opts.Retention <= 0 {
				return fmt.Errorf("--retention must be positive, got %s", opts.Retention)
			}
			users, err := saslUsers(saslFlags)
			if err != nil {
				return err
			}
			opts.SASL = users
			opts.Log = cmd.ErrOrStderr()
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
			if opts.Demo {
				fmt.Fprintf(cmd.OutOrStdout(), "demo: producing ATM transactions to %s\n", broker.DemoTopic)
			}
			<-cmd.Context().Done()
			b.Close()
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Listen, "listen", broker.DefaultListen, "host:port to listen on (port 0 picks a free one)")
	f.StringVar(&opts.DataDir, "data-dir", "", "where data is kept (default $XDG_DATA_HOME/kscope/broker or ~/.local/share/kscope/broker)")
	f.BoolVar(&opts.InMemory, "in-memory", false, "keep everything in memory; nothing survives a restart")
	f.IntVar(&opts.Partitions, "partitions", 1, "partitions of automatically created topics")
	f.DurationVar(&opts.Retention, "retention", broker.DefaultRetention, "retention for topics that do not set retention.ms (e.g. 168h, 30m)")
	f.BoolVar(&opts.Demo, "demo", false, "create bankbranch and produce a trickle of ATM transactions to it")
	f.StringArrayVar(&saslFlags, "sasl", nil, "require SASL (SCRAM-SHA-256 or PLAIN) and accept this user:pass; repeat for more users")
	f.StringVar(&opts.TLSCert, "tls-cert", "", "PEM certificate file: serve TLS only (needs --tls-key)")
	f.StringVar(&opts.TLSKey, "tls-key", "", "PEM private key file of --tls-cert")
	f.StringVar(&opts.TLSClientCA, "tls-client-ca", "", "PEM CA file: require client certificates signed by it (mutual TLS)")
	return cmd
}

// saslUsers turns --sasl user:pass values into broker users, each
// accepted with SCRAM-SHA-256 and PLAIN. Errors never repeat the value,
// which holds a password.
func saslUsers(flags []string) ([]broker.SASLUser, error) {
	var users []broker.SASLUser
	for i, f := range flags {
		user, pass, ok := strings.Cut(f, ":")
		if !ok || user == "" || pass == "" {
			return nil, fmt.Errorf("--sasl value %d: want user:pass with both parts non-empty", i+1)
		}
		users = append(users,
			broker.SASLUser{Mechanism: broker.SASLScramSHA256, User: user, Pass: pass},
			broker.SASLUser{Mechanism: broker.SASLPlain, User: user, Pass: pass})
	}
	return users, nil
}
