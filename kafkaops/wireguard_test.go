package kafkaops_test

import (
	"encoding/binary"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// damagedBroker answers ApiVersions truthfully and every other request
// with answer(correlation id, api key), raw.
func damagedBroker(t *testing.T, answer func(corr []byte, key int16) []byte) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveDamaged(conn, answer)
		}
	}()
	return ln.Addr().String()
}

func serveDamaged(conn net.Conn, answer func(corr []byte, key int16) []byte) {
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
		key, corr := int16(binary.BigEndian.Uint16(req)), req[4:8]
		var out []byte
		if key == int16(kmsg.ApiVersions) {
			resp := kmsg.NewPtrApiVersionsResponse()
			resp.ApiKeys = keysOf(kversion.V3_9_0())
			body := append(append([]byte(nil), corr...), resp.AppendTo(nil)...)
			out = append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
		} else {
			out = answer(corr, key)
		}
		if _, err := conn.Write(out); err != nil {
			return
		}
	}
}

// Issue 11: a damaged answer of a few bytes must not make kscope allocate
// what its counts claim. Before the guard, kafka-go's decoder sized an
// array of 2^31 brokers from a 70-byte Metadata answer and the process
// died with "fatal error: runtime: out of memory".
func TestDamagedAnswerIsRefusedNotAllocated(t *testing.T) {
	addr := damagedBroker(t, func(corr []byte, _ int16) []byte {
		body := append([]byte(nil), corr...)
		for range 8 { // every leading count or length claims 2^31-1
			body = binary.BigEndian.AppendUint32(body, 0x7fffffff)
		}
		body = append(body, make([]byte, 32)...)
		return append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
	})
	c := newClient(t, addr)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.ListTopics(testCtx(t))
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("ListTopics on a damaged answer: %v, want an error saying it is damaged", err)
	}
	if _, err := c.TopicConfigs(testCtx(t), "bankbranch"); err == nil {
		t.Fatal("TopicConfigs on a damaged answer: no error")
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("reading two damaged answers of 70 bytes allocated %d MB", grew>>20)
	}
}

// A size prefix no Kafka answer has is refused before anything of that
// size is allocated.
func TestHugeAnswerSizeIsRefused(t *testing.T) {
	addr := damagedBroker(t, func(corr []byte, _ int16) []byte {
		return append(binary.BigEndian.AppendUint32(nil, 0x7ffffff0), corr...)
	})
	c := newClient(t, addr)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.ListTopics(testCtx(t))
	if err == nil || !strings.Contains(err.Error(), "not a Kafka answer") {
		t.Fatalf("ListTopics on a 2 GB size prefix: %v, want 'not a Kafka answer'", err)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("a refused 2 GB answer allocated %d MB", grew>>20)
	}
}
