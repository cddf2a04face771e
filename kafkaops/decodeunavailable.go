package kafkaops

import "errors"

// ErrDecodeUnavailable says a value's schema could not be fetched for a
// reason that may pass (the registry down, slow or answering 5xx): the
// record is shown raw with the reason and decoded again later, as one
// whose schema is still being fetched. A Decoder wraps it with
// DecodeUnavailable.
var ErrDecodeUnavailable = errors.New("the schema registry is unavailable")

// unavailableError is a Decoder's error that may pass: it reads as the
// Decoder's words and is ErrDecodeUnavailable.
type unavailableError struct{ err error }

func (e unavailableError) Error() string   { return e.err.Error() }
func (e unavailableError) Unwrap() []error { return []error{e.err, ErrDecodeUnavailable} }

// DecodeUnavailable marks err, a Decoder's failure to fetch a schema, as
// one that may pass: errors.Is(err, ErrDecodeUnavailable) then holds and
// its words stay err's.
func DecodeUnavailable(err error) error { return unavailableError{err: err} }

// retryNote starts the reason shown for a record decoded again later
// (first, so a line cut short still says it).
const retryNote = "retrying: "
