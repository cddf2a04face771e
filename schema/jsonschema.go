package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// jsonSchemaMain is the URL the schema being compiled is added under;
// referenced schemas are added under their reference names.
const jsonSchemaMain = "kscope://schema.json"

// jsonSchemaCodec validates JSON payloads against one JSON Schema.
type jsonSchemaCodec struct {
	schema *jsonschema.Schema
}

// newJSONSchemaCodec compiles a JSON Schema; refs maps reference names to
// the text of the schemas it references.
func newJSONSchemaCodec(text string, refs map[string]string) (*jsonSchemaCodec, error) {
	c := jsonschema.NewCompiler()
	add := func(url, text string) error {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
		if err != nil {
			return fmt.Errorf("parse json schema %s: %w", url, err)
		}
		return c.AddResource(url, doc)
	}
	for name, t := range refs {
		if err := add(name, t); err != nil {
			return nil, err
		}
	}
	if err := add(jsonSchemaMain, text); err != nil {
		return nil, err
	}
	s, err := c.Compile(jsonSchemaMain)
	if err != nil {
		return nil, fmt.Errorf("compile json schema: %w", err)
	}
	return &jsonSchemaCodec{schema: s}, nil
}

// Type reports JSONSchema.
func (c *jsonSchemaCodec) Type() Type { return JSONSchema }

// AppendJSON checks that the payload is JSON valid against the schema and
// appends it compacted (re-encoded when it holds invalid UTF-8, which
// becomes U+FFFD).
func (c *jsonSchemaCodec) AppendJSON(dst, payload []byte, _ []int) ([]byte, error) {
	v, err := c.check(payload)
	if err != nil {
		return dst, fmt.Errorf("json payload does not match its schema: %w", err)
	}
	var buf bytes.Buffer
	// Valid UTF-8 keeps the producer's key order; JSON text cannot hold raw
	// control characters, so compacting it is safe to show.
	if utf8.Valid(payload) && json.Compact(&buf, payload) == nil {
		return append(dst, escapeUnsafe(buf.Bytes())...), nil
	}
	buf.Reset()
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, escapeUnsafe(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))...), nil
}

// AppendPayload validates the document and appends it unchanged: a JSON
// Schema payload is the JSON text itself.
func (c *jsonSchemaCodec) AppendPayload(dst, doc []byte, _ []int) ([]byte, error) {
	if _, err := c.check(doc); err != nil {
		return dst, err
	}
	return append(dst, doc...), nil
}

// check parses and validates one JSON document.
func (c *jsonSchemaCodec) check(doc []byte) (any, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if err := c.schema.Validate(v); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return nil, firstLeaf(ve)
		}
		return nil, err
	}
	return v, nil
}

var englishPrinter = message.NewPrinter(language.English)

// firstLeaf turns the deepest first cause of a validation error into a
// FieldError: "amount: expected number, got string".
func firstLeaf(ve *jsonschema.ValidationError) error {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	path := strings.Join(ve.InstanceLocation, ".")
	if k, ok := ve.ErrorKind.(*kind.Type); ok {
		return &FieldError{Path: path, Msg: fmt.Sprintf("expected %s, got %s", strings.Join(k.Want, " or "), k.Got)}
	}
	return &FieldError{Path: path, Msg: ve.ErrorKind.LocalizedString(englishPrinter)}
}
