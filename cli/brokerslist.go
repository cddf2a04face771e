package cli

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"kscope/kafkaops"
)

// brokerJSON is a broker in `kscope brokers -o json`.
type brokerJSON struct {
	ID         int32  `json:"id"`
	Host       string `json:"host"`
	Port       int    `json:"port"`
	Rack       string `json:"rack"`
	Controller bool   `json:"controller"`
}

// newBrokersCommand is `kscope brokers`, the cluster's brokers.
func newBrokersCommand() *cobra.Command {
	cf := &connFlags{}
	cmd := &cobra.Command{
		Use:   "brokers",
		Short: "List the cluster's brokers and its controller (for scripts)",
		Args:  usageArgs(cobra.NoArgs),
	}
	addConnFlags(cmd, cf)
	return readCommand(cmd, cf, func(ctx context.Context, c *kafkaops.Client, _ []string) ([]brokerJSON, error) {
		info, err := c.ClusterInfo(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]brokerJSON, 0, len(info.Brokers))
		for _, b := range info.Brokers {
			rows = append(rows, brokerJSON{b.ID, b.Host, b.Port, b.Rack, b.ID == info.ControllerID})
		}
		return rows, nil
	}, printBrokers)
}

// printBrokers is the table of `kscope brokers`.
func printBrokers(cmd *cobra.Command, rows []brokerJSON) error {
	tb := newTable(cmd.OutOrStdout(), "ID", "HOST", "PORT", "RACK", "CONTROLLER")
	for _, b := range rows {
		ctl := ""
		if b.Controller {
			ctl = "yes"
		}
		tb.row(strconv.Itoa(int(b.ID)), b.Host, strconv.Itoa(b.Port), b.Rack, ctl)
	}
	return tb.flush()
}
