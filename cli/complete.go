package cli

import (
	"context"

	"github.com/spf13/cobra"

	"kscope/kafkaops"
)

// tailFromWords are what --from completes to: the start words of
// kafkaops.ParseTailStart, with an example of each form that takes a
// number.
var tailFromWords = []string{"end", "beginning", "-10", "@0", "10m", "1h", "1d"}

// completeTailFrom completes --from with the start words.
func completeTailFrom(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	return tailFromWords, cobra.ShellCompDirectiveNoFileComp
}

// completeExplorerTopics completes the TOPIC of `kscope tail` from the
// cluster the explorer's flags name (--brokers, --context, or --local's
// address), as completeTopics does for the commands for scripts.
func completeExplorerTopics(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return completeNames(cmd, explorerConnFlags(cmd), prefix, func(ctx context.Context, c *kafkaops.Client) ([]string, error) {
		ts, err := c.ListTopics(ctx)
		names := make([]string, 0, len(ts))
		for _, t := range ts {
			names = append(names, t.Name)
		}
		return names, err
	})
}

// explorerConnFlags reads the explorer's connection flags as the
// commands for scripts have them; --local means its listen address.
func explorerConnFlags(cmd *cobra.Command) *connFlags {
	fl := cmd.Flags()
	cf := &connFlags{}
	cf.brokers, _ = fl.GetStringSlice("brokers")
	cf.contextName, _ = fl.GetString("context")
	if local, _ := fl.GetBool("local"); local {
		listen, _ := fl.GetString("local-listen")
		cf.brokers = []string{listen}
	}
	return cf
}
