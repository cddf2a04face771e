package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"kscope/kafkaops"
	"kscope/ui"
)

// addTail gives the root command --tail-buffer and adds `kscope tail`,
// which opens the explorer straight on a topic's live tail. It must run
// after addExplorer: the tail command shares the explorer's flags (the
// same flag values), so every connection flag means the same in both,
// and runs the root command's RunE with them.
func addTail(root *cobra.Command) {
	root.Flags().Int("tail-buffer", ui.DefaultTailBuffer, "how many records the live tail keeps (older ones are dropped)")
	var from string
	var partition int
	cmd := &cobra.Command{
		Use:   "tail TOPIC",
		Short: "Open the explorer on a topic's live tail",
		Long: `Open the explorer on the live tail of TOPIC: its records as they arrive,
newest at the bottom. Every flag of the explorer applies (--local, --brokers,
--read-only…); esc goes back to the topic browser.

--from says where to start: end (new records only, the default), beginning,
-N (the last N records of every partition), @OFFSET (that offset in every
partition), a duration ago (10m, 1h30m, 2d) or a time (RFC 3339). Inside the
tail, f restarts it from another position with the same words.`,
		Example: `  kscope tail bankbranch --local
  kscope tail bankbranch --from beginning --partition 1
  kscope tail payments --brokers kafka1:9092 --from 10m
  kscope tail payments --from -100 --tail-buffer 100000`,
		Args:              argsNamed,
		ValidArgsFunction: completeExplorerTopics,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := tailCommand(cmd); err != nil {
				return err
			}
			return root.RunE(cmd, nil)
		},
	}
	root.Flags().VisitAll(func(f *pflag.Flag) { cmd.Flags().AddFlag(f) })
	f := cmd.Flags()
	f.StringVar(&from, "from", "end", "where to start: end, beginning, -N, @OFFSET, a duration ago (10m) or an RFC 3339 time")
	f.IntVarP(&partition, "partition", "p", -1, "tail only this partition (default: all)")
	_ = cmd.RegisterFlagCompletionFunc("from", completeTailFrom)
	root.AddCommand(cmd)
}

// tailCommand is the palette command that opens the screen `kscope tail`
// shows first, from its argument and flags ("tail bankbranch beginning");
// "" for any other command.
func tailCommand(cmd *cobra.Command) (string, error) {
	fl := cmd.Flags()
	if cmd.Name() != "tail" || fl.Lookup("from") == nil {
		return "", nil
	}
	args := fl.Args()
	if len(args) != 1 || args[0] == "" {
		return "", errors.New("kscope tail needs one topic name")
	}
	if strings.ContainsAny(args[0], " \t\n") {
		return "", fmt.Errorf("topic %q: a topic name holds no spaces", args[0])
	}
	from, _ := fl.GetString("from")
	words := []string{from}
	if p, _ := fl.GetInt("partition"); p >= 0 {
		words = append(words, "partition", strconv.Itoa(p))
	} else if fl.Changed("partition") {
		return "", fmt.Errorf("--partition must be 0 or more, got %d", p)
	}
	if _, err := kafkaops.ParseTailArgs(words); err != nil {
		return "", fmt.Errorf("--from: %w", err)
	}
	return "tail " + args[0] + " " + strings.Join(words, " "), nil
}

// applyTail sets what the tail needs in the explorer's options: the
// buffer size (unless already set, e.g. by a context) and, for `kscope
// tail`, the tail as the first screen.
func applyTail(cmd *cobra.Command, opts *ui.Options) {
	if opts.TailBuffer == 0 {
		if n, err := cmd.Flags().GetInt("tail-buffer"); err == nil {
			opts.TailBuffer = n
		}
	}
	if c, err := tailCommand(cmd); err == nil && c != "" {
		opts.Initial = c
	}
}
