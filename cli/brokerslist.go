package cli

import (
	"strconv"

	"github.com/spf13/cobra"
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
	var out string
	cmd := &cobra.Command{
		Use:   "brokers",
		Short: "List the cluster's brokers and its controller (for scripts)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(out, "table", "json"); err != nil {
				return err
			}
			ctx, c, done, err := cf.session(cmd, "")
			if err != nil {
				return err
			}
			defer done()
			info, err := c.ClusterInfo(ctx)
			if err != nil {
				return err
			}
			rows := make([]brokerJSON, 0, len(info.Brokers))
			for _, b := range info.Brokers {
				rows = append(rows, brokerJSON{b.ID, b.Host, b.Port, b.Rack, b.ID == info.ControllerID})
			}
			if out == "json" {
				return writeJSON(cmd.OutOrStdout(), rows)
			}
			tb := newTable(cmd.OutOrStdout(), "ID", "HOST", "PORT", "RACK", "CONTROLLER")
			for _, b := range rows {
				ctl := ""
				if b.Controller {
					ctl = "yes"
				}
				tb.row(strconv.Itoa(int(b.ID)), b.Host, strconv.Itoa(b.Port), b.Rack, ctl)
			}
			return tb.flush()
		},
	}
	addConnFlags(cmd, cf)
	outputFlag(cmd, &out, "table", "json")
	return cmd
}
