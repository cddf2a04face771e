package kafkaops

import (
	"errors"
	"fmt"
)

// ErrInvalid marks a request rejected by local validation, before anything
// was sent to the cluster.
var ErrInvalid = errors.New("invalid request")

// Describe returns an error as one line for the status bar, with a Kafka
// error's code and title when there is one, e.g.
// `create topic "x": [36] Topic Already Exists: ...`.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprint(err)
}
