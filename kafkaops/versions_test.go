package kafkaops_test

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"

	"kscope/internal/testkafka"
	"kscope/kafkaops"
)

// The cluster info names the release the bundled broker answers as; the
// suite runs once per release in CI (testkafka.Env).
func TestClusterInfoKafkaVersion(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	info, err := c.ClusterInfo(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	want := testkafka.Version()
	if want == "" || want == "4.2" {
		// kfake serves every client API of 4.1 but ListOffsets only to
		// v10, where 4.2 has v11: neither its newest nor its 4.2 is
		// exactly 4.2.
		want = "at least 4.1"
	}
	if info.KafkaVersion != want {
		t.Fatalf("KafkaVersion = %q, want %q", info.KafkaVersion, want)
	}
}

// fakeBroker answers ApiVersions v0 with the given keys and hangs up on
// any other request, as a broker does on an API or version it lacks. It
// counts the other requests: kscope should never send one.
type fakeBroker struct {
	addr   string
	others atomic.Int32
}

func startFakeBroker(t *testing.T, keys []kmsg.ApiVersionsResponseApiKey) *fakeBroker {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	fb := &fakeBroker{addr: ln.Addr().String()}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go fb.serve(conn, keys)
		}
	}()
	return fb
}

func (fb *fakeBroker) serve(conn net.Conn, keys []kmsg.ApiVersionsResponseApiKey) {
	defer conn.Close()
	for {
		var size [4]byte
		if _, err := io.ReadFull(conn, size[:]); err != nil {
			return
		}
		req := make([]byte, binary.BigEndian.Uint32(size[:]))
		if _, err := io.ReadFull(conn, req); err != nil || len(req) < 8 {
			return
		}
		if key := int16(binary.BigEndian.Uint16(req)); key != int16(kmsg.ApiVersions) {
			fb.others.Add(1)
			return
		}
		resp := kmsg.NewPtrApiVersionsResponse()
		resp.ApiKeys = keys
		body := append(append([]byte(nil), req[4:8]...), resp.AppendTo(nil)...) // correlation id, body
		out := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
		if _, err := conn.Write(append(out, body...)); err != nil {
			return
		}
	}
}

// keysOf lists a release's API keys from version 0 to its maxima.
func keysOf(vs *kversion.Versions) []kmsg.ApiVersionsResponseApiKey {
	var keys []kmsg.ApiVersionsResponseApiKey
	vs.EachMaxKeyVersion(func(k, v int16) {
		keys = append(keys, kmsg.ApiVersionsResponseApiKey{ApiKey: k, MaxVersion: v})
	})
	return keys
}

// An API the cluster does not list is refused before anything is sent,
// with words that name the API and the release.
func TestFeatureErrorMissingAPI(t *testing.T) {
	fb := startFakeBroker(t, keysOf(kversion.V0_10_2())) // DescribeConfigs came in 0.11
	c := newClient(t, fb.addr)
	_, err := c.TopicConfigs(testCtx(t), "bankbranch")
	var fe *kafkaops.FeatureError
	if !errors.As(err, &fe) || !kafkaops.IsUnsupported(err) {
		t.Fatalf("err = %v, want a *FeatureError", err)
	}
	if got, want := fe.Error(), "this cluster (Kafka 0.10.2) has no DescribeConfigs"; got != want {
		t.Fatalf("error text %q, want %q", got, want)
	}
	if kafkaops.IsUnreachable(err) {
		t.Fatalf("a missing API reads as unreachable: %v", err)
	}
	if n := fb.others.Load(); n != 0 {
		t.Fatalf("%d requests sent that the cluster lacks", n)
	}
}

// An API whose versions the cluster accepts are all outside kscope's is
// refused the same way, saying both ranges.
func TestFeatureErrorNoCommonVersion(t *testing.T) {
	keys := keysOf(kversion.V4_0_0())
	for i := range keys {
		if keys[i].ApiKey == int16(kmsg.DescribeConfigs) {
			keys[i].MinVersion, keys[i].MaxVersion = 4, 4 // kafka-go speaks v0-v3
		}
	}
	fb := startFakeBroker(t, keys)
	c := newClient(t, fb.addr)
	_, err := c.TopicConfigs(testCtx(t), "bankbranch")
	var fe *kafkaops.FeatureError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FeatureError", err)
	}
	if got, want := fe.Error(), "this cluster (Kafka 4.0) accepts DescribeConfigs v4-v4 only, and kscope speaks v0-v3"; got != want {
		t.Fatalf("error text %q, want %q", got, want)
	}
	if n := fb.others.Load(); n != 0 {
		t.Fatalf("%d requests sent at a version the cluster refuses", n)
	}
}
