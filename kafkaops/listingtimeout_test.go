package kafkaops_test

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// slowMetadataProxy forwards connections to addr and holds every answer
// to a Metadata request for delay before passing it on: a broker that
// takes its time to build a big answer. Other answers pass at once.
func slowMetadataProxy(t *testing.T, addr string, delay time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go proxySlowMetadata(c, addr, delay)
		}
	}()
	return ln.Addr().String()
}

// proxySlowMetadata carries one connection for slowMetadataProxy: the
// client sends one request at a time, so the answers come in the order
// of the keys queued.
func proxySlowMetadata(c net.Conn, addr string, delay time.Duration) {
	defer c.Close()
	up, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	defer up.Close()
	keys := make(chan int16, 64)
	go func() {
		defer close(keys)
		for {
			frame, err := readTestFrame(c)
			if err != nil || len(frame) < 6 {
				return
			}
			keys <- int16(binary.BigEndian.Uint16(frame[4:]))
			if _, err := up.Write(frame); err != nil {
				return
			}
		}
	}()
	for key := range keys {
		frame, err := readTestFrame(up)
		if err != nil {
			return
		}
		if key == 3 { // Metadata
			time.Sleep(delay)
		}
		if _, err := c.Write(frame); err != nil {
			return
		}
	}
}

// readTestFrame reads one size-prefixed Kafka frame, prefix included.
func readTestFrame(r io.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(size[:])
	if n > 64<<20 {
		return nil, errors.New("frame too big")
	}
	frame := make([]byte, 4+n)
	copy(frame, size[:])
	_, err := io.ReadFull(r, frame[4:])
	return frame, err
}

// Issue 17: the every-topic listing may take longer than one request
// timeout, since the broker's work before the first byte grows with the
// cluster (the bundled broker took over 10 s at 1,000,000 topics, and the
// launch failed with "stopped answering"). A request for named topics
// still times out as before.
func TestListingOutlastsTheRequestTimeout(t *testing.T) {
	b := startBroker(t)
	const timeout = 300 * time.Millisecond
	direct := newClient(t, b.Addr())
	mustCreate(t, direct, "slow-listing", 1)
	c := newClient(t, slowMetadataProxy(t, b.Addr(), 3*timeout), func(cfg *kafkaops.Config) {
		cfg.RequestTimeout = timeout
	})
	topics, err := c.ListTopicNames(testCtx(t))
	if err != nil {
		t.Fatalf("ListTopicNames through a broker that answers in %v, request timeout %v: %v", 3*timeout, timeout, err)
	}
	if len(topics) != 1 || topics[0].Name != "slow-listing" {
		t.Errorf("ListTopicNames = %+v, want slow-listing", topics)
	}
	// The listing taught the client slow-listing's layout, so counting it
	// asks no metadata; a topic it does not know needs a metadata request.
	_, err = c.TopicOffsets(testCtx(t), []string{"not-listed"})
	if err == nil || !strings.Contains(err.Error(), "stopped answering") {
		t.Errorf("TopicOffsets through the same broker = %v, want it to stop waiting after %v", err, timeout)
	}
}
