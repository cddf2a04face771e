package broker

import "errors"

// ErrDataDirInUse is what Start's error wraps when another kscope broker
// holds the data dir: `kscope --local` started twice at once can then
// use the broker that won instead of failing.
var ErrDataDirInUse = errors.New("data dir in use by another kscope broker")

// inUseError is the data dir lock's refusal: its message says what to
// do; errors.Is(err, ErrDataDirInUse) holds.
type inUseError struct{ msg string }

func (e inUseError) Error() string        { return e.msg }
func (e inUseError) Is(target error) bool { return target == ErrDataDirInUse }
