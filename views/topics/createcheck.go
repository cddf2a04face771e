package topics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// nameNote validates the name.
func (c *CreateTopic) nameNote() kit.Note {
	name := c.form.name.Value()
	if name == "" {
		if c.form.touched[createName] || c.req.submitted {
			return kit.ErrNote("a topic needs a name")
		}
		return kit.HintNote("letters, digits, '.', '_' and '-', up to 249 characters")
	}
	if err := kafkaops.ValidateTopicName(name); err != nil {
		return kit.ErrNote(kit.InvalidText(err))
	}
	if c.names.existing[name] {
		return kit.WarnNote("a topic named " + name + " already exists")
	}
	if other, ok := c.names.metric[strings.ReplaceAll(name, ".", "_")]; ok {
		return kit.WarnNote("collides with topic " + other + " in metric names, where '.' and '_' are the same")
	}
	if strings.Contains(name, ".") && strings.Contains(name, "_") {
		return kit.WarnNote("mixes '.' and '_': they collide in metric names, as Kafka warns; use one of them")
	}
	return kit.OkNote("valid name")
}

// partsValue returns the partition count and its note.
func (c *CreateTopic) partsValue() (int, kit.Note) {
	s := strings.TrimSpace(c.form.parts.Value())
	if s == "" {
		return c.defaults.partitions(), kit.Note{}
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, kit.ErrNote("partitions must be a whole number")
	case n < 1:
		return n, kit.ErrNote("a topic needs at least 1 partition")
	case n > 10000:
		return n, kit.WarnNote("that is a lot of partitions; each one costs the brokers files and memory")
	}
	return n, kit.Note{}
}

// rfValue returns the replication factor and its note.
func (c *CreateTopic) rfValue() (int, kit.Note) {
	s := strings.TrimSpace(c.form.rf.Value())
	n := c.defaults.replicationFactor()
	if s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			return 0, kit.ErrNote("the replication factor must be a whole number")
		}
	}
	switch {
	case n < 1:
		return n, kit.ErrNote("the replication factor must be at least 1")
	case c.defaults.Brokers > 0 && n > c.defaults.Brokers:
		return n, kit.ErrNote(fmt.Sprintf("the replication factor can be at most %d: the cluster has %s",
			c.defaults.Brokers, kit.PluralCount(int64(c.defaults.Brokers), "broker")))
	}
	return n, kit.Note{}
}

// configNotes validates every config row and returns the configs and a
// note per row.
func (c *CreateTopic) configNotes() (map[string]string, []kit.Note) {
	seen := map[string]bool{}
	cfgs := map[string]string{}
	notes := make([]kit.Note, len(c.form.cfg))
	for i, r := range c.form.cfg {
		k, v, n := checkConfigRow(r.Value(), seen)
		notes[i] = n
		if k != "" && n.Kind != kit.NoteErr {
			seen[k] = true
			cfgs[k] = v
		}
	}
	return cfgs, notes
}

// request builds the create request and reports the first field with an
// error (-1 when none).
func (c *CreateTopic) request() (kafkaops.NewTopic, int) {
	t := kafkaops.NewTopic{Name: c.form.name.Value()}
	bad := -1
	flag := func(i int, n kit.Note) {
		if n.Kind == kit.NoteErr && bad < 0 {
			bad = i
		}
	}
	if n := c.nameNote(); n.Kind == kit.NoteErr || (t.Name == "") {
		if bad < 0 {
			bad = createName
		}
	}
	var n kit.Note
	t.Partitions, n = c.partsValue()
	flag(createParts, n)
	t.ReplicationFactor, n = c.rfValue()
	flag(createRF, n)
	cfgs, notes := c.configNotes()
	for i, n := range notes {
		flag(createFirstConfig+i, n)
	}
	if len(cfgs) > 0 {
		t.Configs = cfgs
	}
	return t, bad
}

// checkConfigRow validates one key=value row; seen holds the keys of the
// rows above it. A key Kafka does not know is a warning (a newer broker
// may know it); everything else is an error.
func checkConfigRow(text string, seen map[string]bool) (key, value string, n kit.Note) {
	if strings.TrimSpace(text) == "" {
		return "", "", kit.Note{}
	}
	k, v, hasEq := strings.Cut(text, "=")
	key, value = strings.TrimSpace(k), strings.TrimSpace(v)
	switch {
	case !hasEq:
		return key, "", kit.ErrNote("write key=value, e.g. retention.ms=86400000")
	case key == "":
		return "", value, kit.ErrNote("the config has no name before '='")
	case seen[key]:
		return key, value, kit.ErrNote(key + " is set twice")
	case value == "":
		return key, value, kit.ErrNote(key + " needs a value")
	}
	// The value in the units the screens show ("1d", "1GiB") is read as
	// Kafka takes it; the request carries the number.
	norm, err := kafkaops.NormalizeTopicConfig(key, value)
	if err != nil {
		if errors.Is(err, kafkaops.ErrUnknownTopicConfig) {
			return key, value, kit.WarnNote("unknown config key " + key + ": the broker will likely reject it")
		}
		return key, value, kit.ErrNote(err.Error())
	}
	n = configHint(key, norm)
	if spec, _ := kafkaops.TopicConfigSpec(key); norm != value && spec.Unit != "" {
		// Typed in units: say the number that is sent.
		n = kit.HintNote("= " + norm + " " + spec.Unit)
	}
	return key, norm, n
}

// configHint reads a valid value in human units: a duration, a size, or
// what -1 means.
func configHint(key, value string) kit.Note {
	spec, _ := kafkaops.TopicConfigSpec(key)
	if spec.Kind != kafkaops.ConfigLong {
		return kit.Note{}
	}
	i, _ := strconv.ParseInt(value, 10, 64)
	switch {
	case spec.Unit == "ms" && i >= 0:
		return kit.HintNote("= " + kit.HumanMillis(value))
	case spec.Unit == "bytes" && i >= 0:
		return kit.HintNote("= " + kit.HumanBytes(value))
	case i == -1:
		return kit.HintNote("-1: no limit")
	}
	return kit.Note{}
}
