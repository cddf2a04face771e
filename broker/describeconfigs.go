package broker

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// configView answers DescribeConfigs for topics and the broker with what
// the broker runs, where kfake's own answer is wrong in three ways: a
// topic without an override reports Kafka's 7-day retention.ms whatever
// the broker's log.retention.ms is, the broker-level keys (log.retention.ms)
// appear among every topic's configs, and the broker reports a
// replication factor of 3, SASL mechanisms, super users and a rack that a
// single plaintext node does not have.
//
// The broker-level values it reports are kfake's: the ones kscope gave at
// start from its flags (STATIC_BROKER_CONFIG, or DEFAULT_CONFIG when equal
// to Kafka's default), the ones an earlier run saved in the data dir, and,
// once a client altered the broker's configs, kfake's own saved copy
// (DYNAMIC_DEFAULT_BROKER_CONFIG: kfake keeps one set for the cluster).
type configView struct {
	c       *kfake.Cluster
	dataDir string            // "" in memory
	flags   map[string]string // broker configs kscope set from its flags
	start   map[string]string // kfake's broker configs at start: saved ones, then flags
	saslOn  bool
	answers *saslAnswers // with SASL on and TLS off: see saslconfigs.go
	started time.Time    // when kfake took the broker configs
	altered atomic.Bool  // a client altered broker configs since start
}

// topicKey is a topic-level config kfake knows: the broker config that
// sets its default for every topic ("" when none does) and kfake's
// default value, which is Apache Kafka's.
type topicKey struct {
	name, brokerKey, def string
	typ                  kmsg.ConfigType
}

// topicKeys are the topic-level configs a topic reports, as kfake's
// validTopicConfigs and configDefaults list them (without its internal
// kfake.is_internal).
var topicKeys = []topicKey{
	{"cleanup.policy", "", "delete", kmsg.ConfigTypeList},
	{"compression.type", "compression.type", "producer", kmsg.ConfigTypeString},
	{"delete.retention.ms", "", "86400000", kmsg.ConfigTypeLong},
	{"max.message.bytes", "message.max.bytes", "1048588", kmsg.ConfigTypeInt},
	{"message.timestamp.type", "log.message.timestamp.type", "CreateTime", kmsg.ConfigTypeString},
	{"min.insync.replicas", "min.insync.replicas", "1", kmsg.ConfigTypeInt},
	{"retention.bytes", "log.retention.bytes", "-1", kmsg.ConfigTypeLong},
	{"retention.ms", "log.retention.ms", "604800000", kmsg.ConfigTypeLong},
	{"segment.bytes", "log.segment.bytes", "104857600", kmsg.ConfigTypeInt},
	{"segment.ms", "log.roll.ms", "604800000", kmsg.ConfigTypeLong},
}

// brokerDefaults are the broker-level configs kfake accepts, with Apache
// Kafka's defaults (kfake's configDefaults), except those that say what
// this broker runs and are reported from its options (broker.id, log.dir,
// num.partitions) and those a plaintext single node without a rack does
// not have (broker.rack, sasl.enabled.mechanisms, super.users).
// default.replication.factor is Kafka's default, 1, which is what a
// single node creates, where kfake says 3.
var brokerDefaults = map[string]string{
	"compression.type":                          "producer",
	"connections.max.reauth.ms":                 "0",
	"default.replication.factor":                "1",
	"fetch.max.bytes":                           "57671680",
	"max.incremental.fetch.session.cache.slots": "1000",
	"group.consumer.heartbeat.interval.ms":      "5000",
	"group.consumer.session.timeout.ms":         "45000",
	"group.max.size":                            "2147483647",
	"group.min.session.timeout.ms":              "6000",
	"group.max.session.timeout.ms":              "300000",
	"log.cleaner.backoff.ms":                    "3600000",
	"log.message.timestamp.type":                "CreateTime",
	"log.retention.bytes":                       "-1",
	"log.retention.ms":                          "604800000",
	"log.roll.ms":                               "604800000",
	"log.segment.bytes":                         "104857600",
	"message.max.bytes":                         "1048588",
	"min.insync.replicas":                       "1",
	"num.partitions":                            "1",
	"offsets.retention.minutes":                 "10080",
	"offsets.retention.check.interval.ms":       "600000",
	"transaction.max.timeout.ms":                "900000",
	"transactional.id.expiration.ms":            "604800000",
}

// brokerTypes are the types of the broker configs reported (v3+).
var brokerTypes = map[string]kmsg.ConfigType{
	"broker.id": kmsg.ConfigTypeInt, "log.dir": kmsg.ConfigTypeString, "num.partitions": kmsg.ConfigTypeInt,
	"compression.type": kmsg.ConfigTypeString, "connections.max.reauth.ms": kmsg.ConfigTypeLong,
	"default.replication.factor": kmsg.ConfigTypeInt, "fetch.max.bytes": kmsg.ConfigTypeInt,
	"log.cleaner.backoff.ms": kmsg.ConfigTypeLong, "log.message.timestamp.type": kmsg.ConfigTypeString,
	"log.retention.bytes": kmsg.ConfigTypeLong, "log.retention.ms": kmsg.ConfigTypeLong,
	"log.roll.ms": kmsg.ConfigTypeLong, "log.segment.bytes": kmsg.ConfigTypeInt,
	"message.max.bytes": kmsg.ConfigTypeInt, "min.insync.replicas": kmsg.ConfigTypeInt,
	"offsets.retention.minutes": kmsg.ConfigTypeInt, "offsets.retention.check.interval.ms": kmsg.ConfigTypeLong,
}

// readOnlyBrokerKeys are the broker configs a client cannot alter.
var readOnlyBrokerKeys = map[string]bool{
	"broker.id": true, "log.dir": true, "num.partitions": true,
}

// newConfigView reads the broker configs an earlier run saved in dataDir
// (kfake merges them under the flags' ones at start). It must run before
// kfake starts, which rewrites the file.
func newConfigView(dataDir string, flags map[string]string, saslOn bool) *configView {
	v := &configView{dataDir: dataDir, flags: flags, start: maps.Clone(flags), saslOn: saslOn, started: time.Now()}
	if saved, err := readSavedBrokerConfigs(dataDir); err == nil {
		for k, val := range saved {
			if _, ok := flags[k]; !ok {
				v.start[k] = val
			}
		}
	}
	return v
}

// kfakeBrokerConfigsFile is where kfake saves its broker configs, at
// shutdown and after every AlterConfigs of the broker.
const kfakeBrokerConfigsFile = "broker_configs.json"

func readSavedBrokerConfigs(dataDir string) (map[string]string, error) {
	if dataDir == "" {
		return nil, os.ErrNotExist
	}
	data, err := os.ReadFile(filepath.Join(dataDir, kfakeBrokerConfigsFile))
	if err != nil {
		return nil, err
	}
	var saved struct {
		Configs map[string]string `json:"configs"`
	}
	if err := json.Unmarshal(data, &saved); err != nil {
		return nil, err
	}
	return saved.Configs, nil
}

// install registers the DescribeConfigs control on c, after the version
// emulation's (which refuses versions the release removed) and after the
// guard's, and a watch on the alters that change the broker's configs.
func (v *configView) install(c *kfake.Cluster) {
	v.c = c
	c.ControlKey(int16(kmsg.DescribeConfigs), func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		return v.describe(r.(*kmsg.DescribeConfigsRequest))
	})
	watch := func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		if altersBroker(r) {
			v.altered.Store(true)
		}
		return nil, nil, false
	}
	c.ControlKey(int16(kmsg.AlterConfigs), watch)
	c.ControlKey(int16(kmsg.IncrementalAlterConfigs), watch)
}

// altersBroker reports whether an alter request changes broker configs.
func altersBroker(r kmsg.Request) bool {
	switch req := r.(type) {
	case *kmsg.AlterConfigsRequest:
		for _, res := range req.Resources {
			if res.ResourceType == kmsg.ConfigResourceTypeBroker && !req.ValidateOnly {
				return true
			}
		}
	case *kmsg.IncrementalAlterConfigsRequest:
		for _, res := range req.Resources {
			if res.ResourceType == kmsg.ConfigResourceTypeBroker && !req.ValidateOnly {
				return true
			}
		}
	}
	return false
}

// describe answers a DescribeConfigs request, or leaves it to kfake when
// it cannot answer truthfully: for resource types other than topics and
// the broker, and in memory once a client altered the broker's configs
// (kfake keeps them where only it can read them). With SASL on, a control
// runs before kfake checks that the connection has logged in: describe
// then notes its answer for saslAnswers to put on the wire in place of
// kfake's, once kfake has checked the login and answered.
func (v *configView) describe(req *kmsg.DescribeConfigsRequest) (kmsg.Response, error, bool) {
	if v.saslOn {
		if v.answers != nil {
			if resp, _, ok := v.answer(req); ok {
				v.answers.put(req, resp)
			}
		}
		return nil, nil, false
	}
	return v.answer(req)
}

// answer is configView's answer to req; false when it cannot answer
// truthfully (see describe).
func (v *configView) answer(req *kmsg.DescribeConfigsRequest) (kmsg.Response, error, bool) {
	for _, rr := range req.Resources {
		if rr.ResourceType != kmsg.ConfigResourceTypeTopic && rr.ResourceType != kmsg.ConfigResourceTypeBroker {
			return nil, nil, false
		}
	}
	bcfgs, ok := v.brokerConfigs()
	if !ok {
		return nil, nil, false
	}
	resp := req.ResponseKind().(*kmsg.DescribeConfigsResponse)
	for _, rr := range req.Resources {
		res := kmsg.NewDescribeConfigsResponseResource()
		res.ResourceType, res.ResourceName = rr.ResourceType, rr.ResourceName
		var entries []configEntry
		switch rr.ResourceType {
		case kmsg.ConfigResourceTypeTopic:
			info := v.c.TopicInfo(rr.ResourceName)
			if info == nil {
				res.ErrorCode = kerr.UnknownTopicOrPartition.Code
				break
			}
			entries = v.topicEntries(info.Configs, bcfgs)
		case kmsg.ConfigResourceTypeBroker:
			if _, err := strconv.ParseUint(rr.ResourceName, 10, 31); rr.ResourceName != "" && err != nil {
				res.ErrorCode = kerr.InvalidRequest.Code
				break
			}
			entries = v.brokerEntries(rr.ResourceName, bcfgs)
		}
		for _, e := range entries {
			if rr.ConfigNames == nil || slices.Contains(rr.ConfigNames, e.name) {
				res.Configs = append(res.Configs, e.response(req.IncludeSynonyms))
			}
		}
		resp.Resources = append(resp.Resources, res)
	}
	return resp, nil, true
}

// brokerConfigs returns the broker-level configs kfake runs with; false
// when they cannot be known.
func (v *configView) brokerConfigs() (map[string]string, bool) {
	if !v.altered.Load() {
		return v.start, true
	}
	// kfake saves them right after an alter it accepts, before handling
	// the next request; a file older than the start is an earlier run's
	// (the alter was refused).
	if st, err := os.Stat(filepath.Join(v.dataDir, kfakeBrokerConfigsFile)); err != nil || v.dataDir == "" || st.ModTime().Before(v.started) {
		return v.start, err == nil && v.dataDir != ""
	}
	saved, err := readSavedBrokerConfigs(v.dataDir)
	return saved, err == nil
}

// source says where a broker-level value comes from: a flag (static, or
// the default when it equals Kafka's), else a dynamic cluster default.
func (v *configView) source(key, val string) kmsg.ConfigSource {
	if fv, ok := v.flags[key]; ok && fv == val {
		if brokerDefaults[key] == val {
			return kmsg.ConfigSourceDefaultConfig
		}
		return kmsg.ConfigSourceStaticBrokerConfig
	}
	return kmsg.ConfigSourceDynamicDefaultBrokerConfig
}

// configEntry is one config of an answer with its synonyms, highest
// precedence first (the entry's own value and source are the first's).
type configEntry struct {
	name      string
	typ       kmsg.ConfigType
	readOnly  bool
	sensitive bool
	synonyms  []synonym
}

type synonym struct {
	name   string
	value  *string
	source kmsg.ConfigSource
}

// response renders e as DescribeConfigs answers it. IsDefault (v0 only)
// is true for a value no one set, as Apache Kafka's v0 answer says.
func (e configEntry) response(withSynonyms bool) kmsg.DescribeConfigsResponseResourceConfig {
	rc := kmsg.NewDescribeConfigsResponseResourceConfig()
	top := e.synonyms[0]
	rc.Name, rc.Value, rc.Source = e.name, top.value, top.source
	rc.ReadOnly, rc.IsSensitive, rc.ConfigType = e.readOnly, e.sensitive, e.typ
	rc.IsDefault = top.source == kmsg.ConfigSourceDefaultConfig
	if withSynonyms {
		for _, s := range e.synonyms {
			syn := kmsg.NewDescribeConfigsResponseResourceConfigConfigSynonym()
			syn.Name, syn.Value, syn.Source = s.name, s.value, s.source
			rc.ConfigSynonyms = append(rc.ConfigSynonyms, syn)
		}
	}
	return rc
}

// topicEntries are a topic's configs: its overrides, else the broker's
// value, else the default; only topic-level keys.
func (v *configView) topicEntries(overrides map[string]*string, bcfgs map[string]string) []configEntry {
	var out []configEntry
	known := make(map[string]bool, len(topicKeys))
	for _, k := range topicKeys {
		known[k.name] = true
		e := configEntry{name: k.name, typ: k.typ}
		if val, ok := overrides[k.name]; ok && val != nil {
			e.synonyms = append(e.synonyms, synonym{k.name, val, kmsg.ConfigSourceDynamicTopicConfig})
		}
		if bv, ok := bcfgs[k.brokerKey]; ok && k.brokerKey != "" {
			e.synonyms = append(e.synonyms, synonym{k.brokerKey, kmsg.StringPtr(bv), v.source(k.brokerKey, bv)})
		}
		defName := k.brokerKey
		if defName == "" {
			defName = k.name
		}
		e.synonyms = append(e.synonyms, synonym{defName, kmsg.StringPtr(k.def), kmsg.ConfigSourceDefaultConfig})
		out = append(out, e)
	}
	// Overrides of keys kfake keeps but does not default (kscope's guard
	// lets only Kafka's topic keys through), minus kfake's own markers.
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		if val := overrides[name]; !known[name] && val != nil && !strings.HasPrefix(name, "kfake.") {
			out = append(out, configEntry{name: name, synonyms: []synonym{{name, val, kmsg.ConfigSourceDynamicTopicConfig}}})
		}
	}
	return out
}

// brokerEntries are the broker's configs: what it runs, with broker.id
// when the request named the broker (as Apache Kafka does for a named
// broker, not for the cluster default, id ""). Every node of a local
// cluster runs the same configs.
func (v *configView) brokerEntries(id string, bcfgs map[string]string) []configEntry {
	var out []configEntry
	static := func(name, val string) {
		out = append(out, configEntry{name: name, typ: brokerTypes[name], readOnly: true,
			synonyms: []synonym{{name, kmsg.StringPtr(val), kmsg.ConfigSourceStaticBrokerConfig}}})
	}
	if id != "" {
		static("broker.id", id)
	}
	if v.dataDir != "" {
		static("log.dir", v.dataDir)
	}
	if v.saslOn {
		// kfake accepts the three mechanisms once SASL is on; the users
		// given at start are its super users (their names are secret).
		static("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
		out = append(out, configEntry{name: "super.users", typ: kmsg.ConfigTypeList, readOnly: true, sensitive: true,
			synonyms: []synonym{{"super.users", nil, kmsg.ConfigSourceStaticBrokerConfig}}})
	}
	keys := slices.Collect(maps.Keys(brokerDefaults))
	for k := range bcfgs {
		if _, ok := brokerDefaults[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		e := configEntry{name: k, typ: brokerTypes[k], readOnly: readOnlyBrokerKeys[k]}
		if bv, ok := bcfgs[k]; ok {
			e.synonyms = append(e.synonyms, synonym{k, kmsg.StringPtr(bv), v.source(k, bv)})
		}
		if def, ok := brokerDefaults[k]; ok {
			e.synonyms = append(e.synonyms, synonym{k, kmsg.StringPtr(def), kmsg.ConfigSourceDefaultConfig})
		}
		out = append(out, e)
	}
	return out
}

// flagBrokerConfigs are the broker configs kscope gives kfake from its
// options.
func flagBrokerConfigs(o Options) map[string]string {
	return map[string]string{
		"log.retention.ms": strconv.FormatInt(o.Retention.Milliseconds(), 10),
		"num.partitions":   strconv.Itoa(o.Partitions),
	}
}
