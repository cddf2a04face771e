package broker

import (
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
)

// kfake's append logs (groups.log: group metadata and committed offsets;
// pids.log: producer ids) are entries framed as
//
//	[4 bytes length LE][4 bytes CRC-32C LE of the rest][2 bytes version LE][JSON]
//
// where length counts the version and the JSON. kfake's loader stops at
// the first bad entry and ignores everything after it, and then appends
// new entries after the damage, where no later load will read them.
const (
	logEntryHeader = 10
	maxLogVersion  = 1 // kfake's currentPersistVersion
	maxLogEntry    = 64 << 20
)

// logScan is what an append log holds.
type logScan struct {
	size    int
	entries []logSpan // every intact entry, in file order
	damaged []logSpan // runs of bytes where no intact entry was found
}

// logSpan is a run of bytes [pos, end) of an append log.
type logSpan struct{ pos, end int }

// ok reports whether kfake will read the whole log.
func (s *logScan) ok() bool { return len(s.damaged) == 0 }

// damagedBytes returns how many bytes of the log are unreadable.
func (s *logScan) damagedBytes() int {
	n := 0
	for _, d := range s.damaged {
		n += d.end - d.pos
	}
	return n
}

// scanLog finds every intact entry of an append log, also after damage.
func scanLog(raw []byte) logScan {
	s := logScan{size: len(raw)}
	pos := 0
	for pos < len(raw) {
		if n, ok := logEntryAt(raw, pos); ok {
			s.entries = append(s.entries, logSpan{pos, pos + n})
			pos += n
			continue
		}
		q := pos + 1
		for ; q < len(raw); q++ {
			if _, ok := logEntryAt(raw, q); ok {
				break
			}
		}
		s.damaged = append(s.damaged, logSpan{pos, q})
		pos = q
	}
	return s
}

// logEntryAt returns the size of the intact entry at pos.
func logEntryAt(raw []byte, pos int) (int, bool) {
	if len(raw)-pos < logEntryHeader {
		return 0, false
	}
	length := int(binary.LittleEndian.Uint32(raw[pos:]))
	if length < 2 || length > maxLogEntry || pos+8+length > len(raw) {
		return 0, false
	}
	body := raw[pos+8 : pos+8+length]
	// Version and the JSON object's brace before the CRC: a resync
	// through garbage must not pay a CRC at every position.
	if v := binary.LittleEndian.Uint16(body); v > maxLogVersion || len(body) < 3 || body[2] != '{' {
		return 0, false
	}
	if binary.LittleEndian.Uint32(raw[pos+4:]) != crc32.Checksum(body, castagnoli) {
		return 0, false
	}
	if !json.Valid(body[2:]) {
		return 0, false
	}
	return 8 + length, true
}

// salvagedLog returns the log's intact entries, in their order, as the
// bytes of a new log.
func salvagedLog(raw []byte, s *logScan) []byte {
	var out []byte
	for _, e := range s.entries {
		out = append(out, raw[e.pos:e.end]...)
	}
	return out
}
