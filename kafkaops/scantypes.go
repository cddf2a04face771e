package kafkaops

import "time"

// DefaultScanLimit is how many matches a search keeps unless told
// otherwise: enough to browse, bounded so a query that matches
// everything does not hold the topic in memory. Every match is still
// counted.
const DefaultScanLimit = 10_000

// ScanBound is one end of a scan's window, in the tail's terms: the
// beginning or end of each partition, an offset, the last N records, or
// the first record at or after a time.
type ScanBound struct {
	Kind StartKind
	// Offset is the offset for StartOffset, N for StartLastN.
	Offset int64
	// Time is the time for StartTimestamp.
	Time time.Time
}

// ScanFromBeginning is the usual start of a scan: each partition's log
// start.
var ScanFromBeginning = ScanBound{Kind: StartBeginning}

// Bound turns tail start words into a scan bound, resolving a relative
// time against now.
func (f TailFrom) Bound(now time.Time) ScanBound {
	r := f.Request("", now)
	return ScanBound{Kind: r.Start, Offset: r.Offset, Time: r.Time}
}

// ScanRequest says which records of a topic a scan reads and which it
// keeps.
type ScanRequest struct {
	Topic string
	// Partitions restricts the scan to these partitions; empty means all
	// (the filter's p: terms narrow further).
	Partitions []int
	// From is where each partition's window starts; its zero value
	// (StartEnd) reads nothing: use ScanFromBeginning for a whole topic.
	From ScanBound
	// To is where each window ends, exclusive: the record at To is not
	// read. Its zero value (StartEnd) is the high watermark when the
	// scan starts. A window never reaches past that watermark.
	To ScanBound
	// Filter picks the matches; nil matches every record. Its offset:
	// and p: terms narrow the window too.
	Filter *Filter
	// Limit is the most matches delivered; 0 means no limit. Matches past
	// it are counted, not delivered.
	Limit int
	// StopAtLimit ends the scan once Limit matches were delivered.
	StopAtLimit bool
	// ProgressEvery is how often a Progress event is sent: 0 means every
	// 250 ms, a negative value never (the Done event still carries the
	// final figures).
	ProgressEvery time.Duration
	// Visit, when set, receives the matches instead of the channel: it is
	// called from the scan's fetch loops, concurrently (it must be safe
	// for that), each partition's matches in offset order, with a record
	// whose bytes are only valid during the call. Nothing is copied, so a
	// consumer that writes records out (kscope consume) costs no
	// allocation per record. An error from Visit ends the scan with it.
	Visit func(r *Record) error
	// Decoder, when set, decodes schema-encoded keys and values before
	// the filter sees them (field=value then reads the decoded value);
	// matches carry the decoding. A schema still being fetched is
	// waited for, up to ScanDecodeWait per record.
	Decoder Decoder
	// KeepPending is for a reader that decodes records again later (the
	// search screen, see kit.Redecoder): a match whose registry was
	// unavailable keeps DecodePending and its reason's "retrying: ";
	// without it the reason is final.
	KeepPending bool
}

// ScanEvent is what a scan delivers on its channel: matches as they are
// found, a progress report, or its end (Done, with the final figures, or
// Err). The channel is closed after the Done or Err event.
type ScanEvent struct {
	// Matches are records that passed the filter, each partition's in
	// offset order. They own their memory.
	Matches  []Record
	Progress *ScanProgress
	// Done is set on the last event of a scan that ended normally: every
	// window was read, or Limit was reached with StopAtLimit.
	Done bool
	Err  error
}

// ScanProgress is how far a scan is, in all and per partition.
type ScanProgress struct {
	Partitions []PartitionProgress
	// Scanned counts the records read, Bytes their keys and values.
	Scanned int64
	Bytes   int64
	// Matched counts every match so far, Kept those delivered.
	Matched int64
	Kept    int64
	// Position is how many offsets the scan moved past, Total how many
	// the windows span (compaction gaps count as read).
	Position int64
	Total    int64
	Elapsed  time.Duration
	// RecordsPerSec and MBPerSec are averages since the scan started;
	// ETA is the time left at that pace (0 when done or unknown).
	RecordsPerSec float64
	MBPerSec      float64
	ETA           time.Duration
}

// PartitionProgress is one partition's window and how far the scan is
// in it.
type PartitionProgress struct {
	Partition int
	// Start and End bound the window; Next is the next offset to read.
	Start, End, Next int64
	Scanned          int64
	// Bytes counts the keys and values read.
	Bytes         int64
	Matched       int64
	RecordsPerSec float64
	MBPerSec      float64
	ETA           time.Duration
}

// Done reports whether the partition's window was read to its end.
func (p PartitionProgress) Done() bool { return p.Next >= p.End }

// Fraction is how much of the window was read, from 0 to 1.
func (p PartitionProgress) Fraction() float64 {
	if p.End <= p.Start {
		return 1
	}
	return float64(p.Next-p.Start) / float64(p.End-p.Start)
}
