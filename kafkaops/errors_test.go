package kafkaops_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/segmentio/kafka-go"

	"kscope/kafkaops"
)

func TestValidateTopicName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
		says string
	}{
		{"bankbranch", true, ""},
		{"a.b_c-D9", true, ""},
		{strings.Repeat("x", 249), true, ""},
		{"", false, "empty"},
		{".", false, `cannot be "."`},
		{"..", false, `cannot be ".."`},
		{strings.Repeat("x", 250), false, "250 characters long, the limit is 249"},
		{"a b", false, `' ' at position 2`},
		{"ü", false, `'ü' at position 1`},
		{"tab\there", false, `'\t' at position 4`},
		{"slash/", false, `'/' at position 6`},
	}
	for _, tt := range tests {
		err := kafkaops.ValidateTopicName(tt.name)
		if tt.ok {
			if err != nil {
				t.Errorf("%q: unexpected error %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, kafkaops.ErrInvalid) {
			t.Errorf("%q: err = %v, want ErrInvalid", tt.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%q: err = %q, want it to say %q", tt.name, err, tt.says)
		}
	}
}

func TestDescribe(t *testing.T) {
	dial := errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"kafka error", fmt.Errorf("create topic %q: %w", "x", kafka.TopicAlreadyExists),
			`create topic "x": [36] Topic Already Exists: ` + kafka.TopicAlreadyExists.Description()},
		{"repeated per record", fmt.Errorf("produce: %w", errors.Join(dial, dial, dial)),
			"produce: dial tcp 127.0.0.1:1: connect: connection refused (×3)"},
		{"control characters", errors.New("bad \x1b[31mred\x1b[0m\r\nname\x00"),
			"bad [31mred [0m; name"},
	}
	for _, tt := range tests {
		if got := kafkaops.Describe(tt.err); got != tt.want {
			t.Errorf("%s: Describe = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDescribeIsOneSaneLine(t *testing.T) {
	long := errors.New(strings.Repeat("é very long broker message ", 100) + "\xff")
	got := kafkaops.Describe(long)
	if n := len([]rune(got)); n > 300 {
		t.Errorf("Describe is %d runes long, want at most 300", n)
	}
	for _, r := range got {
		if unicode.IsControl(r) {
			t.Fatalf("Describe kept control character %q", r)
		}
	}
	if !strings.HasSuffix(got, "…") {
		t.Errorf("a cut line should end with an ellipsis: %q", got)
	}
}

func TestErrorHelpers(t *testing.T) {
	wrapped := fmt.Errorf("describe topic %q: %w", "x", kafka.UnknownTopicOrPartition)
	if !kafkaops.IsNotFound(wrapped) || kafkaops.IsAlreadyExists(wrapped) || kafkaops.IsUnreachable(wrapped) {
		t.Errorf("helpers misclassify %v", wrapped)
	}
	if kafkaops.ErrorTitle(errors.New("plain")) != "" {
		t.Errorf("ErrorTitle of a plain error should be empty")
	}
}
