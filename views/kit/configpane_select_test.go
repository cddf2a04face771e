package kit

import (
	"testing"

	"kscope/kafkaops"
	"kscope/theme"
)

// TestSelectedPrefersTheExactName: a kept filter "retention.ms" also
// matches delete.retention.ms, listed first; `e` must edit retention.ms.
func TestSelectedPrefersTheExactName(t *testing.T) {
	c := NewConfigPane(theme.New(true, true))
	c.SetSize(80, 10)
	c.SetEntries([]kafkaops.ConfigEntry{
		{Name: "delete.retention.ms", Value: "86400000", Source: kafkaops.SourceTopic},
		{Name: "retention.ms", Value: "604800000", Source: kafkaops.SourceDefault, Default: true},
	})
	c.Filter.SetValue("retention.ms")
	c.dirty = true
	if e, ok := c.Selected(); !ok || e.Name != "retention.ms" {
		t.Errorf("Selected = %q, %v; want retention.ms", e.Name, ok)
	}
	c.Filter.SetValue("retention")
	c.dirty = true
	if e, ok := c.Selected(); !ok || e.Name != "delete.retention.ms" {
		t.Errorf("without an exact name Selected = %q, %v; want the first match", e.Name, ok)
	}
}
