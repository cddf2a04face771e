package broker

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// rawConn speaks the Kafka protocol at whatever version a test asks for,
// which kgo would never send on its own.
type rawConn struct {
	t    *testing.T
	conn net.Conn
	corr int32
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, conn: c}
}

// send writes req at version v and reads the answer into resp. It
// returns io.EOF (or a reset) when the broker closed the connection
// instead of answering.
func (r *rawConn) send(req kmsg.Request, v int16, resp kmsg.Response) error {
	r.t.Helper()
	req.SetVersion(v)
	r.corr++
	buf := kmsg.NewRequestFormatter(kmsg.FormatterClientID("kscope-test")).AppendRequest(nil, req, r.corr)
	_ = r.conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := r.conn.Write(buf); err != nil {
		return err
	}
	var size [4]byte
	if _, err := io.ReadFull(r.conn, size[:]); err != nil {
		return err
	}
	body := make([]byte, binary.BigEndian.Uint32(size[:]))
	if _, err := io.ReadFull(r.conn, body); err != nil {
		return err
	}
	if corr := int32(binary.BigEndian.Uint32(body)); corr != r.corr {
		r.t.Fatalf("correlation id %d, want %d", corr, r.corr)
	}
	body = body[4:]
	// ApiVersions answers always use header v0; other flexible answers
	// carry a tag buffer (empty here) after the correlation id.
	if req.IsFlexible() && req.Key() != int16(kmsg.ApiVersions) {
		body = body[1:]
	}
	resp.SetVersion(v)
	return resp.ReadFrom(body)
}

// closed reports whether err means the broker hung up.
func closed(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) ||
		(errors.As(err, &ne) && !ne.Timeout()) || strings.Contains(fmtErr(err), "reset")
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func apiRange(t *testing.T, resp *kmsg.ApiVersionsResponse, key kmsg.Key) (int16, int16, bool) {
	t.Helper()
	for _, k := range resp.ApiKeys {
		if k.ApiKey == int16(key) {
			return k.MinVersion, k.MaxVersion, true
		}
	}
	return 0, 0, false
}

func TestKafkaVersionRejectsUnknownRelease(t *testing.T) {
	_, err := Start(Options{Listen: "127.0.0.1:0", InMemory: true, KafkaVersion: "2.7"})
	if err == nil || !strings.Contains(err.Error(), "2.8, 3.0") {
		t.Fatalf("Start with Kafka 2.7: err = %v, want the list of releases", err)
	}
}

// TestKafkaVersionApiVersions checks that each emulated release answers
// ApiVersions with kversion's maxima and, from 4.0, KIP-896's minima.
func TestKafkaVersionApiVersions(t *testing.T) {
	cases := []struct {
		release string
		table   *kversion.Versions
		guess   string
		// want holds [min, max] of some keys; absent means not listed.
		want   map[kmsg.Key][2]int16
		absent []kmsg.Key
	}{
		{"2.8", kversion.V2_8_0(), "v2.8", map[kmsg.Key][2]int16{
			kmsg.Produce: {0, 9}, kmsg.ListOffsets: {0, 6}, kmsg.OffsetCommit: {0, 8},
			kmsg.OffsetFetch: {0, 7}, kmsg.CreateTopics: {0, 7}, kmsg.DescribeCluster: {0, 0},
		}, []kmsg.Key{kmsg.ConsumerGroupHeartbeat}},
		{"3.9", kversion.V3_9_0(), "v3.9", map[kmsg.Key][2]int16{
			kmsg.ListOffsets: {0, 9}, kmsg.OffsetCommit: {0, 9}, kmsg.JoinGroup: {0, 9},
		}, nil},
		{"4.0", kversion.V4_0_0(), "v4.0", map[kmsg.Key][2]int16{
			kmsg.Produce: {0, 12}, kmsg.Fetch: {4, 17}, kmsg.ListOffsets: {1, 10},
			kmsg.OffsetCommit: {2, 9}, kmsg.OffsetFetch: {1, 9}, kmsg.JoinGroup: {2, 9},
			kmsg.CreateTopics: {2, 7}, kmsg.DeleteTopics: {1, 6}, kmsg.DescribeConfigs: {1, 4},
			kmsg.Metadata: {0, 13},
		}, nil},
		{"4.1", kversion.V4_1_0(), "v4.1", map[kmsg.Key][2]int16{
			kmsg.JoinGroup: {0, 9}, kmsg.OffsetCommit: {2, 9},
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.release, func(t *testing.T) {
			b := startTestBroker(t, Options{InMemory: true, KafkaVersion: tc.release})
			rc := dialRaw(t, b.Addr())
			resp := kmsg.NewPtrApiVersionsResponse()
			if err := rc.send(kmsg.NewPtrApiVersionsRequest(), 0, resp); err != nil {
				t.Fatalf("ApiVersions v0: %v", err)
			}
			for key, want := range tc.want {
				lo, hi, ok := apiRange(t, resp, key)
				if !ok || lo != want[0] || hi != want[1] {
					t.Errorf("%s: listed=%v v%d-v%d, want v%d-v%d", kmsg.NameForKey(int16(key)), ok, lo, hi, want[0], want[1])
				}
			}
			for _, key := range tc.absent {
				if _, _, ok := apiRange(t, resp, key); ok {
					t.Errorf("%s listed; Kafka %s has no such API", kmsg.NameForKey(int16(key)), tc.release)
				}
			}
			for _, k := range resp.ApiKeys {
				if max, ok := tc.table.LookupMaxKeyVersion(k.ApiKey); !ok || k.MaxVersion > max {
					t.Errorf("%s max v%d, Kafka %s max v%d (listed %v)", kmsg.NameForKey(k.ApiKey), k.MaxVersion, tc.release, max, ok)
				}
			}
			if got := kversion.FromApiVersionsResponse(resp).VersionGuess(); got != tc.guess {
				t.Errorf("kversion guesses %q for the emulated %s", got, tc.release)
			}
		})
	}
}

// TestKafkaVersionApiVersionsTooNew checks the KIP-511 answer to an
// ApiVersions request above the release's: v0 with UNSUPPORTED_VERSION and
// the ApiVersions range, as Apache Kafka answers it.
func TestKafkaVersionApiVersionsTooNew(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, KafkaVersion: "2.8"})
	rc := dialRaw(t, b.Addr())
	// Kafka 2.8 serves ApiVersions v0-v3; send v4 and read the v0 answer.
	req := kmsg.NewPtrApiVersionsRequest()
	req.ClientSoftwareName, req.ClientSoftwareVersion = "kscope", "1"
	req.SetVersion(4)
	rc.corr++
	buf := kmsg.NewRequestFormatter(kmsg.FormatterClientID("kscope-test")).AppendRequest(nil, req, rc.corr)
	if _, err := rc.conn.Write(buf); err != nil {
		t.Fatal(err)
	}
	_ = rc.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var size [4]byte
	if _, err := io.ReadFull(rc.conn, size[:]); err != nil {
		t.Fatalf("no answer to ApiVersions v4: %v", err)
	}
	body := make([]byte, binary.BigEndian.Uint32(size[:]))
	if _, err := io.ReadFull(rc.conn, body); err != nil {
		t.Fatal(err)
	}
	resp := kmsg.NewPtrApiVersionsResponse()
	if err := resp.ReadFrom(body[4:]); err != nil {
		t.Fatalf("read v0 answer: %v", err)
	}
	if resp.ErrorCode != kerr.UnsupportedVersion.Code {
		t.Fatalf("error code %d, want UNSUPPORTED_VERSION", resp.ErrorCode)
	}
	if len(resp.ApiKeys) != 1 || resp.ApiKeys[0].ApiKey != int16(kmsg.ApiVersions) || resp.ApiKeys[0].MaxVersion != 3 {
		t.Fatalf("api keys %+v, want only ApiVersions v0-v3", resp.ApiKeys)
	}
}

// TestKafkaVersion40RefusesRemovedVersions sends each version KIP-896
// removed and checks that the broker hangs up, as Kafka 4.0 does, while
// the first version still accepted is answered.
func TestKafkaVersion40RefusesRemovedVersions(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, KafkaVersion: "4.0"})
	cases := []struct {
		name     string
		req      func() kmsg.Request
		resp     func() kmsg.Response
		min      int16
		refuseV0 bool
	}{
		{"ListOffsets", func() kmsg.Request { return kmsg.NewPtrListOffsetsRequest() }, func() kmsg.Response { return kmsg.NewPtrListOffsetsResponse() }, 1, true},
		{"OffsetCommit", func() kmsg.Request { return kmsg.NewPtrOffsetCommitRequest() }, func() kmsg.Response { return kmsg.NewPtrOffsetCommitResponse() }, 2, true},
		{"OffsetFetch", func() kmsg.Request { return kmsg.NewPtrOffsetFetchRequest() }, func() kmsg.Response { return kmsg.NewPtrOffsetFetchResponse() }, 1, true},
		{"CreateTopics", func() kmsg.Request { return kmsg.NewPtrCreateTopicsRequest() }, func() kmsg.Response { return kmsg.NewPtrCreateTopicsResponse() }, 2, true},
		{"DeleteTopics", func() kmsg.Request { return kmsg.NewPtrDeleteTopicsRequest() }, func() kmsg.Response { return kmsg.NewPtrDeleteTopicsResponse() }, 1, true},
		{"DescribeConfigs", func() kmsg.Request { return kmsg.NewPtrDescribeConfigsRequest() }, func() kmsg.Response { return kmsg.NewPtrDescribeConfigsResponse() }, 1, true},
		{"JoinGroup", func() kmsg.Request { return kmsg.NewPtrJoinGroupRequest() }, func() kmsg.Response { return kmsg.NewPtrJoinGroupResponse() }, 2, true},
		{"Produce", func() kmsg.Request { return kmsg.NewPtrProduceRequest() }, func() kmsg.Response { return kmsg.NewPtrProduceResponse() }, 3, true},
		{"Fetch", func() kmsg.Request { return kmsg.NewPtrFetchRequest() }, func() kmsg.Response { return kmsg.NewPtrFetchResponse() }, 4, true},
		{"Metadata", func() kmsg.Request { return kmsg.NewPtrMetadataRequest() }, func() kmsg.Response { return kmsg.NewPtrMetadataResponse() }, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for v := int16(0); v < tc.min; v++ {
				err := dialRaw(t, b.Addr()).send(tc.req(), v, tc.resp())
				if !closed(err) {
					t.Errorf("%s v%d: err = %v, want the connection closed", tc.name, v, err)
				}
			}
			if tc.name == "JoinGroup" || tc.name == "Produce" || tc.name == "Fetch" {
				return // a valid one needs a real body; the refusals are the point
			}
			if err := dialRaw(t, b.Addr()).send(tc.req(), tc.min, tc.resp()); err != nil {
				t.Errorf("%s v%d: %v, want an answer", tc.name, tc.min, err)
			}
		})
	}
}

// TestKafkaVersion28AcceptsOldVersions checks that the minima apply to 4.x
// only: Kafka 2.8 answers ListOffsets v0 and OffsetCommit v1.
func TestKafkaVersion28AcceptsOldVersions(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, KafkaVersion: "2.8"})
	if err := dialRaw(t, b.Addr()).send(kmsg.NewPtrListOffsetsRequest(), 0, kmsg.NewPtrListOffsetsResponse()); err != nil {
		t.Errorf("ListOffsets v0: %v", err)
	}
	if err := dialRaw(t, b.Addr()).send(kmsg.NewPtrOffsetCommitRequest(), 1, kmsg.NewPtrOffsetCommitResponse()); err != nil {
		t.Errorf("OffsetCommit v1: %v", err)
	}
	// Above 2.8's maximum (Metadata v11) the connection is closed.
	if err := dialRaw(t, b.Addr()).send(kmsg.NewPtrMetadataRequest(), 12, kmsg.NewPtrMetadataResponse()); !closed(err) {
		t.Errorf("Metadata v12 on 2.8: err = %v, want the connection closed", err)
	}
}

// TestKafkaVersionClientsWork runs a kgo producer and consumer on each
// emulated release, with kgo negotiating from the ApiVersions answer.
func TestKafkaVersionClientsWork(t *testing.T) {
	for _, release := range []string{"2.8", "4.0"} {
		t.Run(release, func(t *testing.T) {
			b := startTestBroker(t, Options{InMemory: true, KafkaVersion: release})
			cl := manualProducer(t, b.Addr())
			createTopic(t, cl, "versions", 2, nil)
			produce(t, cl, "versions", 0, "a", "b")
			got := consumeAll(t, b.Addr(), "versions", 2)
			if n := len(got[0]); n != 2 {
				t.Fatalf("consumed %v, want 2 records from partition 0", got)
			}
		})
	}
}

// TestKafkaVersionEveryRelease starts the broker as each release it offers
// and checks that kversion guesses from its ApiVersions answer what it
// guesses from the release's own table (which is the release itself but
// for 3.3, whose table kversion reads as 3.4). 4.2 is the exception: kfake
// serves ListOffsets to v10, 4.2 to v11.
func TestKafkaVersionEveryRelease(t *testing.T) {
	for _, release := range KafkaVersions {
		t.Run(release, func(t *testing.T) {
			b := startTestBroker(t, Options{InMemory: true, KafkaVersion: release})
			req := kmsg.NewPtrApiVersionsRequest()
			req.ClientSoftwareName, req.ClientSoftwareVersion = "kscope-test", "1.0"
			resp := kmsg.NewPtrApiVersionsResponse()
			if err := dialRaw(t, b.Addr()).send(req, 3, resp); err != nil {
				t.Fatalf("ApiVersions v3: %v", err)
			}
			if resp.ErrorCode != 0 {
				t.Fatalf("ApiVersions v3: error code %d", resp.ErrorCode)
			}
			got := kversion.FromApiVersionsResponse(resp).VersionGuess()
			want := releaseTables[release]().VersionGuess()
			if release != "4.2" && got != want {
				t.Errorf("kversion guesses %q, want %q as for Kafka %s's own table", got, want, release)
			}
		})
	}
}
