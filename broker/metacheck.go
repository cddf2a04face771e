package broker

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// metadata is what the check found in kfake's metadata files.
type metadata struct {
	metaFound   bool
	metaDamage  string
	topicsFound bool
	topicsDmg   string
	// topics holds topics.json's entries as they are, so a rebuild keeps
	// the fields it does not know; partitions is their partition counts.
	topics     []map[string]json.RawMessage
	partitions map[string]int
	logs       map[string]*logScan // append logs with damage
	badConfigs []string            // optional JSON files kfake could not parse
}

// appendLogs are kfake's append logs and what is in them.
var appendLogs = []struct{ name, holds, lost string }{
	{"groups.log", "consumer groups and their committed offsets",
		"a group whose latest commit was there is back at its commit before it (or at its reset policy if it had none)"},
	{"pids.log", "producer ids of idempotent and transactional producers",
		"a producer whose id was there gets a new one (a transaction open at the time is aborted)"},
}

// optionalJSON are the JSON files kfake refuses to start on when they do
// not parse, and what each holds.
var optionalJSON = []struct{ name, holds string }{
	{"broker_configs.json", "broker configs set at run time (without it, the flags' values apply)"},
	{"acls.json", "ACLs"},
	{"quotas.json", "client quotas"},
	{"seq_windows.json", "idempotent producers' last sequence numbers (such a producer may get one out-of-order sequence error)"},
}

func (c *checker) readMetadata() error {
	m := &c.meta
	m.partitions = map[string]int{}
	m.logs = map[string]*logScan{}
	var meta map[string]any
	var err error
	if m.metaFound, m.metaDamage, err = readJSONDoc(filepath.Join(c.dir, "meta.json"), &meta); err != nil {
		return err
	}
	var doc struct {
		Topics []map[string]json.RawMessage `json:"topics"`
	}
	if m.topicsFound, m.topicsDmg, err = readJSONDoc(filepath.Join(c.dir, "topics.json"), &doc); err != nil {
		return err
	}
	for _, t := range doc.Topics {
		var name string
		var n int
		if json.Unmarshal(t["name"], &name) != nil || json.Unmarshal(t["partitions"], &n) != nil {
			m.topicsDmg = "a topic entry without a name or partition count"
			break
		}
		m.topics = append(m.topics, t)
		m.partitions[name] = n
	}
	for _, l := range appendLogs {
		raw, err := os.ReadFile(filepath.Join(c.dir, l.name))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", filepath.Join(c.dir, l.name), rootCause(err))
		}
		if s := scanLog(raw); !s.ok() {
			m.logs[l.name] = &s
		}
	}
	for _, f := range optionalJSON {
		var v any
		if _, damage, err := readJSONDoc(filepath.Join(c.dir, f.name), &v); err != nil {
			return err
		} else if damage != "" {
			m.badConfigs = append(m.badConfigs, f.name)
		}
	}
	return nil
}

// hasData reports whether the dir holds anything a new cluster would
// overwrite: records, topics, groups or producer ids.
func (c *checker) hasData() bool {
	if len(c.folders) > 0 || len(c.meta.partitions) > 0 {
		return true
	}
	for _, l := range appendLogs {
		if info, err := os.Stat(filepath.Join(c.dir, l.name)); err == nil && info.Size() > 0 {
			return true
		}
	}
	return false
}

// metadataProblems lists, each with what kfake would do about it, the
// metadata that is missing, damaged or behind the partition folders.
func (c *checker) metadataProblems() []string {
	m := &c.meta
	var p []string
	switch {
	case !m.metaFound && c.hasData():
		p = append(p, "meta.json is missing although the dir holds data (the broker would start as a new, empty cluster and overwrite topics.json and groups.log)")
	case m.metaDamage != "":
		p = append(p, "meta.json is damaged ("+m.metaDamage+")")
	}
	switch {
	case !m.topicsFound && len(c.folders) > 0:
		p = append(p, fmt.Sprintf("topics.json is missing although partition folders hold records of %s (every topic would vanish)", quotedTopics(sortedTopics(c.folderTopics()))))
	case m.topicsDmg != "":
		p = append(p, "topics.json is damaged ("+m.topicsDmg+")")
	default:
		if o := c.orphans(); len(o) > 0 {
			p = append(p, fmt.Sprintf("topics.json does not list (all the partitions of) %s whose partition folders hold records (they would not be loaded)", quotedTopics(o)))
		}
	}
	for _, l := range appendLogs {
		if s := m.logs[l.name]; s != nil {
			p = append(p, fmt.Sprintf("%s is damaged (%d unreadable bytes at byte %d of %d; it holds %s: the broker would ignore everything after the damage, and lose what it writes next)",
				l.name, s.damagedBytes(), s.damaged[0].pos, s.size, l.holds))
		}
	}
	for _, f := range m.badConfigs {
		p = append(p, f+" is damaged (not valid JSON)")
	}
	return p
}

func sortedTopics(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// recoverMetadata rebuilds meta.json and topics.json from the partition
// folders, salvages the intact entries of damaged append logs and sets
// aside unreadable optional files, copying every file it replaces to the
// quarantine first. It says what it rebuilt and what it could not.
func (c *checker) recoverMetadata() error {
	m := &c.meta
	if !m.metaFound || m.metaDamage != "" {
		if err := c.keepIfPresent("meta.json"); err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(c.dir, "meta.json"), []byte(`{"version":1,"cluster_id":"kscope-local"}`)); err != nil {
			return fmt.Errorf("cannot write meta.json: %v", rootCause(err))
		}
		c.say("--recover: meta.json rebuilt (cluster id kscope-local)")
	}
	if !m.topicsFound || m.topicsDmg != "" || len(c.orphans()) > 0 {
		if err := c.recoverTopics(); err != nil {
			return err
		}
	}
	for _, l := range appendLogs {
		if s := m.logs[l.name]; s != nil {
			if err := c.salvageLog(l.name, l.lost, s); err != nil {
				return err
			}
		}
	}
	for _, f := range optionalJSON {
		if !slices.Contains(m.badConfigs, f.name) {
			continue
		}
		kept, err := c.quarantine.keep(f.name)
		if err != nil {
			return err
		}
		if err := removeSynced(filepath.Join(c.dir, f.name)); err != nil {
			return fmt.Errorf("cannot remove %s: %v", f.name, rootCause(err))
		}
		c.say("--recover: %s was unreadable: moved to %s; lost: the %s in it", f.name, escapeForTerminal(kept), f.holds)
	}
	return nil
}

func (c *checker) keepIfPresent(name string) error {
	if _, err := os.Stat(filepath.Join(c.dir, name)); err != nil {
		return nil
	}
	kept, err := c.quarantine.keep(name)
	if err == nil {
		c.say("--recover: the old %s copied to %s", name, escapeForTerminal(kept))
	}
	return err
}

// recoverTopics rewrites topics.json with the entries it still has and a
// new entry for every topic (and partition) the folders show beyond them.
func (c *checker) recoverTopics() error {
	m := &c.meta
	if err := c.keepIfPresent("topics.json"); err != nil {
		return err
	}
	if m.topicsDmg != "" {
		m.topics, m.partitions = nil, map[string]int{}
	}
	var added, grown []string
	for _, topic := range sortedTopics(c.folderTopics()) {
		n := c.folderTopics()[topic]
		known, ok := m.partitions[topic]
		switch {
		case !ok:
			entry, err := newTopicEntry(topic, n)
			if err != nil {
				return err
			}
			m.topics = append(m.topics, entry)
			added = append(added, fmt.Sprintf("%s (%d partitions)", quoteName(topic), n))
		case known < n:
			for _, t := range m.topics {
				var name string
				if json.Unmarshal(t["name"], &name) == nil && name == topic {
					t["partitions"] = json.RawMessage(fmt.Sprint(n))
				}
			}
			grown = append(grown, fmt.Sprintf("%s (%d to %d partitions)", quoteName(topic), known, n))
		}
		m.partitions[topic] = max(known, n)
	}
	out, err := json.Marshal(map[string]any{"version": 1, "topics": m.topics})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(c.dir, "topics.json"), out); err != nil {
		return fmt.Errorf("cannot write topics.json: %v", rootCause(err))
	}
	kept := len(m.topics) - len(added)
	c.say("--recover: topics.json rebuilt: %d topics kept as they were, %d added from their partition folders%s%s",
		kept, len(added), listSuffix(": ", added), listSuffix("; partitions added to ", grown))
	if len(added) > 0 || len(grown) > 0 {
		c.say("--recover: could not recover, for the topics added: their configs (they now have the broker defaults: set retention.ms, cleanup.policy... again), their topic ids (new ones), partitions above the highest folder that never held a record, and topics that never held a record at all")
	}
	return nil
}

func listSuffix(prefix string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	return prefix + strings.Join(items, ", ")
}

// newTopicEntry is a topics.json entry as kfake writes it, with a new
// random topic id.
func newTopicEntry(topic string, partitions int) (map[string]json.RawMessage, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	name, _ := json.Marshal(topic)
	idJSON, _ := json.Marshal(base64.StdEncoding.EncodeToString(id[:]))
	return map[string]json.RawMessage{
		"name":       name,
		"id":         idJSON,
		"partitions": json.RawMessage(fmt.Sprint(partitions)),
		"replicas":   json.RawMessage("1"),
	}, nil
}

// salvageLog rewrites a damaged append log with every intact entry, also
// those after the damage.
func (c *checker) salvageLog(name, lost string, s *logScan) error {
	path := filepath.Join(c.dir, name)
	raw, err := os.ReadFile(path)
	if err != nil || len(raw) != s.size {
		return fmt.Errorf("%s changed during the start-up check", name)
	}
	kept, err := c.quarantine.keep(name)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, salvagedLog(raw, s)); err != nil {
		return fmt.Errorf("cannot rewrite %s: %v", name, rootCause(err))
	}
	after := 0
	for _, e := range s.entries {
		if e.pos > s.damaged[0].pos {
			after++
		}
	}
	c.say("--recover: %s copied whole to %s and rewritten with its %d intact entries (%d of them after the damage); lost: %d unreadable bytes, so %s",
		name, escapeForTerminal(kept), len(s.entries), after, s.damagedBytes(), lost)
	return nil
}
