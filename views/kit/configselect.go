package kit

import "kscope/kafkaops"

// Selected returns the config on the pane's top visible line (the first
// match while a filter narrows the list), which the topic detail's `e`
// edits; false when no config shows.
func (c *ConfigPane) Selected() (kafkaops.ConfigEntry, bool) {
	c.ensure()
	if c.Offset < 0 || c.Offset >= len(c.lineEntry) {
		return kafkaops.ConfigEntry{}, false
	}
	return c.lineEntry[c.Offset], true
}
