package kafkaops

import (
	"errors"
	"fmt"
	"strings"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/apiversions"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// FeatureError says that the cluster cannot do what was asked because it
// lacks an API, or every version of it kscope can send: an older cluster
// without a newer API, or a newer one that removed the old versions
// (Apache Kafka 4.0, KIP-896). Its text is meant for the screen as is,
// e.g. "this cluster (Kafka 2.8) has no IncrementalAlterConfigs".
type FeatureError struct {
	// API is the Kafka API's name, e.g. "IncrementalAlterConfigs".
	API string
	// KafkaVersion is the cluster's release as kversion guesses it
	// (ClusterInfo.KafkaVersion), "" when unknown.
	KafkaVersion string
	// Missing is true when the cluster does not list the API at all.
	Missing bool
	// BrokerMin and BrokerMax are the versions of API the cluster accepts
	// when it lists the API (Missing is false).
	BrokerMin, BrokerMax int16
	// ClientMin and ClientMax are the versions of API kscope can send; no
	// version is in both ranges.
	ClientMin, ClientMax int16
}

// Error says what the cluster lacks in words.
func (e *FeatureError) Error() string {
	cluster := "this cluster"
	if e.KafkaVersion != "" {
		cluster = fmt.Sprintf("this cluster (Kafka %s)", e.KafkaVersion)
	}
	if e.Missing {
		return fmt.Sprintf("%s has no %s", cluster, e.API)
	}
	return fmt.Sprintf("%s accepts %s v%d-v%d only, and kscope speaks v%d-v%d", cluster, e.API, e.BrokerMin, e.BrokerMax, e.ClientMin, e.ClientMax)
}

// IsUnsupported reports whether err means the cluster lacks the API (or
// every usable version of it) that the call needed; errors.As with a
// *FeatureError gives the details.
func IsUnsupported(err error) bool {
	var fe *FeatureError
	return errors.As(err, &fe)
}

// apiRange is the versions of one API a broker accepts.
type apiRange struct{ min, max int16 }

// brokerAPIs is what one broker said in its ApiVersions answer.
type brokerAPIs struct {
	ranges  map[protocol.ApiKey]apiRange
	version string // the release kversion guesses, "" when none
}

// apisFrom reads an ApiVersions answer.
func apisFrom(av *apiversions.Response) brokerAPIs {
	apis := brokerAPIs{ranges: make(map[protocol.ApiKey]apiRange, len(av.ApiKeys))}
	resp := kmsg.NewPtrApiVersionsResponse()
	for _, k := range av.ApiKeys {
		apis.ranges[protocol.ApiKey(k.ApiKey)] = apiRange{k.MinVersion, k.MaxVersion}
		resp.ApiKeys = append(resp.ApiKeys, kmsg.ApiVersionsResponseApiKey{ApiKey: k.ApiKey, MinVersion: k.MinVersion, MaxVersion: k.MaxVersion})
	}
	apis.version = guessRelease(resp)
	return apis
}

// negotiated picks, for every API both sides know, the highest version
// both accept; an API without such a version is left out, so that check
// refuses it rather than sending a version the broker would hang up on.
func (a brokerAPIs) negotiated() map[protocol.ApiKey]int16 {
	versions := make(map[protocol.ApiKey]int16, len(a.ranges))
	for key, r := range a.ranges {
		if v := key.SelectVersion(r.min, r.max); v >= r.min && v <= r.max {
			versions[key] = v
		}
	}
	return versions
}

// check returns a *FeatureError when the broker cannot take any version of
// key that kscope can send, nil when it can.
func (a brokerAPIs) check(key protocol.ApiKey) error {
	return a.checkRange(key, max(key.MinVersion(), kscopeMin[key]), key.MaxVersion())
}

// kscopeMin raises kafka-go's lowest version of an API where kscope's
// requests need a later one: Produce sends v2 record batches (magic 2),
// which came with Produce v3 (Kafka 0.11); the tail's raw fetch decoder
// starts at Fetch v4.
var kscopeMin = map[protocol.ApiKey]int16{
	protocol.Produce: 3,
	protocol.Fetch:   minRawFetchVersion,
}

// checkRange is check for an API kscope speaks only from lo to hi (the
// raw fetch decoder, for one).
func (a brokerAPIs) checkRange(key protocol.ApiKey, lo, hi int16) error {
	r, ok := a.ranges[key]
	if !ok {
		return &FeatureError{API: apiName(key), KafkaVersion: a.version, Missing: true}
	}
	if r.max < lo || r.min > hi {
		return &FeatureError{API: apiName(key), KafkaVersion: a.version, BrokerMin: r.min, BrokerMax: r.max, ClientMin: lo, ClientMax: hi}
	}
	return nil
}

// apiName is the protocol's name of key, e.g. "OffsetCommit".
func apiName(key protocol.ApiKey) string {
	if name := kmsg.NameForKey(int16(key)); name != "" {
		return name
	}
	return key.String()
}

// guessRelease names the Apache Kafka release whose API versions these
// are, as kversion guesses it: "2.8", "at least 4.1", or "" when they
// match no release. Brokers that are not Apache Kafka (and kfake) often
// leave out the delegation-token, quorum and broker-to-broker APIs, which
// no client of kscope's needs, so a second guess skips those; when neither
// is exact, the answer is the newest release whose every client API the
// cluster serves at that release's versions or later.
func guessRelease(resp *kmsg.ApiVersionsResponse) string {
	vs := kversion.FromApiVersionsResponse(resp)
	for _, opts := range [][]kversion.VersionGuessOpt{nil, {kversion.SkipKeys(nonClientKeys...)}} {
		if g := vs.VersionGuess(opts...); strings.HasPrefix(g, "v") {
			return strings.TrimPrefix(g, "v")
		}
	}
	if r := newestCovered(vs); r != "" {
		return "at least " + r
	}
	return ""
}

// newestCovered returns the newest release (without "v") all of whose
// client APIs vs serves at that release's maximum version or later.
func newestCovered(vs *kversion.Versions) string {
	skip := make(map[int16]bool, len(nonClientKeys))
	for _, k := range nonClientKeys {
		skip[k] = true
	}
	for _, name := range kversion.VersionStrings() { // newest first
		rel := kversion.FromString(name)
		if rel == nil {
			continue
		}
		covered := true
		rel.EachMaxKeyVersion(func(k, v int16) {
			if got, ok := vs.LookupMaxKeyVersion(k); !skip[k] && (!ok || got < v) {
				covered = false
			}
		})
		if covered {
			return strings.TrimPrefix(name, "v")
		}
	}
	return ""
}

// nonClientKeys are APIs a guess may skip: broker-to-broker, quorum,
// delegation-token and share-group state APIs, plus those kversion itself
// always skips (SkipKeys replaces its list).
var nonClientKeys = []int16{
	4, 5, 6, 7, 27, 38, 39, 40, 41, 52, 53, 54, 55, 56, 57, 58, 59, 62, 63, 64,
	67, 70, 71, 72, 73, 80, 81, 83, 84, 85, 86, 87, 88, 89,
}

// learnAPIs records a broker's ApiVersions answer and returns it read.
func (w *wire) learnAPIs(addr string, av *apiversions.Response) brokerAPIs {
	apis := apisFrom(av)
	w.mu.Lock()
	w.apis[addr] = apis
	w.mu.Unlock()
	return apis
}

// apisOf returns what the broker at addr said in its last ApiVersions
// answer; ok is false before kscope has connected to it.
func (w *wire) apisOf(addr string) (apis brokerAPIs, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	apis, ok = w.apis[addr]
	return apis, ok
}

// check returns a *FeatureError when the broker at addr cannot take key at
// any version kscope can send. Every request passes here before it is
// sent, so a missing API reads as such rather than as a dropped
// connection (a broker hangs up on a version it does not accept).
func (w *wire) check(addr string, key protocol.ApiKey) error {
	apis, ok := w.apisOf(addr)
	if !ok {
		return nil // not connected yet: dial negotiates and records them
	}
	return apis.check(key)
}

// checkFetch is check for the tail's raw fetch, which kscope speaks from
// v4 to v11 only.
func (w *wire) checkFetch(addr string) error {
	apis, ok := w.apisOf(addr)
	if !ok {
		return nil
	}
	return apis.checkRange(protocol.Fetch, minRawFetchVersion, maxRawFetchVersion)
}

// kafkaVersion is the release kversion guesses from the ApiVersions answer
// of the broker at addr, "" when unknown.
func (c *Client) kafkaVersion(addr string) string {
	apis, _ := c.wire.apisOf(addr)
	return apis.version
}
