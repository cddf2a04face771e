package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"
)

// ErrInvalid marks a request rejected by local validation, before anything
// was sent to the cluster.
var ErrInvalid = errors.New("invalid request")

// ErrNotFound marks a request for something the cluster does not have that
// Kafka has no error code for, e.g. an unknown broker id.
var ErrNotFound = errors.New("not found")

var errClosed = errors.New("kafkaops: client closed")

// describeMax is the longest line Describe returns: a status bar has no
// room for more, and a long line is usually one error repeated.
const describeMax = 300

// unreachableError says that a broker could not be reached (connecting
// failed) or stopped answering (a request timed out or the connection
// dropped).
type unreachableError struct {
	addr     string
	err      error
	inFlight bool // the request was sent, the answer never came
}

func (e *unreachableError) Error() string {
	if e.inFlight {
		return fmt.Sprintf("broker %s stopped answering: %v", e.addr, e.err)
	}
	return fmt.Sprintf("cannot reach %s: %v", e.addr, e.err)
}

func (e *unreachableError) Unwrap() error { return e.err }

// brokerError is an error code a broker answered with, plus the message it
// gave, if any. It unwraps to kafka.Error so errors.Is(err,
// kafka.TopicAlreadyExists) and errors.As(err, &kafkaErr) keep working.
type brokerError struct {
	code kafka.Error
	msg  string
}

func (e *brokerError) Error() string {
	if e.msg == "" {
		return e.code.Error()
	}
	return fmt.Sprintf("[%d] %s: %s", int(e.code), e.code.Title(), e.msg)
}

func (e *brokerError) Unwrap() error { return e.code }

// kafkaError turns a response's error code and message into an error, nil
// for code 0.
func kafkaError(code int16, msg string) error {
	if code == 0 {
		return nil
	}
	return &brokerError{code: kafka.Error(code), msg: msg}
}

// IsNotFound reports whether err means the topic, partition, group or
// broker asked for does not exist.
func IsNotFound(err error) bool {
	return errors.Is(err, kafka.UnknownTopicOrPartition) ||
		errors.Is(err, kafka.GroupIdNotFound) ||
		errors.Is(err, kafka.UnknownTopicID) ||
		errors.Is(err, ErrNotFound)
}

// IsAlreadyExists reports whether err means the topic to create exists.
func IsAlreadyExists(err error) bool {
	return errors.Is(err, kafka.TopicAlreadyExists)
}

// IsUnreachable reports whether err means the cluster could not be reached
// or stopped answering (connection refused, dial or request timeout, no
// broker reachable), so the UI can show a connection error with a retry
// rather than a status-line message.
func IsUnreachable(err error) bool {
	var ue *unreachableError
	return errors.As(err, &ue)
}

// ErrorTitle returns the Kafka error code and title carried by err, e.g.
// "[36] Topic Already Exists", or "" when err carries no Kafka error.
func ErrorTitle(err error) string {
	var ke kafka.Error
	if !errors.As(err, &ke) {
		return ""
	}
	return fmt.Sprintf("[%d] %s", int(ke), ke.Title())
}

// Describe returns an error as one line for the status bar, with a Kafka
// error's code and title when there is one, e.g.
// `create topic "x": [36] Topic Already Exists: ...`. Repeated parts (a
// client that reports the same dial error once per record) are collapsed,
// control characters removed and the line cut to a sane length.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	return truncate(CollapseContext(OneLine(collapseRepeats(err.Error()))), describeMax)
}

// CollapseContext drops a context that repeats the one just before it, as
// in "list topics: list topics: cannot reach ...": an error wrapped twice
// with the same context, or a screen that puts its own words in front of
// an error that already starts with them. Contexts are the parts of s
// between ": " separators.
func CollapseContext(s string) string {
	parts := strings.Split(s, ": ")
	if len(parts) < 2 {
		return s
	}
	kept := []string{parts[0]}
	for _, p := range parts[1:] {
		if p == kept[len(kept)-1] && p != "" {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, ": ")
}

// collapseRepeats keeps the first of identical parts of a multi-part error
// message (split at newlines and "; ") and counts the others. A part also
// repeats an earlier one that ends with it after a context prefix, as in
// errors.Join(fmt.Errorf("produce: %w", e), e).
func collapseRepeats(s string) string {
	parts := strings.FieldsFunc(strings.ReplaceAll(s, "; ", "\n"), func(r rune) bool { return r == '\n' })
	var kept []string
	var counts []int
next:
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		for i, q := range kept {
			if q == p || strings.HasSuffix(q, ": "+p) {
				counts[i]++
				continue next
			}
		}
		kept = append(kept, p)
		counts = append(counts, 1)
	}
	for i, n := range counts {
		if n > 1 {
			kept[i] = fmt.Sprintf("%s (×%d)", kept[i], n)
		}
	}
	return strings.Join(kept, "; ")
}

// OneLine replaces control characters (including escape sequences'
// introducers) and invalid UTF-8 so the text cannot break a terminal
// layout, and squeezes runs of spaces. Describe uses it for errors; the
// status line uses it for any message.
func OneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// isConnDropped reports whether err means the broker closed or reset the
// connection under a request. A timeout is not a dropped connection: the
// broker may be silent or slow, but it did not hang up.
func isConnDropped(err error) bool {
	if isTimeout(err) {
		return false
	}
	var oe *net.OpError
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed) || errors.As(err, &oe)
}

// isTimeout reports whether err is a deadline that expired: the
// connection's (an i/o timeout) or a context's.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}
