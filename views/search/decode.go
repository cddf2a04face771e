package search

import "kscope/kafkaops"

// WithDecoder makes the search decode schema-encoded keys and values as
// it scans them (nil: none are): `field=value` then reads decoded
// fields, and the rows and the export show the decoded JSON.
func (s *Search) WithDecoder(d kafkaops.Decoder) *Search {
	s.decoder = d
	return s
}

// shownKey is what a row shows of r's key: decoded when it was.
func shownKey(r *kafkaops.Record) []byte {
	if r.KeyDecoded != nil {
		return r.KeyDecoded
	}
	return r.Key
}

// shownValue is what a row shows of r's value: decoded when it was.
func shownValue(r *kafkaops.Record) []byte {
	if r.Decoded != nil {
		return r.Decoded
	}
	return r.Value
}
