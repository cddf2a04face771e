package kafkaops

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/segmentio/kafka-go/compress"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/fetch"
)

// This file is the tail's hot path: a fetch request written with
// kafka-go's encoder, and its response read raw into one reused buffer and
// decoded here, without kafka-go's per-record readers. Decoding a record
// costs no allocation: keys, values and headers are slices of the
// response (or of its decompressed batches) until tailEmitter.seal copies
// one TailBatch's bytes into one arena.

// Fetch versions the raw decoder understands: v4 is the first with
// last_stable_offset and aborted transactions (kfake's floor too), v11 is
// kafka-go's ceiling and the last before flexible (tagged) encoding.
const (
	minRawFetchVersion = 4
	maxRawFetchVersion = 11
)

// errTruncated means a response ended in the middle of a field.
var errTruncated = errors.New("fetch response truncated")

// rawFetch is a fetch request that reads its own response: kafka-go's
// protocol.Conn hands a RawExchanger the connection, so the response is
// read into buf (reused from one fetch to the next) and decoded by
// decodeFetch instead of kafka-go's reflective decoder.
type rawFetch struct {
	req      fetch.Request
	clientID string
	version  int16
	corrID   int32
	buf      []byte // the last response body, after the size prefix
}

func (f *rawFetch) ApiKey() protocol.ApiKey { return protocol.Fetch }

// Required picks the version from the connection's negotiated ones. It
// always answers true: the exchange is always raw.
func (f *rawFetch) Required(versions map[protocol.ApiKey]int16) bool {
	f.version = min(versions[protocol.Fetch], maxRawFetchVersion)
	return true
}

// RawExchange writes the request and reads the whole response into buf.
func (f *rawFetch) RawExchange(rw io.ReadWriter) (protocol.Message, error) {
	if f.version < minRawFetchVersion {
		return nil, fmt.Errorf("the broker offers fetch v%d, kscope needs v%d or later", f.version, minRawFetchVersion)
	}
	f.corrID++
	if err := protocol.WriteRequest(rw, f.version, f.corrID, f.clientID, &f.req); err != nil {
		return nil, err
	}
	var size [4]byte
	if _, err := io.ReadFull(rw, size[:]); err != nil {
		return nil, err
	}
	n, err := frameSize(size, protocol.Fetch)
	if err != nil {
		return nil, err
	}
	if cap(f.buf) < n {
		f.buf = make([]byte, n, n+n/4)
	}
	f.buf = f.buf[:n]
	if _, err := io.ReadFull(rw, f.buf); err != nil {
		return nil, err
	}
	if id := int32(binary.BigEndian.Uint32(f.buf)); id != f.corrID {
		return nil, fmt.Errorf("correlation id mismatch (expected %d, found %d)", f.corrID, id)
	}
	return f, nil
}

// fetchPartition is one partition's answer in a fetch response; records
// aliases the response buffer.
type fetchPartition struct {
	partition     int32
	errorCode     int16
	highWatermark int64
	records       []byte
}

// decodeFetch walks a fetch response body (after the correlation id) of
// the given version, calling each for every partition of every topic.
func decodeFetch(body []byte, version int16, each func(topic string, p fetchPartition) error) (errorCode int16, err error) {
	d := wireReader{b: body}
	d.int32() // throttle time
	if version >= 7 {
		errorCode = d.int16()
		d.int32() // session id
	}
	for nt := d.int32(); nt > 0 && d.err == nil; nt-- {
		topic := d.str()
		for np := d.int32(); np > 0 && d.err == nil; np-- {
			p := fetchPartition{partition: d.int32(), errorCode: d.int16(), highWatermark: d.int64()}
			d.int64() // last stable offset
			if version >= 5 {
				d.int64() // log start offset
			}
			if na := d.int32(); na > 0 {
				d.skip(int(na) * 16) // aborted transactions: producer id, first offset
			}
			if version >= 11 {
				d.int32() // preferred read replica
			}
			p.records = d.bytes()
			if d.err != nil {
				break
			}
			if err := each(topic, p); err != nil {
				return errorCode, err
			}
		}
	}
	return errorCode, d.err
}

// wireReader reads big-endian Kafka fields; the first short read sets err
// and every later read returns zero.
type wireReader struct {
	b   []byte
	off int
	err error
}

func (d *wireReader) take(n int) []byte {
	if d.err != nil || n < 0 || len(d.b)-d.off < n {
		d.err = errTruncated
		return nil
	}
	s := d.b[d.off : d.off+n : d.off+n]
	d.off += n
	return s
}

func (d *wireReader) skip(n int) { d.take(n) }

func (d *wireReader) int8() int8 {
	if s := d.take(1); s != nil {
		return int8(s[0])
	}
	return 0
}

func (d *wireReader) int16() int16 {
	if s := d.take(2); s != nil {
		return int16(binary.BigEndian.Uint16(s))
	}
	return 0
}

func (d *wireReader) int32() int32 {
	if s := d.take(4); s != nil {
		return int32(binary.BigEndian.Uint32(s))
	}
	return 0
}

func (d *wireReader) int64() int64 {
	if s := d.take(8); s != nil {
		return int64(binary.BigEndian.Uint64(s))
	}
	return 0
}

func (d *wireReader) str() string {
	n := d.int16()
	if n < 0 {
		return ""
	}
	return string(d.take(int(n)))
}

// bytes reads an int32-length byte string; nil for length -1.
func (d *wireReader) bytes() []byte {
	n := d.int32()
	if n < 0 || d.err != nil {
		return nil
	}
	return d.take(int(n))
}

// varint reads a zigzag varint (records v2).
func (d *wireReader) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.err = errTruncated
		return 0
	}
	d.off += n
	return v
}

// varBytes reads a varint-length byte string; nil for length -1.
func (d *wireReader) varBytes() []byte {
	n := d.varint()
	if n < 0 || d.err != nil {
		return nil
	}
	return d.take(int(n))
}

// recordSink receives the records decoded from one partition's record
// set; key, value and header values alias decoder-owned memory that stays
// valid until the sink's owner reuses the response buffer.
type recordSink interface {
	record(offset int64, ts time.Time, key, value []byte, headers []Header)
}

// batchDecoder decodes record sets: magic 2 batches (compressed or not,
// control batches skipped) and legacy magic 0/1 message sets.
type batchDecoder struct {
	// inflated holds decompressed batches of the current response. It is
	// only appended to until reset, so earlier slices stay valid.
	inflated []byte
	headers  []Header // same, for decoded headers
}

// reset forgets the previous response's decompressed data.
func (bd *batchDecoder) reset() {
	bd.inflated = bd.inflated[:0]
	clear(bd.headers)
	bd.headers = bd.headers[:0]
}

// decode reads a partition's record set, handing records at or after from
// to sink. It returns the offset after the last complete batch (0 when
// there was none). A batch cut short by the fetch size limit ends the set.
func (bd *batchDecoder) decode(set []byte, from int64, sink recordSink) (next int64, err error) {
	for len(set) >= 17 { // base offset, length, epoch, magic
		base := int64(binary.BigEndian.Uint64(set))
		size := int(int32(binary.BigEndian.Uint32(set[8:])))
		if size < 5 || len(set)-12 < size {
			break // partial batch at the end of the response
		}
		batch := set[12 : 12+size]
		set = set[12+size:]
		magic := batch[4]
		var end int64
		if magic == 2 {
			end, err = bd.decodeV2(base, batch, from, sink)
		} else {
			end, err = bd.decodeLegacy(base, batch, magic, from, sink)
		}
		if err != nil {
			return next, fmt.Errorf("record batch at offset %d: %w", base, err)
		}
		next = max(next, end)
	}
	return next, nil
}

const (
	attrCompression   = 0x07
	attrLogAppendTime = 0x08
	attrControl       = 0x20
)

// decodeV2 decodes one magic 2 batch (from the partition leader epoch on)
// and returns the offset after it.
func (bd *batchDecoder) decodeV2(base int64, batch []byte, from int64, sink recordSink) (int64, error) {
	d := wireReader{b: batch}
	d.int32() // partition leader epoch
	d.int8()  // magic
	d.int32() // crc
	attrs := d.int16()
	lastDelta := d.int32()
	firstTS := d.int64()
	maxTS := d.int64()
	d.skip(8 + 2 + 4) // producer id, epoch, base sequence
	count := d.int32()
	if d.err != nil {
		return 0, d.err
	}
	next := base + int64(lastDelta) + 1
	if attrs&attrControl != 0 || next <= from {
		return next, nil // transaction markers, or all before from
	}
	body := batch[d.off:]
	if codec := attrs & attrCompression; codec != 0 {
		var err error
		if body, err = bd.inflate(compress.Compression(codec), body); err != nil {
			return 0, err
		}
	}
	r := wireReader{b: body}
	for ; count > 0; count-- {
		size := r.varint()
		rec := wireReader{b: r.take(int(size))}
		if r.err != nil {
			return 0, r.err
		}
		rec.int8() // attributes
		tsDelta := rec.varint()
		offset := base + rec.varint()
		key := rec.varBytes()
		value := rec.varBytes()
		nh := rec.varint()
		var hdrs []Header
		if nh > 0 {
			start := len(bd.headers)
			for ; nh > 0 && rec.err == nil; nh-- {
				k := rec.varBytes()
				v := rec.varBytes()
				bd.headers = append(bd.headers, Header{Key: string(k), Value: v})
			}
			hdrs = bd.headers[start:len(bd.headers):len(bd.headers)]
		}
		if rec.err != nil {
			return 0, rec.err
		}
		if offset < from {
			continue
		}
		ts := firstTS + tsDelta
		if attrs&attrLogAppendTime != 0 {
			ts = maxTS
		}
		sink.record(offset, recordTime(ts), key, value, hdrs)
	}
	return next, nil
}

// decodeLegacy decodes one magic 0 or 1 message (from the crc on), which
// may be a compressed wrapper of a message set, and returns the offset
// after it.
func (bd *batchDecoder) decodeLegacy(offset int64, msg []byte, magic byte, from int64, sink recordSink) (int64, error) {
	d := wireReader{b: msg}
	d.int32() // crc
	d.int8()  // magic
	attrs := d.int8()
	var ts int64 = -1
	if magic == 1 {
		ts = d.int64()
	}
	key := d.bytes()
	value := d.bytes()
	if d.err != nil {
		return 0, d.err
	}
	codec := attrs & attrCompression
	if codec == 0 {
		if offset >= from {
			sink.record(offset, recordTime(ts), key, value, nil)
		}
		return offset + 1, nil
	}
	inner, err := bd.inflate(compress.Compression(codec), value)
	if err != nil {
		return 0, err
	}
	// Magic 1 wrappers carry the last inner offset and relative inner
	// offsets; magic 0 inner offsets are absolute.
	var shift int64
	if magic == 1 {
		last := int64(-1)
		for s := inner; len(s) >= 12; {
			n := int(int32(binary.BigEndian.Uint32(s[8:])))
			if n < 0 || len(s)-12 < n {
				break
			}
			last = int64(binary.BigEndian.Uint64(s))
			s = s[12+n:]
		}
		shift = offset - last
	}
	rs := relativeSink{sink: sink, shift: shift}
	if _, err := bd.decode(inner, from-shift, &rs); err != nil {
		return 0, err
	}
	return offset + 1, nil
}

// recordTime converts a record's timestamp in milliseconds. Kafka's
// NO_TIMESTAMP (-1: magic 0 messages, up-converted ones, a producer that
// set none) and any other negative value is no timestamp: the zero
// time.Time, not an instant of 1969.
func recordTime(ms int64) time.Time {
	if ms < 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// relativeSink shifts the offsets of a magic 1 wrapper's inner messages.
type relativeSink struct {
	sink  recordSink
	shift int64
}

func (s *relativeSink) record(offset int64, ts time.Time, key, value []byte, headers []Header) {
	s.sink.record(offset+s.shift, ts, key, value, headers)
}

// inflate decompresses data onto the end of bd.inflated and returns it.
func (bd *batchDecoder) inflate(c compress.Compression, data []byte) ([]byte, error) {
	codec := c.Codec()
	if codec == nil {
		return nil, fmt.Errorf("unknown compression codec %d", c)
	}
	zr := codec.NewReader(bytes.NewReader(data))
	defer zr.Close()
	start := len(bd.inflated)
	for {
		if len(bd.inflated) == cap(bd.inflated) {
			bd.inflated = append(bd.inflated, 0)[:len(bd.inflated)]
		}
		n, err := zr.Read(bd.inflated[len(bd.inflated):cap(bd.inflated)])
		bd.inflated = bd.inflated[:len(bd.inflated)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", codec.Name(), err)
		}
	}
	return bd.inflated[start:len(bd.inflated):len(bd.inflated)], nil
}
