package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LoadFile compiles a local schema file, for topics whose records are plain
// Avro, Protobuf or JSON without the Confluent header: .avsc is Avro, .proto
// is Protobuf (message names the message; "" for the first), .json is JSON
// Schema. It returns the codec and, for Protobuf, the message's index list
// to pass to AppendJSON and AppendPayload.
func LoadFile(path, message string) (Codec, []int, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("schema file: %w", err)
	}
	var t Type
	switch strings.ToLower(filepath.Ext(path)) {
	case ".avsc":
		t = Avro
	case ".proto":
		t = Protobuf
	case ".json":
		t = JSONSchema
	default:
		return nil, nil, fmt.Errorf("schema file %s: want .avsc, .proto or .json", path)
	}
	c, err := NewCodec(t, string(text), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("schema file %s: %w", path, err)
	}
	if t != Protobuf {
		return c, nil, nil
	}
	if message == "" {
		return c, []int{0}, nil
	}
	idx, ok := c.(*protoCodec).MessageIndexes(message)
	if !ok {
		return nil, nil, fmt.Errorf("schema file %s: no message %s", path, message)
	}
	return c, idx, nil
}

// SetMessage makes a Protobuf Encoder encode the message with this full or
// short name instead of the first one.
func (e *Encoder) SetMessage(name string) error {
	pc, ok := e.Codec.(*protoCodec)
	if !ok {
		return fmt.Errorf("%s schemas have no messages to choose", e.Codec.Type())
	}
	idx, ok := pc.MessageIndexes(name)
	if !ok {
		return fmt.Errorf("schema id %d has no message %s", e.Info.ID, name)
	}
	e.Indexes = idx
	return nil
}
