package kafkaops

import "context"

// SchemaRegistry is a Schema Registry as the screens see it: browsing
// subjects and their versions, the compatibility levels, checking and
// registering a new version, soft-deleting one, and encoding records with
// a subject's schema. The command line adapts it over a registry client;
// screens use it through this interface only. It must be safe for
// concurrent use; every method may block on the network.
type SchemaRegistry interface {
	// Subjects lists the registry's subjects (soft-deleted ones left
	// out), sorted.
	Subjects(ctx context.Context) ([]string, error)
	// SubjectVersions returns every live version of subject, oldest
	// first, with its schema text.
	SubjectVersions(ctx context.Context, subject string) ([]SchemaVersion, error)
	// Compatibility returns the registry's global compatibility level and
	// subject's own ("" when the subject sets none and inherits the
	// global one).
	Compatibility(ctx context.Context, subject string) (CompatibilityLevels, error)
	// CheckCompatibility asks, without registering anything, whether s
	// could be registered as subject's next version (a dry run).
	CheckCompatibility(ctx context.Context, subject string, s SchemaDraft) (CompatibilityCheck, error)
	// RegisterSchema registers s under subject and returns the version it
	// became (an existing one when the same schema is already there).
	RegisterSchema(ctx context.Context, subject string, s SchemaDraft) (SchemaVersion, error)
	// DeleteSchemaVersion soft-deletes one version of subject: readers
	// that know its id can still fetch it.
	DeleteSchemaVersion(ctx context.Context, subject string, version int) error
	// RecordEncoder fetches subject's schema at version (0: the latest)
	// and returns an encoder for it; message names the Protobuf message
	// to encode (full or short name; "" for the schema's first).
	RecordEncoder(ctx context.Context, subject string, version int, message string) (RecordEncoder, error)
}

// RecordEncoder encodes JSON documents with one subject-version's schema
// into the Confluent wire format. It works locally (no network) and is
// safe for concurrent use.
type RecordEncoder interface {
	// Encode returns doc encoded: magic byte 0, the schema id, for
	// Protobuf the message indexes, then the payload. Its error names the
	// field path, as in "amount: expected double, got string".
	Encode(doc []byte) ([]byte, error)
	// Schema is the subject-version records are encoded with.
	Schema() SchemaVersion
}

// Schema types, as the registry names them.
const (
	SchemaAvro       = "AVRO"
	SchemaProtobuf   = "PROTOBUF"
	SchemaJSONSchema = "JSON"
)

// SchemaReference is a schema a version references, by the name the
// referencing schema uses for it.
type SchemaReference struct {
	Name    string
	Subject string
	Version int
}

// SchemaVersion is one version of a subject.
type SchemaVersion struct {
	Subject string
	Version int
	ID      int
	// Type is SchemaAvro, SchemaProtobuf or SchemaJSONSchema.
	Type       string
	References []SchemaReference
	// Text is the schema text as registered.
	Text string
}

// SchemaDraft is a schema to check or register.
type SchemaDraft struct {
	// Type is SchemaAvro, SchemaProtobuf or SchemaJSONSchema ("" means
	// Avro, as the registry reads it).
	Type       string
	Text       string
	References []SchemaReference
}

// CompatibilityLevels are a registry's compatibility levels for a
// subject: BACKWARD, FORWARD, FULL, their _TRANSITIVE forms or NONE.
type CompatibilityLevels struct {
	Global string
	// Subject is the subject's own level, "" when it inherits Global.
	Subject string
}

// Effective returns the level that applies to the subject.
func (c CompatibilityLevels) Effective() string {
	if c.Subject != "" {
		return c.Subject
	}
	return c.Global
}

// CompatibilityCheck is the registry's answer to a dry run.
type CompatibilityCheck struct {
	Compatible bool
	// Messages say why the schema is not compatible, when the registry
	// said.
	Messages []string
}
