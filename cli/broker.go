package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"kscope/broker"
)

func newBrokerCommand() *cobra.Command {
	var opts broker.Options
	cmd := &cobra.Command{
		Use:   "broker",
		Short: "Run the bundled Kafka-compatible broker in the foreground",
		Long: `Run kscope's bundled single-node broker until interrupted, for any Kafka
client (kafka-python, kcat, a Java app) to use. Topics, records and
committed offsets are kept in the data dir across restarts.`,
		Example: `  kscope broker
  kscope broker --listen 127.0.0.1:9093 --in-memory
  kscope broker --demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("partitions") && opts.Partitions < 1 {
				return fmt.Errorf("--partitions must be at least 1, got %d", opts.Partitions)
			}
			if cmd.Flags().Changed("retention") && opts.Retention <= 0 {
				return fmt.Errorf("--retention must be positive, got %s", opts.Retention)
			}
			b, err := broker.Start(opts)
			if err != nil {
				return err
			}
			where := b.DataDir()
			if where == "" {
				where = "in memory (nothing is kept)"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "kscope broker listening on %s, data: %s\n", b.Addr(), where)
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
	return cmd
}
