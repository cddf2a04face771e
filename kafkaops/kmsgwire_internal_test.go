package kafkaops

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// fakeBroker is a ReadWriter whose reads return a canned response frame.
type fakeBroker struct {
	written bytes.Buffer
	answer  io.Reader
}

func (f *fakeBroker) Write(p []byte) (int, error) { return f.written.Write(p) }
func (f *fakeBroker) Read(p []byte) (int, error)  { return f.answer.Read(p) }

func frame(correlationID int32, body []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(4+len(body)))
	out = binary.BigEndian.AppendUint32(out, uint32(correlationID))
	return append(out, body...)
}

func TestKmsgExchangeReadsTheAnswer(t *testing.T) {
	req := kmsg.NewPtrDeleteRecordsRequest()
	req.SetVersion(1)
	resp := kmsg.NewPtrDeleteRecordsResponse()
	resp.SetVersion(1)
	rt := kmsg.NewDeleteRecordsResponseTopic()
	rt.Topic = "t"
	rp := kmsg.NewDeleteRecordsResponseTopicPartition()
	rp.Partition, rp.LowWatermark = 3, 42
	rt.Partitions = append(rt.Partitions, rp)
	resp.Topics = append(resp.Topics, rt)

	fb := &fakeBroker{answer: bytes.NewReader(frame(1, resp.AppendTo(nil)))}
	m := &kmsgMessage{req: req, fmt: kmsg.NewRequestFormatter(kmsg.FormatterClientID("kscope"))}
	got, err := m.RawExchange(fb)
	if err != nil {
		t.Fatal(err)
	}
	dr := got.(*kmsgAnswer).resp.(*kmsg.DeleteRecordsResponse)
	if len(dr.Topics) != 1 || dr.Topics[0].Partitions[0].LowWatermark != 42 {
		t.Fatalf("answer = %+v", dr)
	}
	if key := int16(binary.BigEndian.Uint16(fb.written.Bytes()[4:])); key != 21 {
		t.Fatalf("wrote API key %d, want 21 (DeleteRecords)", key)
	}

	fb = &fakeBroker{answer: bytes.NewReader(frame(7, resp.AppendTo(nil)))}
	if _, err := m.RawExchange(fb); err == nil {
		t.Fatal("an answer to another request: no error")
	}
	fb = &fakeBroker{answer: bytes.NewReader([]byte{0, 0})}
	if _, err := m.RawExchange(fb); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("a cut answer: %v, want unexpected EOF", err)
	}
}
