package admin

import (
	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// NewResetConfig returns the screen that removes topic's override of
// config name (x in the config pane): it shows the current value, the
// default it falls back to, dry-runs the removal against the broker and
// resets on y.
func NewResetConfig(svc kafkaops.Service, st *theme.Styles, topic, name string) kit.Screen {
	spec := topicConfigSpec(svc, topic, name)
	spec.Reset, spec.ResetTitle, spec.ResetVerb = true, "Reset", "reset"
	return kit.NewConfigEdit(st, spec)
}
