// Package admin holds the screens that change a cluster's administration
// state: a topic's configs and its records (purge). Every one shows what
// will change before it changes and asks for confirmation; ui's route
// table marks them as writes, so a read-only context never opens them.
package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// NewEditConfig returns the edit of config name of topic (kit.ConfigEdit):
// the current value and its source, an input that takes units ("7d" or
// "604800000") and says what is wrong as you type, ctrl+r to remove the
// override, then a dry run against the broker (validateOnly), the diff, y
// to apply. An empty name asks for one first (add an override),
// completing known names.
func NewEditConfig(svc kafkaops.Service, st *theme.Styles, topic, name string) kit.Screen {
	spec := topicConfigSpec(svc, topic, name)
	spec.OfferReset = true
	return kit.NewConfigEdit(st, spec)
}

// topicConfigSpec is what the edit of config name of topic works on.
func topicConfigSpec(svc kafkaops.Service, topic, name string) kit.ConfigEditSpec {
	return kit.ConfigEditSpec{
		Subject: topic,
		Where:   "this topic",
		Name:    name,
		Load: func(ctx context.Context) ([]kafkaops.ConfigEntry, error) {
			return svc.TopicConfigs(ctx, topic)
		},
		Default: func(ctx context.Context, name string) (string, bool, error) {
			return kafkaops.TopicConfigDefault(ctx, svc, name)
		},
		Alter: func(ctx context.Context, ch kit.ConfigChange) error {
			return svc.AlterTopicConfigs(ctx, topic, ch.Alter)
		},
		Normalize:  normalizeTopicConfig,
		Overridden: func(c kafkaops.ConfigEntry) bool { return !c.Default },
		Source:     topicConfigSource,
		Remove:     removeTopicOverride,
		Applied: func(ch kit.ConfigChange) (tea.Cmd, string) {
			return kit.TopicsChanged(topic), "changed " + kit.Sanitize(topic) + " · " + kit.Sanitize(ch.Diff)
		},
		CheckName: checkTopicConfigName,
		Complete:  nameCompletion,
	}
}

// normalizeTopicConfig returns a topic config's typed value as Kafka
// takes it; a config kscope has no rules for goes as typed.
func normalizeTopicConfig(name, typed, _ string) (string, error) {
	v, err := kafkaops.NormalizeTopicConfig(name, typed)
	if errors.Is(err, kafkaops.ErrUnknownTopicConfig) {
		return v, kit.ErrValueUnchecked
	}
	return v, err
}

// topicConfigSource says where a topic config's value comes from.
func topicConfigSource(c kafkaops.ConfigEntry) string {
	if c.Default {
		return "default (" + kit.Sanitize(string(c.Source)) + ")"
	}
	return "topic override"
}

// removeTopicOverride plans removing the topic's override of name, so it
// takes def: there is none to remove when the config has its default.
func removeTopicOverride(name string, cur kafkaops.ConfigEntry, found bool, def kit.ConfigDefault) (kit.ConfigChange, error) {
	if found && cur.Default {
		return kit.ConfigChange{}, errors.New(name + " is not overridden on this topic: it already has its default")
	}
	to := "the default (override removed)"
	if def.Known {
		to = kit.ConfigShown(name, def.Value) + " default"
	}
	return kit.ConfigChange{
		Alter: kafkaops.ConfigAlter{Delete: []string{name}},
		Diff:  kit.ConfigDiff(name, kit.ConfigShown(name, cur.Value), to),
	}, nil
}

// checkTopicConfigName says when name is no topic config Kafka knows.
func checkTopicConfigName(name string) error {
	if _, ok := kafkaops.TopicConfigSpec(name); !ok {
		return fmt.Errorf("%s is not a topic config Kafka knows (tab completes a name)", kit.Sanitize(name))
	}
	return nil
}

// nameCompletion completes a config name prefix to the first known name.
func nameCompletion(prefix string) string {
	for _, c := range kafkaops.TopicConfigCompletions(prefix) {
		return strings.TrimSuffix(c, "=")
	}
	return ""
}
