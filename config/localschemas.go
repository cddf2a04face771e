package config

import (
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// TopicSchemas are one topic's local schema files: its keys' and its
// values' (nil when that part has none).
type TopicSchemas struct {
	Key, Value *SchemaFile
}

// SchemaFile is a local schema: an Avro schema (.avsc), a Protobuf file
// (.proto) with the message records are written with, or a JSON Schema
// (.json). Its records are plain payloads, without the Schema
// Registry's header.
type SchemaFile struct {
	// Path is the file, absolute (a relative path in the contexts file is
	// relative to the file's directory).
	Path string
	// Message is the Protobuf message's full or short name; "" means the
	// file's first message. Only for .proto files.
	Message string
}

// schemaExts are the local schema files' extensions, in the words an
// error gives.
var schemaExts = map[string]string{".avsc": "Avro", ".proto": "Protobuf", ".json": "JSON Schema"}

// schemas parses `schemas:`, a mapping of topic names to
//
//	value: orders.avsc      # or key:, or both
//	message: shop.Order     # the value's .proto message
//	key-message: shop.Key   # the key's
func (p *parser) schemas(v *yaml.Node, field string) map[string]TopicSchemas {
	out := map[string]TopicSchemas{}
	p.mapping(v, field, func(topic string, k, tv *yaml.Node) {
		f := join(field, topic)
		if strings.TrimSpace(topic) == "" {
			p.errf(k, field, "a topic name must not be empty")
			return
		}
		out[topic] = p.topicSchemas(tv, f)
	})
	return out
}

// topicSchemas parses one topic's entry of `schemas:`.
func (p *parser) topicSchemas(v *yaml.Node, field string) TopicSchemas {
	var ts TopicSchemas
	var msg, keyMsg *yaml.Node
	p.mapping(v, field, func(key string, k, val *yaml.Node) {
		f := join(field, key)
		switch key {
		case "value":
			ts.Value = p.schemaFile(val, f)
		case "key":
			ts.Key = p.schemaFile(val, f)
		case "message":
			msg = val
		case "key-message":
			keyMsg = val
		default:
			p.unknown(k, field, key)
		}
	})
	if v.Kind != yaml.MappingNode {
		return ts
	}
	if ts.Key == nil && ts.Value == nil && !p.has(v, "key") && !p.has(v, "value") {
		p.errf(v, field, "give a schema file for the topic's value:, key: or both")
	}
	p.message(ts.Value, msg, field+".message", "value")
	p.message(ts.Key, keyMsg, field+".key-message", "key")
	return ts
}

// schemaFile reads a schema file's path and checks that it is there with
// an extension kscope reads.
func (p *parser) schemaFile(v *yaml.Node, field string) *SchemaFile {
	path := p.existingFile(v, field)
	if path == "" {
		return nil
	}
	if _, ok := schemaExts[strings.ToLower(filepath.Ext(path))]; !ok {
		p.errf(v, field, "%s: want an Avro .avsc, a Protobuf .proto or a JSON Schema .json file", filepath.Base(path))
		return nil
	}
	return &SchemaFile{Path: path}
}

// message sets a part's Protobuf message name, which only a .proto file
// takes.
func (p *parser) message(sf *SchemaFile, v *yaml.Node, field, part string) {
	if v == nil {
		return
	}
	name := strings.TrimSpace(p.str(v, field))
	switch {
	case name == "":
		p.errf(v, field, "must not be empty")
	case sf == nil:
		p.errf(v, field, "names a Protobuf message, but the topic has no %s: schema file", part)
	case strings.ToLower(filepath.Ext(sf.Path)) != ".proto":
		p.errf(v, field, "names a Protobuf message, but %s is %s", filepath.Base(sf.Path), schemaExts[strings.ToLower(filepath.Ext(sf.Path))])
	default:
		sf.Message = name
	}
}
