package kafkaops

import "testing"

// TestDefaultFromSynonyms: retention.ms falls back to log.retention.ms,
// else to log.retention.hours turned into ms; an unknown value is not
// made up.
func TestDefaultFromSynonyms(t *testing.T) {
	syns := brokerSynonyms["retention.ms"]
	for _, c := range []struct {
		cfgs []ConfigEntry
		want string
		ok   bool
	}{
		{[]ConfigEntry{{Name: "log.retention.ms", Value: "86400000"}, {Name: "log.retention.hours", Value: "168"}}, "86400000", true},
		{[]ConfigEntry{{Name: "log.retention.ms", Value: ""}, {Name: "log.retention.hours", Value: "168"}}, "604800000", true},
		{[]ConfigEntry{{Name: "log.retention.minutes", Value: "-1"}}, "-1", true},
		{[]ConfigEntry{{Name: "num.partitions", Value: "1"}}, "", false},
	} {
		got, ok := defaultFrom(c.cfgs, syns)
		if got != c.want || ok != c.ok {
			t.Errorf("defaultFrom(%v) = %q, %v; want %q, %v", c.cfgs, got, ok, c.want, c.ok)
		}
	}
	if v, ok := defaultFrom([]ConfigEntry{{Name: "message.max.bytes", Value: "1048588"}}, brokerSynonyms["max.message.bytes"]); v != "1048588" || !ok {
		t.Errorf("max.message.bytes default = %q, %v; want message.max.bytes", v, ok)
	}
}
