package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"kscope/kafkaops"
)

// newGroupsCommand is `kscope groups list|describe|reset`.
func newGroupsCommand() *cobra.Command {
	cf := &connFlags{}
	cmd := &cobra.Command{
		Use:   "groups",
		Short: "List and describe consumer groups, reset their offsets (for scripts)",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	addConnFlags(cmd, cf)
	cmd.AddCommand(groupsList(cf), groupsDescribe(cf), groupsReset(cf))
	return cmd
}

// groupJSON is a group in `groups list -o json`.
type groupJSON struct {
	ID        string   `json:"id"`
	State     string   `json:"state"`
	Protocol  string   `json:"protocol"`
	Members   int      `json:"members"`
	Topics    []string `json:"topics"`
	Committed int      `json:"committed_partitions"`
	// Lag is null when the group committed nothing.
	Lag *int64 `json:"lag"`
}

func groupsList(cf *connFlags) *cobra.Command {
	return readCommand(&cobra.Command{
		Use:   "list",
		Short: "List consumer groups with state, members, topics and total lag",
		Args:  usageArgs(cobra.NoArgs),
	}, cf, func(ctx context.Context, c *kafkaops.Client, _ []string) ([]groupJSON, error) {
		gs, err := c.GroupOverviews(ctx)
		return groupRows(gs), err
	}, printGroups)
}

// groupRows are the groups in `groups list`, sorted by id.
func groupRows(gs []kafkaops.GroupOverview) []groupJSON {
	slices.SortFunc(gs, func(a, b kafkaops.GroupOverview) int { return strings.Compare(a.ID, b.ID) })
	rows := make([]groupJSON, 0, len(gs))
	for _, g := range gs {
		r := groupJSON{ID: g.ID, State: g.State, Protocol: g.Protocol, Members: g.Members, Topics: g.Topics, Committed: g.Committed}
		if r.Topics == nil {
			r.Topics = []string{}
		}
		if g.HasLag() {
			r.Lag = &g.Lag
		}
		rows = append(rows, r)
	}
	return rows
}

// printGroups is the table of `groups list`.
func printGroups(cmd *cobra.Command, rows []groupJSON) error {
	tb := newTable(cmd.OutOrStdout(), "GROUP", "STATE", "MEMBERS", "TOPICS", "LAG")
	for _, r := range rows {
		lag := "-"
		if r.Lag != nil {
			lag = strconv.FormatInt(*r.Lag, 10)
		}
		tb.row(r.ID, r.State, strconv.Itoa(r.Members), strings.Join(r.Topics, ","), lag)
	}
	return tb.flush()
}

// groupDetailJSON is `groups describe -o json`.
type groupDetailJSON struct {
	ID          string       `json:"id"`
	State       string       `json:"state"`
	Protocol    string       `json:"protocol"`
	Coordinator int32        `json:"coordinator"`
	Members     []memberJSON `json:"members"`
	Offsets     []lagJSON    `json:"offsets"`
}

type memberJSON struct {
	MemberID   string   `json:"member_id"`
	ClientID   string   `json:"client_id"`
	ClientHost string   `json:"client_host"`
	Assigned   []string `json:"assigned"`
}

type lagJSON struct {
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Committed *int64 `json:"committed"`
	LogEnd    int64  `json:"log_end"`
	Lag       *int64 `json:"lag"`
	MemberID  string `json:"member_id"`
}

func groupsDescribe(cf *connFlags) *cobra.Command {
	return readCommand(&cobra.Command{
		Use:               "describe GROUP",
		Short:             "Print a group's members and, per partition, committed offset, log end and lag",
		Args:              argsNamed,
		ValidArgsFunction: completeGroups(cf),
	}, cf, func(ctx context.Context, c *kafkaops.Client, args []string) (groupDetailJSON, error) {
		g, err := c.DescribeGroup(ctx, args[0])
		return groupDetail(g), err
	}, printGroupDetail)
}

func groupDetail(g kafkaops.Group) groupDetailJSON {
	v := groupDetailJSON{ID: g.ID, State: g.State, Protocol: g.Protocol, Coordinator: g.Coordinator,
		Members: []memberJSON{}, Offsets: []lagJSON{}}
	for _, m := range g.Members {
		mj := memberJSON{MemberID: m.MemberID, ClientID: m.ClientID, ClientHost: m.ClientHost, Assigned: []string{}}
		for _, tp := range m.Assigned {
			mj.Assigned = append(mj.Assigned, tp.Topic+"/"+strconv.Itoa(tp.Partition))
		}
		v.Members = append(v.Members, mj)
	}
	for _, l := range g.Lag {
		lj := lagJSON{Topic: l.Topic, Partition: l.Partition, LogEnd: l.LogEnd, MemberID: l.MemberID}
		if l.HasCommitted {
			committed, lag := l.Committed, l.Lag()
			lj.Committed, lj.Lag = &committed, &lag
		}
		v.Offsets = append(v.Offsets, lj)
	}
	slices.SortFunc(v.Offsets, func(a, b lagJSON) int {
		if c := strings.Compare(a.Topic, b.Topic); c != 0 {
			return c
		}
		return a.Partition - b.Partition
	})
	return v
}

func printGroupDetail(cmd *cobra.Command, v groupDetailJSON) error {
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "Group: %s  State: %s  Protocol: %s  Coordinator: %d  Members: %d\n\n",
		cell(v.ID), cell(v.State), cell(v.Protocol), v.Coordinator, len(v.Members))
	if len(v.Members) > 0 {
		tb := newTable(w, "MEMBER", "CLIENT", "HOST", "ASSIGNED")
		for _, m := range v.Members {
			tb.row(m.MemberID, m.ClientID, m.ClientHost, strings.Join(m.Assigned, ","))
		}
		if err := tb.flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	tb := newTable(w, "TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG", "MEMBER")
	for _, l := range v.Offsets {
		committed, lag := "-", "-"
		if l.Committed != nil {
			committed, lag = strconv.FormatInt(*l.Committed, 10), strconv.FormatInt(*l.Lag, 10)
		}
		tb.row(l.Topic, strconv.Itoa(l.Partition), committed, strconv.FormatInt(l.LogEnd, 10), lag, l.MemberID)
	}
	return tb.flush()
}

// resetOptions are `groups reset`'s flags.
type resetOptions struct {
	topic     string
	partition int
	earliest  bool
	latest    bool
	offset    int64
	shift     int64
	datetime  string
	execute   bool
	output    string
}

// request turns the flags into a reset request; exactly one target.
func (o resetOptions) request(cmd *cobra.Command, group string) (kafkaops.ResetRequest, error) {
	r := kafkaops.ResetRequest{Group: group, Topic: o.topic, Partition: kafkaops.AllPartitions, DryRun: !o.execute}
	if cmd.Flags().Changed("partition") {
		if o.partition < 0 {
			return r, usagef("--partition must be 0 or more, got %d", o.partition)
		}
		if o.topic == "" {
			return r, usagef("--partition needs --topic")
		}
		r.Partition = o.partition
	}
	var targets []string
	if o.earliest {
		targets = append(targets, "--to-earliest")
		r.Kind = kafkaops.ResetEarliest
	}
	if o.latest {
		targets = append(targets, "--to-latest")
		r.Kind = kafkaops.ResetLatest
	}
	if cmd.Flags().Changed("to-offset") {
		targets = append(targets, "--to-offset")
		r.Kind, r.Offset = kafkaops.ResetOffset, o.offset
	}
	if cmd.Flags().Changed("shift-by") {
		targets = append(targets, "--shift-by")
		r.Kind, r.Offset = kafkaops.ResetShift, o.shift
	}
	if o.datetime != "" {
		targets = append(targets, "--to-datetime")
		from, err := kafkaops.ParseTailStart(o.datetime)
		if err != nil || from.Start != kafkaops.StartTimestamp {
			return r, usagef("--to-datetime %q: want an RFC 3339 time or a duration ago (1h)", o.datetime)
		}
		r.Kind, r.Time = kafkaops.ResetTime, from.Bound(time.Now()).Time
	}
	if len(targets) != 1 {
		return r, usagef("say where to move the offsets with exactly one of --to-earliest, --to-latest, --to-offset N, --shift-by N, --to-datetime T (got %d)", len(targets))
	}
	return r, nil
}

// changeJSON is one partition of `groups reset -o json`.
type changeJSON struct {
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Current   *int64 `json:"current"`
	New       int64  `json:"new"`
	LogStart  int64  `json:"log_start"`
	LogEnd    int64  `json:"log_end"`
	LagAfter  int64  `json:"lag_after"`
}

func groupsReset(cf *connFlags) *cobra.Command {
	var o resetOptions
	cmd := &cobra.Command{
		Use:   "reset GROUP",
		Short: "Move a group's committed offsets (a dry run unless --execute)",
		Long: `Move the committed offsets of an empty consumer group: every topic it
committed to, or --topic (and --partition). Without --execute it only
prints where the offsets would go; with --execute it commits them. Kafka
refuses while the group has members (exit code 6).`,
		Example: `  kscope groups reset atm-readers --topic bankbranch --to-earliest
  kscope groups reset atm-readers --topic bankbranch --shift-by -10 --execute
  kscope groups reset atm-readers --to-datetime 2026-01-02T15:04:05Z --execute`,
		Args:              argsNamed,
		ValidArgsFunction: completeGroups(cf),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(o.output, "table", "json"); err != nil {
				return err
			}
			r, err := o.request(cmd, args[0])
			if err != nil {
				return err
			}
			write := ""
			if o.execute {
				write = "groups reset --execute"
			}
			ctx, c, done, err := cf.session(cmd, write)
			if err != nil {
				return err
			}
			defer done()
			changes, err := c.ResetOffsets(ctx, r)
			if err != nil {
				return err
			}
			return printChanges(cmd, changes, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.topic, "topic", "", "reset only this topic (default: every topic the group committed to)")
	f.IntVarP(&o.partition, "partition", "p", kafkaops.AllPartitions, "with --topic: reset only this partition")
	f.BoolVar(&o.earliest, "to-earliest", false, "move to the log start")
	f.BoolVar(&o.latest, "to-latest", false, "move to the log end (skip everything)")
	f.Int64Var(&o.offset, "to-offset", 0, "move to this offset")
	f.Int64Var(&o.shift, "shift-by", 0, "move by this many records (negative to re-read)")
	f.StringVar(&o.datetime, "to-datetime", "", "move to the first record at or after this time (RFC 3339, or a duration ago)")
	f.BoolVar(&o.execute, "execute", false, "commit the new offsets (default: a dry run)")
	outputFlag(cmd, &o.output, "table", "json")
	_ = cmd.RegisterFlagCompletionFunc("topic", completeTopics(cf))
	return cmd
}

func printChanges(cmd *cobra.Command, changes []kafkaops.OffsetChange, o resetOptions) error {
	rows := make([]changeJSON, 0, len(changes))
	for _, ch := range changes {
		r := changeJSON{Topic: ch.Topic, Partition: ch.Partition, New: ch.New, LogStart: ch.LogStart, LogEnd: ch.LogEnd, LagAfter: ch.LagAfter()}
		if ch.HasCurrent {
			cur := ch.Current
			r.Current = &cur
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b changeJSON) int {
		if c := strings.Compare(a.Topic, b.Topic); c != 0 {
			return c
		}
		return a.Partition - b.Partition
	})
	if o.output == "json" {
		if err := writeJSON(cmd.OutOrStdout(), rows); err != nil {
			return err
		}
	} else {
		tb := newTable(cmd.OutOrStdout(), "TOPIC", "PARTITION", "CURRENT", "NEW", "LOG-START", "LOG-END", "LAG-AFTER")
		for _, r := range rows {
			cur := "-"
			if r.Current != nil {
				cur = strconv.FormatInt(*r.Current, 10)
			}
			tb.row(r.Topic, strconv.Itoa(r.Partition), cur, strconv.FormatInt(r.New, 10),
				strconv.FormatInt(r.LogStart, 10), strconv.FormatInt(r.LogEnd, 10), strconv.FormatInt(r.LagAfter, 10))
		}
		if err := tb.flush(); err != nil {
			return err
		}
	}
	if !o.execute {
		fmt.Fprintln(cmd.ErrOrStderr(), "kscope: dry run, nothing committed; add --execute to commit these offsets")
	} else {
		fmt.Fprintf(cmd.ErrOrStderr(), "kscope: committed %d offsets\n", len(rows))
	}
	return nil
}
