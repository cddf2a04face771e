package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"kscope/config"
	"kscope/internal/textsafe"
	"kscope/kafkaops"
)

// The commands for scripts and pipes (topics, produce, consume, groups,
// brokers) share this file: their connection flags, which are the
// explorer's (--brokers, KSCOPE_BROKERS, --context, --read-only), the
// read-only rule, output formats, exit codes and shell completion.
// Machine output goes to stdout, messages to stderr; they never write
// colour.

// Exit codes of the commands for scripts, documented in the README and
// in `kscope help exit-codes`.
const (
	exitOK          = 0
	exitFailure     = 1 // anything not listed below
	exitUsage       = 2 // bad flags, arguments, filter or input line
	exitUnreachable = 3 // no broker answered, or authentication failed
	exitNotFound    = 4 // no such topic, partition or group
	exitReadOnly    = 5 // a write refused because the context is read-only
	exitRefused     = 6 // the cluster refused the request (a Kafka error code)
)

// exitCodesHelp is `kscope help exit-codes`.
const exitCodesHelp = `Exit codes of kscope's commands:

  0  success (also when a reader such as head closed the pipe early)
  1  any other failure
  2  usage: a bad flag, argument, filter, or input line
  3  the cluster could not be reached, or refused the credentials
  4  not found: no such topic, partition or group
  5  refused by kscope: the context is read-only
  6  refused by the cluster: a Kafka error (e.g. [36] Topic Already Exists)`

// errReadOnly marks a write refused because the context is read-only.
var errReadOnly = errors.New("read-only")

// usageError marks an error in what the user typed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usage error.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil, isClosedPipe(err):
		return exitOK
	case errors.Is(err, errReadOnly):
		return exitReadOnly
	case errors.As(err, &ue), errors.Is(err, kafkaops.ErrInvalid):
		return exitUsage
	case kafkaops.IsUnreachable(err), kafkaops.IsAuthFailed(err):
		return exitUnreachable
	case kafkaops.IsNotFound(err):
		return exitNotFound
	case kafkaops.ErrorTitle(err) != "", kafkaops.IsGroupActive(err):
		return exitRefused
	}
	return exitFailure
}

// isClosedPipe reports whether err is a write to a pipe whose reader
// left (`kscope consume T | head -n 1`): a normal end, not a failure.
func isClosedPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

// connFlags are the connection flags of the commands for scripts.
type connFlags struct {
	brokers     []string
	contextName string
	readOnly    bool
	timeout     time.Duration
}

// addConnFlags gives cmd (and its subcommands) the connection flags.
func addConnFlags(cmd *cobra.Command, cf *connFlags) {
	f := cmd.PersistentFlags()
	f.StringSliceVar(&cf.brokers, "brokers", nil, "bootstrap brokers, host:port[,host:port] (env "+brokersEnv+")")
	f.StringVar(&cf.contextName, "context", "", "use the named context of the contexts file; default its current-context")
	f.BoolVar(&cf.readOnly, "read-only", false, "refuse every command that writes to the cluster")
	f.DurationVar(&cf.timeout, "timeout", 30*time.Second, "give up a request (not a consume or a scan) after this long")
	_ = cmd.RegisterFlagCompletionFunc("context", completeContexts)
}

// target resolves which cluster the flags name, as the explorer does.
func (cf *connFlags) target() (*target, error) {
	return resolveTarget(flagSettings{brokers: cf.brokers, contextName: cf.contextName, readOnly: cf.readOnly}, os.Getenv)
}

// open connects to the cluster; write says the command writes, which a
// read-only context refuses before anything is sent.
func (cf *connFlags) open(cmd *cobra.Command, write string) (*kafkaops.Client, error) {
	t, err := cf.target()
	if err != nil {
		return nil, usageError{err}
	}
	if write != "" && t.readOnly {
		what := "--read-only"
		if t.context != nil && t.context.ReadOnly {
			what = "context " + t.context.Name + " is read-only"
		}
		return nil, fmt.Errorf("%s refused: %w (%s)", write, errReadOnly, what)
	}
	for _, w := range t.warnings {
		fmt.Fprintln(cmd.ErrOrStderr(), "kscope: warning:", w)
	}
	if t.context != nil {
		return contextService(t.context)
	}
	return newService(t.addrs)
}

// session opens the cluster as open does and bounds the command's
// requests by --timeout; done closes both.
func (cf *connFlags) session(cmd *cobra.Command, write string) (ctx context.Context, c *kafkaops.Client, done func(), err error) {
	if c, err = cf.open(cmd, write); err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := cf.requestCtx(cmd)
	return ctx, c, func() { cancel(); c.Close() }, nil
}

// requestCtx bounds one request by --timeout.
func (cf *connFlags) requestCtx(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	if cf.timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, cf.timeout)
}

// outputFlag adds -o/--output with the given formats, the first the
// default.
func outputFlag(cmd *cobra.Command, out *string, formats ...string) {
	cmd.Flags().StringVarP(out, "output", "o", formats[0], "output format: "+strings.Join(formats, ", "))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
}

// checkOutput validates an -o value against the formats.
func checkOutput(out string, formats ...string) error {
	for _, f := range formats {
		if out == f {
			return nil
		}
	}
	return usagef("-o %s: want one of %s", out, strings.Join(formats, ", "))
}

// writeJSON writes v as indented JSON, the machine form of a table.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table writes aligned columns; cells from the cluster are made one
// line, without control characters, so they cannot break the layout or
// the terminal.
type table struct {
	tw *tabwriter.Writer
}

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		if i > 0 {
			fmt.Fprint(t.tw, "\t")
		}
		fmt.Fprint(t.tw, cell(c))
	}
	fmt.Fprintln(t.tw)
}

func (t *table) flush() error { return t.tw.Flush() }

// cell is s safe for one table cell or message: one line, control
// characters and invalid UTF-8 shown escaped (the explorer's rule), "-"
// when empty.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return textsafe.Sanitize(s)
}

// isTerminal reports whether w is a terminal: raw record bytes are then
// shown escaped, so a value cannot drive the terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// completeTopics completes a topic name argument.
func completeTopics(cf *connFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completeNames(cmd, cf, prefix, func(ctx context.Context, c *kafkaops.Client) ([]string, error) {
			ts, err := c.ListTopics(ctx)
			names := make([]string, 0, len(ts))
			for _, t := range ts {
				names = append(names, t.Name)
			}
			return names, err
		})
	}
}

// completeGroups completes a group id argument.
func completeGroups(cf *connFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completeNames(cmd, cf, prefix, func(ctx context.Context, c *kafkaops.Client) ([]string, error) {
			gs, err := c.ListGroups(ctx)
			names := make([]string, 0, len(gs))
			for _, g := range gs {
				names = append(names, g.ID)
			}
			return names, err
		})
	}
}

// completionTimeout bounds a completion's call to the cluster: a shell
// waiting on Tab must not hang.
const completionTimeout = 2 * time.Second

func completeNames(cmd *cobra.Command, cf *connFlags, prefix string, list func(context.Context, *kafkaops.Client) ([]string, error)) ([]string, cobra.ShellCompDirective) {
	c, err := cf.open(cmd, "")
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	names, err := list(ctx, c)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
	}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeContexts completes --context from the contexts file.
func completeContexts(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
	path, err := config.ContextsFile()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	cs, err := config.LoadContexts(path)
	if cs == nil || err != nil && len(cs.Contexts) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, c := range cs.Contexts {
		if strings.HasPrefix(c.Name, prefix) {
			out = append(out, c.Name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// usageArgs turns cobra's argument errors into usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// addScripts registers the commands for scripts and pipes on root.
func addScripts(root *cobra.Command) {
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newTopicsCommand(), newProduceCommand(), newConsumeCommand(), newGroupsCommand(), newBrokersCommand())
	root.AddCommand(&cobra.Command{Use: "exit-codes", Short: "What kscope's exit codes mean", Long: exitCodesHelp})
}

// bufferedStdout is a large buffer over the command's stdout.
func bufferedStdout(cmd *cobra.Command) *bufio.Writer {
	return bufio.NewWriterSize(cmd.OutOrStdout(), 256<<10)
}
