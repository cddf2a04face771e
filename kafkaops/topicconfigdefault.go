package kafkaops

import (
	"context"
	"strconv"
	"strings"
)

// brokerSynonyms maps a topic config to the broker configs its default
// comes from, most specific first, with the factor that turns the
// broker's unit into the topic's (log.retention.hours into ms). It is
// Apache Kafka's LogConfig synonym table for the configs people reset.
var brokerSynonyms = map[string][]brokerSynonym{
	"cleanup.policy":                 {{"log.cleanup.policy", 1}},
	"compression.type":               {{"compression.type", 1}},
	"delete.retention.ms":            {{"log.cleaner.delete.retention.ms", 1}},
	"file.delete.delay.ms":           {{"log.segment.delete.delay.ms", 1}},
	"flush.messages":                 {{"log.flush.interval.messages", 1}},
	"flush.ms":                       {{"log.flush.interval.ms", 1}},
	"index.interval.bytes":           {{"log.index.interval.bytes", 1}},
	"local.retention.bytes":          {{"log.local.retention.bytes", 1}},
	"local.retention.ms":             {{"log.local.retention.ms", 1}},
	"max.compaction.lag.ms":          {{"log.cleaner.max.compaction.lag.ms", 1}},
	"max.message.bytes":              {{"message.max.bytes", 1}},
	"message.timestamp.type":         {{"log.message.timestamp.type", 1}},
	"min.cleanable.dirty.ratio":      {{"log.cleaner.min.cleanable.ratio", 1}},
	"min.compaction.lag.ms":          {{"log.cleaner.min.compaction.lag.ms", 1}},
	"min.insync.replicas":            {{"min.insync.replicas", 1}},
	"preallocate":                    {{"log.preallocate", 1}},
	"retention.bytes":                {{"log.retention.bytes", 1}},
	"retention.ms":                   {{"log.retention.ms", 1}, {"log.retention.minutes", 60_000}, {"log.retention.hours", 3_600_000}},
	"segment.bytes":                  {{"log.segment.bytes", 1}},
	"segment.index.bytes":            {{"log.index.size.max.bytes", 1}},
	"segment.jitter.ms":              {{"log.roll.jitter.ms", 1}, {"log.roll.jitter.hours", 3_600_000}},
	"segment.ms":                     {{"log.roll.ms", 1}, {"log.roll.hours", 3_600_000}},
	"unclean.leader.election.enable": {{"unclean.leader.election.enable", 1}},
}

// brokerSynonym is one broker config a topic config's default comes from.
type brokerSynonym struct {
	name   string
	factor int64 // multiplies a numeric value into the topic's unit
}

// TopicConfigDefault returns the value a topic config takes once its
// override is removed: the controller's broker config it falls back to
// (log.retention.ms, else log.retention.hours in ms, for retention.ms).
// ok is false when kscope does not know the config's broker synonym or
// the broker does not say; err only when the broker configs cannot be
// read.
func TopicConfigDefault(ctx context.Context, svc Service, name string) (value string, ok bool, err error) {
	syns, known := brokerSynonyms[name]
	if !known {
		return "", false, nil
	}
	info, err := svc.ClusterInfo(ctx)
	if err != nil || len(info.Brokers) == 0 {
		return "", false, err
	}
	// The controller's configs are what a topic falls back to; any
	// broker's will do when it is not listed.
	id := info.Brokers[0].ID
	for _, b := range info.Brokers {
		if b.ID == info.ControllerID {
			id = b.ID
		}
	}
	cfgs, err := svc.BrokerConfigs(ctx, id)
	if err != nil {
		return "", false, err
	}
	v, ok := defaultFrom(cfgs, syns)
	return v, ok, nil
}

// defaultFrom picks the first synonym the broker configs hold a value
// for, in the topic config's unit.
func defaultFrom(cfgs []ConfigEntry, syns []brokerSynonym) (string, bool) {
	byName := make(map[string]ConfigEntry, len(cfgs))
	for _, e := range cfgs {
		byName[e.Name] = e
	}
	for _, s := range syns {
		e, ok := byName[s.name]
		if !ok || e.Sensitive || strings.TrimSpace(e.Value) == "" {
			continue
		}
		if s.factor == 1 {
			return e.Value, true
		}
		n, err := strconv.ParseInt(strings.TrimSpace(e.Value), 10, 64)
		if err != nil {
			continue
		}
		if n < 0 {
			return strconv.FormatInt(n, 10), true
		}
		return strconv.FormatInt(n*s.factor, 10), true
	}
	return "", false
}
