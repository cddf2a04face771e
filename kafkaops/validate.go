package kafkaops

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxTopicNameLen is Kafka's limit on topic name length.
const maxTopicNameLen = 249

// ValidateTopicName checks a topic name against Kafka's rules: 1 to 249
// characters of [a-zA-Z0-9._-], and not "." or "..". The error says what
// is wrong in words.
func ValidateTopicName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: topic name is empty", ErrInvalid)
	case name == "." || name == "..":
		return fmt.Errorf("%w: topic name cannot be %q", ErrInvalid, name)
	case len(name) > maxTopicNameLen:
		return fmt.Errorf("%w: topic name is %d characters long, the limit is %d", ErrInvalid, len(name), maxTopicNameLen)
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return !legalTopicRune(r) }); i >= 0 {
		bad, _ := utf8.DecodeRuneInString(name[i:])
		return fmt.Errorf("%w: topic name contains %q at position %d; use only letters a-z A-Z, digits, '.', '_' and '-'",
			ErrInvalid, bad, utf8.RuneCountInString(name[:i])+1)
	}
	return nil
}

func legalTopicRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '.' || r == '_' || r == '-'
}

// validateNewTopic checks a create request before anything is sent;
// brokers is the number of brokers in the cluster.
func validateNewTopic(t NewTopic, brokers int) error {
	if err := ValidateTopicName(t.Name); err != nil {
		return err
	}
	if t.Partitions < 1 {
		return fmt.Errorf("%w: partitions must be at least 1, got %d", ErrInvalid, t.Partitions)
	}
	if t.ReplicationFactor < 1 {
		return fmt.Errorf("%w: replication factor must be at least 1, got %d", ErrInvalid, t.ReplicationFactor)
	}
	if t.ReplicationFactor > brokers {
		return fmt.Errorf("%w: replication factor %d is more than the %d broker(s) in the cluster", ErrInvalid, t.ReplicationFactor, brokers)
	}
	for k := range t.Configs {
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("%w: a config has an empty name", ErrInvalid)
		}
	}
	return nil
}
