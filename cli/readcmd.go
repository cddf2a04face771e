package cli

import (
	"context"

	"github.com/spf13/cobra"

	"kscope/kafkaops"
)

// readCommand makes cmd a command that reads one value from the cluster
// and prints it: it adds -o table|json, and its RunE checks the format,
// opens a read-only session, calls fetch and writes the value as indented
// JSON or, for -o table, with table. The list and describe commands for
// scripts (topics, groups, brokers) share this shape.
func readCommand[T any](cmd *cobra.Command, cf *connFlags,
	fetch func(ctx context.Context, c *kafkaops.Client, args []string) (T, error),
	table func(cmd *cobra.Command, v T) error) *cobra.Command {
	var out string
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(out, "table", "json"); err != nil {
			return err
		}
		ctx, c, done, err := cf.session(cmd, "")
		if err != nil {
			return err
		}
		defer done()
		v, err := fetch(ctx, c, args)
		if err != nil {
			return err
		}
		if out == "json" {
			return writeJSON(cmd.OutOrStdout(), v)
		}
		return table(cmd, v)
	}
	outputFlag(cmd, &out, "table", "json")
	return cmd
}
