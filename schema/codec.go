package schema

// Type is a schema language, named as the Schema Registry names it.
type Type string

// The schema languages kscope decodes.
const (
	Avro       Type = "AVRO"
	Protobuf   Type = "PROTOBUF"
	JSONSchema Type = "JSON"
)

// Codec turns payloads of one schema into JSON and back. A Codec is safe
// for concurrent use.
type Codec interface {
	// Type is the schema language.
	Type() Type
	// AppendJSON decodes payload (the bytes after the wire header and, for
	// Protobuf, after the message indexes) and appends its JSON to dst.
	AppendJSON(dst, payload []byte, indexes []int) ([]byte, error)
	// AppendPayload encodes the JSON document doc and appends the payload to
	// dst; for Protobuf, indexes chooses the message (nil for the first).
	// Errors name the field path: "amount: expected double, got string".
	AppendPayload(dst, doc []byte, indexes []int) ([]byte, error)
}
