package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"kscope/kafkaops"
)

// newTopicsCommand is `kscope topics list|describe|create|delete|alter`.
func newTopicsCommand() *cobra.Command {
	cf := &connFlags{}
	cmd := &cobra.Command{
		Use:   "topics",
		Short: "List, describe, create, delete and alter topics (for scripts)",
		Long: `Manage topics from a script or a shell: tables on stdout (-o json for
machines), messages on stderr, exit codes as in 'kscope help exit-codes'.
Read-only contexts (and --read-only) refuse create, delete and alter.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	addConnFlags(cmd, cf)
	cmd.AddCommand(topicsList(cf), topicsDescribe(cf), topicsCreate(cf), topicsDelete(cf), topicsAlter(cf))
	return cmd
}

// topicJSON is a topic in -o json.
type topicJSON struct {
	Name              string `json:"name"`
	Partitions        int    `json:"partitions"`
	ReplicationFactor int    `json:"replication_factor"`
	Internal          bool   `json:"internal"`
	Messages          int64  `json:"messages"`
}

func topicsList(cf *connFlags) *cobra.Command {
	var internal bool
	cmd := readCommand(&cobra.Command{
		Use:   "list",
		Short: "List topics with partitions, replication factor and message count",
		Args:  usageArgs(cobra.NoArgs),
	}, cf, func(ctx context.Context, c *kafkaops.Client, _ []string) ([]topicJSON, error) {
		ts, err := c.ListTopics(ctx)
		return topicRows(ts, internal), err
	}, printTopics)
	cmd.Flags().BoolVar(&internal, "internal", false, "list internal topics too (__consumer_offsets…)")
	return cmd
}

// topicRows are the topics in `topics list`, sorted by name; internal
// ones only when internal is true.
func topicRows(ts []kafkaops.Topic, internal bool) []topicJSON {
	slices.SortFunc(ts, func(a, b kafkaops.Topic) int { return strings.Compare(a.Name, b.Name) })
	rows := make([]topicJSON, 0, len(ts))
	for _, t := range ts {
		if t.Internal && !internal {
			continue
		}
		rows = append(rows, topicJSON{t.Name, t.Partitions, t.ReplicationFactor, t.Internal, t.Messages})
	}
	return rows
}

// printTopics is the table of `topics list`.
func printTopics(cmd *cobra.Command, rows []topicJSON) error {
	tb := newTable(cmd.OutOrStdout(), "NAME", "PARTITIONS", "RF", "MESSAGES")
	for _, t := range rows {
		tb.row(t.Name, strconv.Itoa(t.Partitions), strconv.Itoa(t.ReplicationFactor), strconv.FormatInt(t.Messages, 10))
	}
	return tb.flush()
}

// topicDetailJSON is `topics describe -o json`.
type topicDetailJSON struct {
	topicJSON
	PartitionList []partitionJSON `json:"partition_list"`
	Configs       []configJSON    `json:"configs"`
}

type partitionJSON struct {
	Partition int     `json:"partition"`
	Leader    int32   `json:"leader"`
	Replicas  []int32 `json:"replicas"`
	ISR       []int32 `json:"isr"`
	Low       int64   `json:"low"`
	High      int64   `json:"high"`
}

type configJSON struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	Source    string `json:"source"`
	Default   bool   `json:"default"`
	ReadOnly  bool   `json:"read_only"`
	Sensitive bool   `json:"sensitive"`
}

func topicsDescribe(cf *connFlags) *cobra.Command {
	var all bool
	cmd := readCommand(&cobra.Command{
		Use:   "describe TOPIC",
		Short: "Print a topic's partitions (leader, replicas, ISR, offsets) and configs",
		Long: `Print a topic's partitions (leader, replicas, in-sync replicas, low and high
watermarks) and its configs: those set on the topic, or every config with
--all (as kafka-topics.sh --describe and kafka-configs.sh --describe --all).`,
		Args:              argsNamed,
		ValidArgsFunction: completeTopics(cf),
	}, cf, func(ctx context.Context, c *kafkaops.Client, args []string) (topicDetailJSON, error) {
		return describeTopic(ctx, c, args[0], all)
	}, func(cmd *cobra.Command, v topicDetailJSON) error { return printTopicDetail(cmd, v, all) })
	cmd.Flags().BoolVar(&all, "all", false, "print every config, defaults too")
	return cmd
}

// describeTopic reads a topic and its configs: those set on it, or
// every one when all is true.
func describeTopic(ctx context.Context, c *kafkaops.Client, name string, all bool) (topicDetailJSON, error) {
	d, err := c.DescribeTopic(ctx, name)
	if err != nil {
		return topicDetailJSON{}, err
	}
	cfgs, err := c.TopicConfigs(ctx, name)
	if err != nil {
		return topicDetailJSON{}, err
	}
	v := topicDetailJSON{topicJSON: topicJSON{d.Name, d.Partitions, d.ReplicationFactor, d.Internal, d.Messages}}
	for _, p := range d.PartitionList {
		v.PartitionList = append(v.PartitionList, partitionJSON{p.ID, p.Leader, nonNil(p.Replicas), nonNil(p.ISR), p.Low, p.High})
	}
	for _, e := range cfgs {
		if all || !e.Default {
			v.Configs = append(v.Configs, configJSON{e.Name, e.Value, string(e.Source), e.Default, e.ReadOnly, e.Sensitive})
		}
	}
	if v.Configs == nil {
		v.Configs = []configJSON{}
	}
	return v, nil
}

func nonNil(s []int32) []int32 {
	if s == nil {
		return []int32{}
	}
	return s
}

func printTopicDetail(cmd *cobra.Command, v topicDetailJSON, all bool) error {
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "Topic: %s  Partitions: %d  ReplicationFactor: %d  Messages: %d\n\n", cell(v.Name), v.Partitions, v.ReplicationFactor, v.Messages)
	tb := newTable(w, "PARTITION", "LEADER", "REPLICAS", "ISR", "LOW", "HIGH", "MESSAGES")
	for _, p := range v.PartitionList {
		tb.row(strconv.Itoa(p.Partition), strconv.Itoa(int(p.Leader)), ids(p.Replicas), ids(p.ISR),
			strconv.FormatInt(p.Low, 10), strconv.FormatInt(p.High, 10), strconv.FormatInt(p.High-p.Low, 10))
	}
	if err := tb.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(v.Configs) == 0 {
		fmt.Fprintln(w, "Configs: none set on the topic (--all prints the defaults)")
		return nil
	}
	if !all {
		fmt.Fprintln(w, "Configs set on the topic (--all prints every one):")
	}
	tb = newTable(w, "CONFIG", "VALUE", "SOURCE")
	for _, e := range v.Configs {
		tb.row(e.Name, e.Value, e.Source)
	}
	return tb.flush()
}

func ids(s []int32) string {
	parts := make([]string, len(s))
	for i, id := range s {
		parts[i] = strconv.Itoa(int(id))
	}
	return strings.Join(parts, ",")
}

// parseConfigs reads repeated --config k=v flags.
func parseConfigs(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("--config %q: want name=value, as in retention.ms=86400000", kv)
		}
		m[k] = v
	}
	return m, nil
}

func topicsCreate(cf *connFlags) *cobra.Command {
	var partitions, rf int
	var configs []string
	var ifNotExists bool
	cmd := &cobra.Command{
		Use:   "create TOPIC",
		Short: "Create a topic",
		Example: `  kscope topics create bankbranch --partitions 2 --replication-factor 1
  kscope topics create audit --config retention.ms=86400000 --config cleanup.policy=compact`,
		Args: argsNamed,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfgs, err := parseConfigs(configs)
			if err != nil {
				return err
			}
			ctx, c, done, err := cf.session(cmd, "topics create")
			if err != nil {
				return err
			}
			defer done()
			err = c.CreateTopic(ctx, kafkaops.NewTopic{Name: args[0], Partitions: partitions, ReplicationFactor: rf, Configs: cfgs})
			if ifNotExists && kafkaops.IsAlreadyExists(err) {
				fmt.Fprintf(cmd.ErrOrStderr(), "kscope: topic %s already exists\n", cell(args[0]))
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "kscope: created topic %s (partitions %d, replication factor %d)\n", cell(args[0]), partitions, rf)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&partitions, "partitions", 1, "number of partitions")
	f.IntVar(&rf, "replication-factor", 1, "replicas of each partition")
	f.StringArrayVar(&configs, "config", nil, "a topic config, name=value (repeat for more)")
	f.BoolVar(&ifNotExists, "if-not-exists", false, "succeed when the topic already exists")
	return cmd
}

func topicsDelete(cf *connFlags) *cobra.Command {
	var ifExists bool
	cmd := &cobra.Command{
		Use:               "delete TOPIC",
		Short:             "Delete a topic and all its records",
		Args:              argsNamed,
		ValidArgsFunction: completeTopics(cf),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, c, done, err := cf.session(cmd, "topics delete")
			if err != nil {
				return err
			}
			defer done()
			err = c.DeleteTopic(ctx, args[0])
			if ifExists && kafkaops.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "kscope: deleted topic %s\n", cell(args[0]))
			return nil
		},
	}
	cmd.Flags().BoolVar(&ifExists, "if-exists", false, "succeed when the topic does not exist")
	return cmd
}

func topicsAlter(cf *connFlags) *cobra.Command {
	var partitions int
	var configs, deletes []string
	cmd := &cobra.Command{
		Use:   "alter TOPIC",
		Short: "Set or delete topic configs, or add partitions",
		Example: `  kscope topics alter bankbranch --config retention.ms=3600000
  kscope topics alter bankbranch --delete-config retention.ms
  kscope topics alter bankbranch --partitions 4`,
		Args:              argsNamed,
		ValidArgsFunction: completeTopics(cf),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfgs, err := parseConfigs(configs)
			if err != nil {
				return err
			}
			ctx, c, done, err := cf.session(cmd, "topics alter")
			if err != nil {
				return err
			}
			defer done()
			if err := c.AlterTopic(ctx, kafkaops.TopicAlter{Name: args[0], Set: cfgs, Delete: deletes, Partitions: partitions}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "kscope: altered topic %s\n", cell(args[0]))
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&partitions, "partitions", 0, "the new partition count (Kafka only adds partitions)")
	f.StringArrayVar(&configs, "config", nil, "set a config, name=value (repeat for more)")
	f.StringArrayVar(&deletes, "delete-config", nil, "remove a config from the topic, back to the default (repeat for more)")
	return cmd
}
