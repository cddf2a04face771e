package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// protoMain is the file name the schema being compiled is given; imports
// resolve against the referenced schemas' names and the well-known types.
const protoMain = "kscope-schema.proto"

// protoCodec decodes and encodes the messages of one .proto schema.
type protoCodec struct {
	file protoreflect.FileDescriptor
}

// newProtoCodec compiles .proto text with protocompile. refs maps import
// paths to the text of referenced schemas; google/protobuf/*.proto (the
// well-known types) are always available.
func newProtoCodec(text string, refs map[string]string) (*protoCodec, error) {
	files := map[string]string{protoMain: text}
	for name, t := range refs {
		files[name] = t
	}
	comp := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(files),
		}),
	}
	fds, err := comp.Compile(context.Background(), protoMain)
	if err != nil {
		return nil, fmt.Errorf("parse protobuf schema: %w", err)
	}
	return &protoCodec{file: fds[0]}, nil
}

// Type reports Protobuf.
func (c *protoCodec) Type() Type { return Protobuf }

// message finds the message a Confluent index list names: the first index
// picks a top-level message, each further one a nested message in it.
func (c *protoCodec) message(indexes []int) (protoreflect.MessageDescriptor, error) {
	if len(indexes) == 0 {
		indexes = []int{0}
	}
	msgs := c.file.Messages()
	var md protoreflect.MessageDescriptor
	for _, ix := range indexes {
		if ix < 0 || ix >= msgs.Len() {
			return nil, fmt.Errorf("message index %v: the schema has no message there", indexes)
		}
		md = msgs.Get(ix)
		msgs = md.Messages()
	}
	return md, nil
}

// MessageIndexes returns the index list of the message with the given full
// or short name, for encoding a message other than the first.
func (c *protoCodec) MessageIndexes(name string) ([]int, bool) {
	return findMessage(c.file.Messages(), name, nil)
}

func findMessage(msgs protoreflect.MessageDescriptors, name string, prefix []int) ([]int, bool) {
	for i := range msgs.Len() {
		md := msgs.Get(i)
		path := append(append([]int(nil), prefix...), i)
		if string(md.FullName()) == name || string(md.Name()) == name {
			return path, true
		}
		if p, ok := findMessage(md.Messages(), name, path); ok {
			return p, true
		}
	}
	return nil, false
}

// AppendJSON decodes a Protobuf payload with protojson's mapping (field
// names as in the .proto file) and appends it as compact JSON.
func (c *protoCodec) AppendJSON(dst, payload []byte, indexes []int) ([]byte, error) {
	md, err := c.message(indexes)
	if err != nil {
		return dst, err
	}
	msg := dynamicpb.NewMessage(md)
	if err := (proto.UnmarshalOptions{RecursionLimit: maxDepth}).Unmarshal(payload, msg); err != nil {
		return dst, fmt.Errorf("protobuf payload does not match %s: %w", md.FullName(), err)
	}
	out, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(msg)
	if err != nil {
		return dst, fmt.Errorf("protobuf message %s to JSON: %w", md.FullName(), err)
	}
	// protojson varies its whitespace on purpose; compact it for a stable form.
	var buf bytes.Buffer
	if err := json.Compact(&buf, out); err != nil {
		return dst, err
	}
	return append(dst, escapeUnsafe(buf.Bytes())...), nil
}

// AppendPayload encodes a JSON document as the message indexes choose.
func (c *protoCodec) AppendPayload(dst, doc []byte, indexes []int) ([]byte, error) {
	md, err := c.message(indexes)
	if err != nil {
		return dst, err
	}
	msg := dynamicpb.NewMessage(md)
	if err := (protojson.UnmarshalOptions{RecursionLimit: maxDepth}).Unmarshal(doc, msg); err != nil {
		return dst, protoFieldError(err)
	}
	return proto.MarshalOptions{}.MarshalAppend(dst, msg)
}

// protoFieldError rewrites protojson's "proto: (line 1:12): invalid value
// for double field amount: "x"" into "amount: expected double, got "x"".
func protoFieldError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "): "); i >= 0 {
		msg = msg[i+3:]
	}
	msg = strings.TrimPrefix(msg, "proto: ")
	if rest, ok := strings.CutPrefix(msg, "invalid value for "); ok {
		// rest is "<kind> field <name>: <value>"
		kind, after, ok1 := strings.Cut(rest, " field ")
		name, val, ok2 := strings.Cut(after, ": ")
		if ok1 && ok2 {
			return &FieldError{Path: name, Msg: fmt.Sprintf("expected %s, got %s", kind, val)}
		}
	}
	if rest, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return &FieldError{Path: strings.Trim(rest, `"`), Msg: "no such field"}
	}
	return &FieldError{Msg: msg}
}
