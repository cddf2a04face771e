package cluster

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// brokerConfigsChangedMsg tells the broker configs screen that a change
// was made, so it loads the configs again. set names the configs set on
// broker id alone, whose source the reload checks: a cluster that keeps
// one set of dynamic broker configs (the bundled broker, as kfake does)
// applies them to every broker.
type brokerConfigsChangedMsg struct {
	id  int32
	set []string
}

// NewEditBrokerConfig returns the edit of dynamic config name of broker id
// (kit.ConfigEdit): the current value and its source, an input that takes
// units ("7d" or "604800000") and says what is wrong as you type, a dry
// run (validateOnly), the diff, y to apply with IncrementalAlterConfigs.
// With reset it dry-runs removing the dynamic override as soon as the
// current value is known.
func NewEditBrokerConfig(svc kafkaops.Service, st *theme.Styles, id int32, name string, reset bool) kit.Screen {
	return kit.NewConfigEdit(st, kit.ConfigEditSpec{
		Subject:    "broker " + strconv.Itoa(int(id)),
		Where:      "this broker",
		Name:       name,
		Reset:      reset,
		ResetTitle: "Remove override",
		ResetVerb:  "remove",
		Load: func(ctx context.Context) ([]kafkaops.ConfigEntry, error) {
			return svc.BrokerConfigs(ctx, id)
		},
		Alter: func(ctx context.Context, ch kit.ConfigChange) error {
			target := id
			if ch.ClusterWide {
				target = kafkaops.AllBrokers
			}
			return svc.AlterBrokerConfigs(ctx, target, ch.Alter)
		},
		Normalize:    kafkaops.NormalizeBrokerConfig,
		NeedsCurrent: true,
		Overridden: func(c kafkaops.ConfigEntry) bool {
			return !c.Default && c.Source == kafkaops.SourceDynamicBroker
		},
		Source: func(c kafkaops.ConfigEntry) string { return sourceWords(c.Source) },
		Remove: func(name string, cur kafkaops.ConfigEntry, _ bool, _ kit.ConfigDefault) (kit.ConfigChange, error) {
			return removeBrokerOverride(id, name, cur)
		},
		Applied: func(ch kit.ConfigChange) (tea.Cmd, string) {
			// Short enough for one status line at 60 columns: the diff showed.
			done := fmt.Sprintf("broker %d: %s changed", id, kit.Sanitize(name))
			changed := brokerConfigsChangedMsg{id: id}
			if ch.ClusterWide {
				done = "every broker: " + kit.Sanitize(name) + " changed"
			} else {
				changed.set = slices.Sorted(maps.Keys(ch.Alter.Set))
			}
			return func() tea.Msg { return changed }, done
		},
	})
}

// removeBrokerOverride plans removing broker id's dynamic override of
// name, or the cluster-wide dynamic default when that is where the value
// comes from.
func removeBrokerOverride(id int32, name string, cur kafkaops.ConfigEntry) (kit.ConfigChange, error) {
	ch := kit.ConfigChange{Alter: kafkaops.ConfigAlter{Delete: []string{name}}}
	switch cur.Source {
	case kafkaops.SourceDynamicBroker:
		ch.Diff = kit.ConfigDiff(name, kit.ConfigShown(name, cur.Value), "removed (back to static or default)")
	case kafkaops.SourceDynamicDefault:
		ch.ClusterWide = true
		ch.Diff = kit.ConfigDiff(name, "cluster-wide "+kit.ConfigShown(name, cur.Value), "removed on every broker")
	default:
		return ch, errors.New(name + " has no dynamic override on broker " + strconv.Itoa(int(id)) + " to remove")
	}
	return ch, nil
}

// sourceWords names a broker config's source.
func sourceWords(s kafkaops.ConfigSource) string {
	switch s {
	case kafkaops.SourceDynamicBroker:
		return "dynamic override on this broker"
	case kafkaops.SourceDynamicDefault:
		return "cluster-wide dynamic default"
	case kafkaops.SourceStaticBroker:
		return "static (server.properties)"
	case kafkaops.SourceDefault:
		return "Kafka's default"
	}
	return kit.Sanitize(string(s))
}

// clusterWideNote says, when a config just set on broker id alone comes
// back as the cluster-wide dynamic default, that the cluster applied it to
// every broker: the bundled broker (kfake) keeps one set of dynamic broker
// configs for the cluster, whatever broker the change named.
func clusterWideNote(id int32, set []string, configs []kafkaops.ConfigEntry) tea.Cmd {
	var wide []string
	for _, name := range set {
		i := slices.IndexFunc(configs, func(e kafkaops.ConfigEntry) bool { return e.Name == name })
		if i >= 0 && configs[i].Source == kafkaops.SourceDynamicDefault {
			wide = append(wide, kit.Sanitize(name))
		}
	}
	if len(wide) == 0 {
		return nil
	}
	// Short enough for one status line at 60 columns for a usual name.
	return kit.Status(fmt.Sprintf("%s: set on every broker, not only %d", strings.Join(wide, ", "), id), false)
}
