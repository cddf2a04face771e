package kit

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/theme"
)

func cursorPane(n, h int) *ConfigPane {
	c := NewConfigPane(theme.New(true, true))
	c.EnableCursor()
	c.SetSize(60, h)
	var es []kafkaops.ConfigEntry
	for i := range n {
		es = append(es, kafkaops.ConfigEntry{Name: fmt.Sprintf("config.%02d", i), Value: "v", Source: kafkaops.SourceDefault, Default: true})
	}
	c.SetEntries(es)
	return c
}

func press(c *ConfigPane, keys ...string) {
	for _, k := range keys {
		code := []rune(k)[0]
		switch k {
		case "down":
			code = tea.KeyDown
		case "end":
			code = tea.KeyEnd
		}
		c.Update(tea.KeyPressMsg{Code: code, Text: map[bool]string{true: k, false: ""}[len(k) == 1]})
	}
}

// TestConfigCursorMovesAndWindowFollows: j moves the cursor a config at a
// time, the window scrolls to keep it in view, and the focused view
// draws it.
func TestConfigCursorMovesAndWindowFollows(t *testing.T) {
	c := cursorPane(20, 7) // 5 rows under the title and headings
	press(c, "j", "j")
	if e, _ := c.Selected(); e.Name != "config.02" || c.Offset != 0 {
		t.Errorf("after j j: %s at offset %d, want config.02 at 0", e.Name, c.Offset)
	}
	press(c, "j", "j", "j", "j")
	if e, _ := c.Selected(); e.Name != "config.06" || c.Offset != 2 {
		t.Errorf("after six j: %s at offset %d, want config.06 at 2", e.Name, c.Offset)
	}
	v := ansi.Strip(c.View(true))
	if !strings.Contains(v, "▸ config.06") {
		t.Errorf("focused view lacks the cursor:\n%s", v)
	}
	if strings.Contains(ansi.Strip(c.View(false)), "▸") {
		t.Error("an unfocused pane draws the cursor")
	}
	press(c, "end")
	if e, _ := c.Selected(); e.Name != "config.19" {
		t.Errorf("end: %s", e.Name)
	}
}

// TestConfigCursorKeepsItsConfig: a refresh that turns the config into an
// override (it then sorts first) keeps the cursor on it and in view.
func TestConfigCursorKeepsItsConfig(t *testing.T) {
	c := cursorPane(20, 7)
	press(c, "end")
	es := append([]kafkaops.ConfigEntry(nil), c.Entries...)
	for i := range es {
		if es[i].Name == "config.19" {
			es[i].Default, es[i].Source = false, kafkaops.SourceTopic
		}
	}
	c.SetEntries(es)
	if e, _ := c.Selected(); e.Name != "config.19" || c.Offset != 0 {
		t.Errorf("after the refresh: %s at offset %d, want config.19 at the top", e.Name, c.Offset)
	}
}

// TestConfigCursorWheelStaysAcrossRefresh: a refresh that moves nothing
// leaves the window where the wheel put it.
func TestConfigCursorWheelStaysAcrossRefresh(t *testing.T) {
	c := cursorPane(20, 7)
	c.Scroll(6)
	c.SetEntries(append([]kafkaops.ConfigEntry(nil), c.Entries...))
	c.View(true)
	if c.Offset != 6 {
		t.Errorf("offset %d after a refresh, want 6 where the wheel left it", c.Offset)
	}
	if e, _ := c.Selected(); e.Name != "config.00" {
		t.Errorf("the wheel moved the cursor to %s", e.Name)
	}
}
