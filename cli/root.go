// Package cli holds kscope's cobra commands and flags. It turns flags,
// environment and config into options for the broker and the explorer.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X kscope/cli.version=...";
// otherwise it comes from the module's build info.
var version = ""

// Version returns kscope's version string.
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// errSilent marks an error already reported to the user.
var errSilent = errors.New("")

// Execute runs the command line and returns the process exit code.
func Execute() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := NewRootCommand()
	if err := root.ExecuteContext(ctx); err != nil {
		if !errors.Is(err, errSilent) && !isClosedPipe(err) {
			fmt.Fprintln(os.Stderr, "kscope:", err)
		}
		return exitCode(err)
	}
	return 0
}

// NewRootCommand builds the kscope command tree.
func NewRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "kscope",
		Short: "A terminal UI explorer for Apache Kafka, with a bundled broker",
		Long: `kscope explores and operates Apache Kafka clusters from the terminal:
topics, configs, partitions, consumer groups and lag, a live tail, and forms
to create topics and produce records. It bundles a single-node broker, so
'kscope --local' works on a laptop with nothing else installed.`,
		Version:       Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	addExplorer(root)
	addTail(root)
	root.AddCommand(newBrokerCommand())
	addScripts(root)
	hideRepeatedDefaults(root)
	return root
}
