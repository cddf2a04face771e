package broker

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// KafkaVersions lists the Apache Kafka releases the broker can emulate with
// Options.KafkaVersion, oldest first.
var KafkaVersions = []string{
	"2.8", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9",
	"4.0", "4.1", "4.2",
}

// releaseTables maps each release to franz-go's kversion table of the API
// keys and maximum versions that release answers ApiVersions with.
var releaseTables = map[string]func() *kversion.Versions{
	"2.8": kversion.V2_8_0, "3.0": kversion.V3_0_0, "3.1": kversion.V3_1_0,
	"3.2": kversion.V3_2_0, "3.3": kversion.V3_3_0, "3.4": kversion.V3_4_0,
	"3.5": kversion.V3_5_0, "3.6": kversion.V3_6_0, "3.7": kversion.V3_7_0,
	"3.8": kversion.V3_8_0, "3.9": kversion.V3_9_0, "4.0": kversion.V4_0_0,
	"4.1": kversion.V4_1_0, "4.2": kversion.V4_2_0,
}

// kip896Minima are the lowest request versions Apache Kafka 4.0 accepts
// where KIP-896 removed older ones. Each is the lower bound of
// "validVersions" in Apache Kafka 4.0's
// clients/src/main/resources/common/message/<Name>Request.json, whose
// comment reads "Versions 0-N were removed in Apache Kafka 4.0, Version
// N+1 is the new baseline"; franz-go's kversion 4.0 table (b40, "KIP-896")
// lists the same minima. Requests not named here kept version 0 (for
// example MetadataRequest.json "0-13", FindCoordinatorRequest.json "0-6").
var kip896Minima = map[int16]int16{
	0:  3, // ProduceRequest.json "3-12"; ApiVersions still says 0 (KAFKA-18659, see advertisedMin)
	1:  4, // FetchRequest.json "4-17"
	2:  1, // ListOffsetsRequest.json "1-10"
	8:  2, // OffsetCommitRequest.json "2-9"
	9:  1, // OffsetFetchRequest.json "1-9"
	11: 2, // JoinGroupRequest.json "2-9" (4.1 restored 0-1: KAFKA-19444)
	19: 2, // CreateTopicsRequest.json "2-7"
	20: 1, // DeleteTopicsRequest.json "1-6"
	23: 2, // OffsetForLeaderEpochRequest.json "2-4"
	27: 1, // WriteTxnMarkersRequest.json "1-1"
	29: 1, // DescribeAclsRequest.json "1-3"
	30: 1, // CreateAclsRequest.json "1-3"
	31: 1, // DeleteAclsRequest.json "1-3"
	32: 1, // DescribeConfigsRequest.json "1-4"
	34: 1, // AlterReplicaLogDirsRequest.json "1-2"
	35: 1, // DescribeLogDirsRequest.json "1-4"
	38: 1, // CreateDelegationTokenRequest.json "1-3"
	39: 1, // RenewDelegationTokenRequest.json "1-2"
	40: 1, // ExpireDelegationTokenRequest.json "1-2"
	41: 1, // DescribeDelegationTokenRequest.json "1-3"
}

// emulation is a release the broker answers as: the versions it accepts
// per API key and the ApiVersions answer that says so.
type emulation struct {
	release string
	table   *kversion.Versions
	// apiVersions is the answer to an ApiVersions request, built once the
	// cluster runs; its Version is set per request.
	apiVersions *kmsg.ApiVersionsResponse
}

// resolveKafkaVersion checks a --kafka-version value and returns its
// emulation, or nil for "" (the newest release kfake models, uncapped).
func resolveKafkaVersion(v string) (*emulation, error) {
	if v == "" {
		return nil, nil
	}
	name := strings.TrimPrefix(strings.TrimSpace(v), "v")
	if parts := strings.Split(name, "."); len(parts) == 3 {
		name = parts[0] + "." + parts[1] // a patch release answers as its minor
	}
	table, ok := releaseTables[name]
	if !ok {
		return nil, fmt.Errorf("unknown Kafka version %q: want one of %s", v, strings.Join(KafkaVersions, ", "))
	}
	return &emulation{release: name, table: table()}, nil
}

// minVersion is the lowest version of key the release accepts. kfake's own
// minimum (for example Fetch v4) still applies below it.
func (e *emulation) minVersion(key int16) int16 {
	if !e.atLeast(4, 0) {
		return 0
	}
	if key == 11 && e.atLeast(4, 1) {
		return 0 // KAFKA-19444: 4.1 accepts JoinGroup v0 and v1 again
	}
	return kip896Minima[key]
}

// atLeast reports whether the release is major.minor or later.
func (e *emulation) atLeast(major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(e.release, "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// advertisedMin is the minimum ApiVersions lists for key. Every release
// lists Produce from version 0, 4.0 included: librdkafka needs that to
// enable features (KAFKA-18659), yet 4.0 refuses a Produce below v3, and
// kfake refuses one at every emulated release.
func (e *emulation) advertisedMin(key, kfakeMin int16) int16 {
	if key == 0 {
		return 0
	}
	return max(kfakeMin, e.minVersion(key))
}

// install makes the running cluster answer as the release. It learns the
// version ranges kfake serves under MaxVersions and builds the release's
// ApiVersions answer from them; it registers a control for ApiVersions and
// one for every key whose minimum is above kfake's, before any other
// control of that key can be added. Produce and Fetch need no control:
// kfake refuses what 4.0 refuses there (Produce below v3, Fetch below v4)
// on its own.
func (e *emulation) install(c *kfake.Cluster, addr string, clientOpts []kgo.Opt) error {
	probe, err := probeApiVersions(addr, clientOpts)
	if err != nil {
		return fmt.Errorf("emulate Kafka %s: %w", e.release, err)
	}
	resp, guarded := e.answerFrom(probe)
	e.apiVersions = resp
	c.ControlKey(int16(kmsg.ApiVersions), func(req kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		return e.answerApiVersions(req.(*kmsg.ApiVersionsRequest)), nil, true
	})
	for _, k := range guarded {
		c.ControlKey(k.ApiKey, func(req kmsg.Request) (kmsg.Response, error, bool) {
			if v := req.GetVersion(); v < k.MinVersion {
				// Apache Kafka closes the connection on a request version it
				// does not accept (SocketServer: "Received request api key
				// ... with version ... which is not enabled"); an error from
				// a control makes kfake do the same.
				c.KeepControl()
				return nil, fmt.Errorf("refused %s v%d: Kafka %s accepts v%d-v%d only", kmsg.NameForKey(k.ApiKey), v, e.release, k.MinVersion, k.MaxVersion), true
			}
			return nil, nil, false
		})
	}
	return nil
}

// answerFrom builds the release's ApiVersions answer from kfake's (probe)
// and returns the ranges of the keys whose minimum is above kfake's.
//
// It lists every key of the release, as Apache Kafka does, also the few
// kfake does not implement (delegation tokens, DescribeQuorum, the
// broker-to-broker keys): kversion's VersionGuess, which kscope and other
// tools show, needs the whole key set to name the release, and a client
// that sends one of them has its connection closed, which the README's
// known limits say. A key kfake implements keeps kfake's maximum when that
// is lower than the release's (ListOffsets v11 on 4.2).
func (e *emulation) answerFrom(probe *kmsg.ApiVersionsResponse) (*kmsg.ApiVersionsResponse, []kmsg.ApiVersionsResponseApiKey) {
	kfakeRanges := make(map[int16]kmsg.ApiVersionsResponseApiKey, len(probe.ApiKeys))
	for _, k := range probe.ApiKeys {
		kfakeRanges[k.ApiKey] = k
	}
	resp := probe
	resp.ErrorCode = 0
	resp.ApiKeys = nil
	var guarded []kmsg.ApiVersionsResponseApiKey
	e.table.EachMaxKeyVersion(func(key, relMax int16) {
		k := kmsg.ApiVersionsResponseApiKey{ApiKey: key, MinVersion: e.minVersion(key), MaxVersion: relMax}
		if kf, ok := kfakeRanges[key]; ok {
			k.MinVersion = e.advertisedMin(key, kf.MinVersion)
			k.MaxVersion = min(relMax, kf.MaxVersion)
			if m := e.minVersion(key); m > kf.MinVersion {
				guarded = append(guarded, kmsg.ApiVersionsResponseApiKey{ApiKey: key, MinVersion: m, MaxVersion: k.MaxVersion})
			}
		}
		resp.ApiKeys = append(resp.ApiKeys, k)
	})
	slices.SortFunc(resp.ApiKeys, func(a, b kmsg.ApiVersionsResponseApiKey) int { return int(a.ApiKey) - int(b.ApiKey) })
	return resp, guarded
}

// answerApiVersions answers as Apache Kafka does (KafkaApis and
// ApiVersionsRequest.getErrorResponse): a version above the broker's gets a
// v0 answer with UNSUPPORTED_VERSION and only the ApiVersions range, so
// the client retries at a version it can use (KIP-511); a v3+ request with
// a malformed client software name or version gets INVALID_REQUEST.
func (e *emulation) answerApiVersions(req *kmsg.ApiVersionsRequest) *kmsg.ApiVersionsResponse {
	resp := kmsg.NewPtrApiVersionsResponse()
	own := e.ownRange()
	if req.Version > own.MaxVersion {
		resp.ErrorCode = kerr.UnsupportedVersion.Code
		resp.ApiKeys = []kmsg.ApiVersionsResponseApiKey{own}
		return resp
	}
	resp.Version = req.Version
	if req.Version >= 3 && (!validSoftwareName(req.ClientSoftwareName) || !validSoftwareName(req.ClientSoftwareVersion)) {
		resp.ErrorCode = kerr.InvalidRequest.Code
		return resp
	}
	resp.ApiKeys = slices.Clone(e.apiVersions.ApiKeys)
	resp.SupportedFeatures = slices.Clone(e.apiVersions.SupportedFeatures)
	resp.FinalizedFeatures = slices.Clone(e.apiVersions.FinalizedFeatures)
	resp.FinalizedFeaturesEpoch = e.apiVersions.FinalizedFeaturesEpoch
	return resp
}

// ownRange is the ApiVersions range of the emulated release.
func (e *emulation) ownRange() kmsg.ApiVersionsResponseApiKey {
	for _, k := range e.apiVersions.ApiKeys {
		if k.ApiKey == int16(kmsg.ApiVersions) {
			return k
		}
	}
	return kmsg.ApiVersionsResponseApiKey{ApiKey: int16(kmsg.ApiVersions)}
}

// probeApiVersions asks the cluster at addr for its ApiVersions answer, as
// kfake gives it under MaxVersions.
func probeApiVersions(addr string, clientOpts []kgo.Opt) (*kmsg.ApiVersionsResponse, error) {
	opts := append([]kgo.Opt{kgo.SeedBrokers(addr)}, clientOpts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := kmsg.NewPtrApiVersionsRequest().RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("read the bundled broker's API versions: %w", err)
	}
	if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
		return nil, fmt.Errorf("read the bundled broker's API versions: %w", err)
	}
	return resp, nil
}

// validSoftwareName mirrors the broker's check of ApiVersions v3+ client
// software names and versions: [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?
func validSoftwareName(s string) bool {
	alnum := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	if s == "" || !alnum(s[0]) || !alnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; !alnum(c) && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// kfakeOpts caps the API versions kfake serves at the release's maxima;
// none for a nil emulation.
func (e *emulation) kfakeOpts() []kfake.Opt {
	if e == nil {
		return nil
	}
	return []kfake.Opt{kfake.MaxVersions(e.table)}
}

// start installs the emulation on a cluster that has just started; it
// does nothing for a nil emulation.
func (e *emulation) start(c *kfake.Cluster) error {
	if e == nil {
		return nil
	}
	// kfake's ranges under MaxVersions are read from a throwaway cluster
	// with the same versions: the real one accepts no connection until
	// every check is installed, this one included.
	probe, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1), kfake.Ports(0)}, e.kfakeOpts()...)...)
	if err != nil {
		return fmt.Errorf("emulate Kafka %s: %w", e.release, err)
	}
	defer probe.Close()
	return e.install(c, probe.ListenAddrs()[0], nil)
}

// releaseBefore40 reports whether v names a release before Kafka 4.0;
// empty (the newest kfake models) is not.
func releaseBefore40(v string) bool {
	return v != "" && (strings.HasPrefix(v, "2.") || strings.HasPrefix(v, "3."))
}
