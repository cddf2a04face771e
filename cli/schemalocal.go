package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"kscope/config"
	"kscope/kafkaops"
	"kscope/schema"
)

// explorerDecoder is the explorer's decoder: its registry (see
// registryDecoder) and the context's local schema files; nil when it has
// neither.
func explorerDecoder(flag string, getenv func(string) string, c *config.Context) (kafkaops.Decoder, error) {
	d, err := registryDecoder(flag, getenv, c)
	if err != nil {
		return nil, err
	}
	return withLocalSchemas(d, c)
}

// localPart names one topic's keys or values.
type localPart struct {
	topic string
	key   bool
}

// localCodec is a compiled local schema file.
type localCodec struct {
	codec   schema.Codec
	indexes []int
	info    string
}

// localSchemas is a kafkaops.TopicDecoder: the topics with local schema
// files decode their plain payloads with them, everything else goes to
// the registry's decoder (next, nil when there is none).
type localSchemas struct {
	next  kafkaops.Decoder
	parts map[localPart]localCodec
}

var _ kafkaops.TopicDecoder = localSchemas{}

// withLocalSchemas compiles c's local schema files into a decoder in
// front of d; d as it is when c has none. A file that does not compile
// is an error that names the context, the topic and the part.
func withLocalSchemas(d kafkaops.Decoder, c *config.Context) (kafkaops.Decoder, error) {
	if c == nil || len(c.Schemas) == 0 {
		return d, nil
	}
	l := localSchemas{next: d, parts: map[localPart]localCodec{}}
	for topic, ts := range c.Schemas {
		for _, p := range []struct {
			f    *config.SchemaFile
			key  bool
			name string
		}{{ts.Value, false, "value"}, {ts.Key, true, "key"}} {
			if p.f == nil {
				continue
			}
			lc, err := loadLocal(p.f)
			if err != nil {
				return nil, fmt.Errorf("context %q: schemas: %s %s: %w", c.Name, topic, p.name, err)
			}
			l.parts[localPart{topic, p.key}] = lc
		}
	}
	return l, nil
}

// loadLocal compiles one schema file; its info names the file (and the
// Protobuf message) for the detail's schema line.
func loadLocal(f *config.SchemaFile) (localCodec, error) {
	codec, idx, err := schema.LoadFile(f.Path, f.Message)
	if err != nil {
		return localCodec{}, err
	}
	what := "file " + filepath.Base(f.Path)
	if f.Message != "" {
		what += " " + f.Message
	}
	return localCodec{codec: codec, indexes: idx, info: what + " (" + string(codec.Type()) + ")"}, nil
}

// Decode decodes data in the wire format with the registry, if any.
func (l localSchemas) Decode(ctx context.Context, data []byte) ([]byte, string, error) {
	if l.next == nil {
		return nil, "", kafkaops.ErrNotEncoded
	}
	return l.next.Decode(ctx, data)
}

// Local reports whether topic's keys or values have a local schema.
func (l localSchemas) Local(topic string, key bool) bool {
	_, ok := l.parts[localPart{topic, key}]
	return ok
}

// DecodeFor decodes with topic's local schema when it has one, else with
// the registry.
func (l localSchemas) DecodeFor(ctx context.Context, topic string, key bool, data []byte) ([]byte, string, error) {
	lc, ok := l.parts[localPart{topic, key}]
	if !ok {
		return l.Decode(ctx, data)
	}
	out, err := lc.codec.AppendJSON(nil, data, lc.indexes)
	if err != nil {
		return nil, "", fmt.Errorf("local schema %s: %s", strings.TrimSuffix(lc.info, " ("+string(lc.codec.Type())+")"), err)
	}
	return out, lc.info, nil
}
