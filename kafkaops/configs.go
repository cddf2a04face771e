package kafkaops

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/segmentio/kafka-go/protocol/describeconfigs"
)

// Resource types of a describe-configs request.
const (
	resourceTopic  int8 = 2
	resourceBroker int8 = 4
)

// configSources maps describe-configs source codes (v1+) to ours.
var configSources = map[int8]ConfigSource{
	0: SourceUnknown,
	1: SourceTopic,
	2: SourceDynamicBroker,
	3: SourceDynamicDefault,
	4: SourceStaticBroker,
	5: SourceDefault,
	6: SourceDynamicBrokerLg,
	7: SourceClientMetrics,
	8: SourceGroup,
}

// TopicConfigs returns every config of a topic, sorted by name.
func (c *Client) TopicConfigs(ctx context.Context, name string) ([]ConfigEntry, error) {
	req := describeRequest(resourceTopic, name)
	res, _, err := c.wire.roundTripAny(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("describe configs of topic %q: %w", name, err)
	}
	entries, err := configEntries(res.(*describeconfigs.Response), resourceTopic)
	if err != nil {
		return nil, fmt.Errorf("describe configs of topic %q: %w", name, err)
	}
	return entries, nil
}

// BrokerConfigs returns every config of a broker, sorted by name. The
// request goes to that broker: only it knows its static configs.
func (c *Client) BrokerConfigs(ctx context.Context, brokerID int32) ([]ConfigEntry, error) {
	req := describeRequest(resourceBroker, strconv.Itoa(int(brokerID)))
	res, err := c.roundTripBroker(ctx, brokerID, req)
	if err != nil {
		return nil, fmt.Errorf("describe configs of broker %d: %w", brokerID, err)
	}
	entries, err := configEntries(res.(*describeconfigs.Response), resourceBroker)
	if err != nil {
		return nil, fmt.Errorf("describe configs of broker %d: %w", brokerID, err)
	}
	return entries, nil
}

func describeRequest(kind int8, name string) *describeconfigs.Request {
	return &describeconfigs.Request{Resources: []describeconfigs.RequestResource{{ResourceType: kind, ResourceName: name}}}
}

// configEntries turns the single resource of a response into entries, or
// into the resource's error.
func configEntries(res *describeconfigs.Response, kind int8) ([]ConfigEntry, error) {
	if len(res.Resources) != 1 {
		return nil, fmt.Errorf("broker answered %d resources for one", len(res.Resources))
	}
	r := res.Resources[0]
	if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
		return nil, err
	}
	entries := make([]ConfigEntry, 0, len(r.ConfigEntries))
	for _, e := range r.ConfigEntries {
		entries = append(entries, configEntry(e, kind))
	}
	slices.SortFunc(entries, func(a, b ConfigEntry) int { return strings.Compare(a.Name, b.Name) })
	return entries, nil
}

func configEntry(e describeconfigs.ResponseConfigEntry, kind int8) ConfigEntry {
	src, ok := configSources[e.ConfigSource]
	if !ok {
		src = SourceUnknown
	}
	// Describe-configs v0 has no source, only IsDefault.
	if e.ConfigSource == 0 && e.IsDefault {
		src = SourceDefault
	}
	entry := ConfigEntry{
		Name:      e.ConfigName,
		Value:     e.ConfigValue,
		Source:    src,
		ReadOnly:  e.ReadOnly,
		Sensitive: e.IsSensitive,
		Default:   isDefault(src, kind),
	}
	if entry.Sensitive {
		// Brokers already withhold sensitive values; mask whatever comes
		// back anyway so a secret can never reach the screen.
		entry.Value = SensitiveMask
	}
	return entry
}

// isDefault reports whether a value of this source is inherited rather
// than set on the resource itself: for a topic, anything not set on the
// topic; for a broker, the built-in and cluster-wide defaults.
func isDefault(src ConfigSource, kind int8) bool {
	if kind == resourceTopic {
		return src != SourceTopic && src != SourceUnknown
	}
	return src == SourceDefault || src == SourceDynamicDefault
}
