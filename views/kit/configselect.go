package kit

import (
	"strings"

	"kscope/kafkaops"
)

// Selected returns the config the topic detail's `e` edits: with a row
// cursor (EnableCursor), the config under it, which a new filter puts on
// the config it names exactly. Without one: while a kept
// filter names a config exactly (retention.ms, not delete.retention.ms
// that also matches), that one; otherwise the config on the pane's top
// visible line (the first match while a filter narrows the list). False
// when no config shows.
func (c *ConfigPane) Selected() (kafkaops.ConfigEntry, bool) {
	c.ensure()
	if c.cur.on {
		return c.cursorEntry()
	}
	if q := strings.TrimSpace(c.Filter.Value()); q != "" {
		for _, e := range c.lineEntry {
			if strings.EqualFold(e.Name, q) {
				return e, true
			}
		}
	}
	if c.Offset < 0 || c.Offset >= len(c.lineEntry) {
		return kafkaops.ConfigEntry{}, false
	}
	return c.lineEntry[c.Offset], true
}
