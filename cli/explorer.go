package cli

import "github.com/spf13/cobra"

// addExplorer wires the explorer (the root command's own action). The
// explorer issue replaces this with the TUI.
func addExplorer(root *cobra.Command) {
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return cmd.Help()
	}
}
