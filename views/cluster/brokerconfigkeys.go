package cluster

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// edit opens the edit of the config under the cursor (unset: the removal
// of its dynamic override), or says why that config cannot change.
func (c *BrokerConfigs) edit(unset bool) tea.Cmd {
	e, ok := c.configs.Selected()
	if !ok {
		return kit.Status("no config selected", true)
	}
	name := kit.Sanitize(e.Name)
	switch {
	case e.ReadOnly:
		return kit.Status(fmt.Sprintf("%s is read-only: a static broker config (server.properties) changes only with a restart of broker %d", name, c.id), true)
	case unset && e.Source != kafkaops.SourceDynamicBroker:
		return kit.Status(fmt.Sprintf("%s has no dynamic override on broker %d: nothing to remove", name, c.id), true)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteEditBrokerConfig, BrokerID: c.id, Config: e.Name, Reset: unset})
}
