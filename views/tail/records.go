package tail

import "time"

// The record helpers the tail's rows, its record detail and its export
// share: each of those files uses these and none uses another's.

// noStamp stands for a record without a timestamp (Kafka's -1: magic 0
// messages, or a producer that set none), which kafkaops decodes as the
// zero time.
const noStamp = "—"

// hasStamp reports whether a record carries a timestamp: not the zero
// time, nor (from a source that kept Kafka's -1) an instant before 1970.
func hasStamp(ts time.Time) bool { return !ts.IsZero() && ts.UnixMilli() >= 0 }
