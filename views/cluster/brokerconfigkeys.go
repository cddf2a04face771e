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
		// Short enough for one status line at 60 columns.
		return kit.Status(name+" is read-only: static, from server.properties", true)
	case !unset && e.Sensitive:
		// The input would show the secret in clear as it is typed.
		return kit.Status(name+" is a secret: kscope does not edit secrets", true)
	case unset && e.Source != kafkaops.SourceDynamicBroker && e.Source != kafkaops.SourceDynamicDefault:
		return kit.Status(fmt.Sprintf("%s: no dynamic override to remove", name), true)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteEditBrokerConfig, BrokerID: c.id, Config: e.Name, Reset: unset})
}
