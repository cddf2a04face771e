package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/twmb/franz-go/pkg/sr"

	"kscope/kafkaops"
	"kscope/schema"
)

// The explorer's decoder is also its Schema Registry (the :schemas
// screen) and its record encoder (the produce form): one session, one
// client, one set of credentials.
var _ kafkaops.SchemaRegistry = schemaDecoder{}

// Subjects lists the live subjects, sorted.
func (d schemaDecoder) Subjects(ctx context.Context) ([]string, error) {
	subs, err := d.s.Client().Subjects(ctx)
	if err != nil {
		return nil, fmt.Errorf("list subjects: %w", err)
	}
	sort.Strings(subs)
	return subs, nil
}

// SubjectVersions returns subject's live versions, oldest first.
func (d schemaDecoder) SubjectVersions(ctx context.Context, subject string) ([]kafkaops.SchemaVersion, error) {
	ss, err := d.s.Client().Schemas(ctx, subject)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", subject, err)
	}
	out := make([]kafkaops.SchemaVersion, len(ss))
	for i, s := range ss {
		out[i] = versionOf(s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// versionOf converts the client's subject-schema.
func versionOf(s sr.SubjectSchema) kafkaops.SchemaVersion {
	v := kafkaops.SchemaVersion{Subject: s.Subject, Version: s.Version, ID: s.ID, Type: s.Type.String(), Text: s.Schema.Schema}
	for _, r := range s.References {
		v.References = append(v.References, kafkaops.SchemaReference{Name: r.Name, Subject: r.Subject, Version: r.Version})
	}
	return v
}

// draftSchema converts a draft to the client's schema.
func draftSchema(s kafkaops.SchemaDraft) (sr.Schema, error) {
	out := sr.Schema{Schema: s.Text}
	if s.Type != "" {
		if err := out.Type.UnmarshalText([]byte(s.Type)); err != nil {
			return sr.Schema{}, fmt.Errorf("schema type %q: %w", s.Type, err)
		}
	}
	for _, r := range s.References {
		out.References = append(out.References, sr.SchemaReference{Name: r.Name, Subject: r.Subject, Version: r.Version})
	}
	return out, nil
}

// notFound reports whether err is the registry's "not found" (a subject
// or version it does not have, a level a subject does not set).
func notFound(err error) bool {
	var re *sr.ResponseError
	return errors.As(err, &re) && (sr.IsNotFoundError(re.ErrorCode) || re.StatusCode == 404)
}

// Compatibility returns the global level and subject's own.
func (d schemaDecoder) Compatibility(ctx context.Context, subject string) (kafkaops.CompatibilityLevels, error) {
	rs := d.s.Client().Compatibility(ctx, sr.GlobalSubject, subject)
	if rs[0].Err != nil {
		return kafkaops.CompatibilityLevels{}, fmt.Errorf("compatibility level: %w", rs[0].Err)
	}
	out := kafkaops.CompatibilityLevels{Global: rs[0].Level.String()}
	switch err := rs[1].Err; {
	case err == nil:
		out.Subject = rs[1].Level.String()
	case !notFound(err):
		return out, fmt.Errorf("compatibility level of %s: %w", subject, err)
	}
	return out, nil
}

// CheckCompatibility checks s against subject's latest version; a subject
// with no version yet accepts any schema.
func (d schemaDecoder) CheckCompatibility(ctx context.Context, subject string, s kafkaops.SchemaDraft) (kafkaops.CompatibilityCheck, error) {
	sch, err := draftSchema(s)
	if err != nil {
		return kafkaops.CompatibilityCheck{}, err
	}
	res, err := d.s.Client().CheckCompatibility(sr.WithParams(ctx, sr.Verbose), subject, -1, sch)
	switch {
	case err != nil && notFound(err):
		return kafkaops.CompatibilityCheck{Compatible: true, Messages: []string{"the subject has no version yet: any schema is accepted"}}, nil
	case err != nil:
		return kafkaops.CompatibilityCheck{}, fmt.Errorf("check compatibility with %s: %w", subject, err)
	}
	return kafkaops.CompatibilityCheck{Compatible: res.Is, Messages: res.Messages}, nil
}

// RegisterSchema registers s under subject.
func (d schemaDecoder) RegisterSchema(ctx context.Context, subject string, s kafkaops.SchemaDraft) (kafkaops.SchemaVersion, error) {
	sch, err := draftSchema(s)
	if err != nil {
		return kafkaops.SchemaVersion{}, err
	}
	ss, err := d.s.Client().CreateSchema(ctx, subject, sch)
	if err != nil {
		return kafkaops.SchemaVersion{}, fmt.Errorf("register a version of %s: %w", subject, err)
	}
	return versionOf(ss), nil
}

// DeleteSchemaVersion soft-deletes one version of subject.
func (d schemaDecoder) DeleteSchemaVersion(ctx context.Context, subject string, version int) error {
	if err := d.s.Client().DeleteSchema(ctx, subject, version, sr.SoftDelete); err != nil {
		return fmt.Errorf("delete %s version %d: %w", subject, version, err)
	}
	return nil
}

// RecordEncoder fetches subject's schema at version (0: the latest), set
// to encode the named Protobuf message when message is not "".
func (d schemaDecoder) RecordEncoder(ctx context.Context, subject string, version int, message string) (kafkaops.RecordEncoder, error) {
	e, err := d.s.Encoder(ctx, subject, version)
	if err != nil {
		return nil, err
	}
	if message != "" {
		if err := e.SetMessage(message); err != nil {
			return nil, err
		}
	}
	return recordEncoder{e: e}, nil
}

// recordEncoder is kafkaops.RecordEncoder over schema.Encoder.
type recordEncoder struct{ e *schema.Encoder }

// Encode encodes doc in the Confluent wire format.
func (r recordEncoder) Encode(doc []byte) ([]byte, error) { return r.e.Encode(doc) }

// Schema is the subject-version the encoder uses.
func (r recordEncoder) Schema() kafkaops.SchemaVersion {
	i := r.e.Info
	v := kafkaops.SchemaVersion{Subject: i.Subject, Version: i.Version, ID: i.ID, Type: string(i.Type), Text: i.Text}
	for _, ref := range i.References {
		v.References = append(v.References, kafkaops.SchemaReference{Name: ref.Name, Subject: ref.Subject, Version: ref.Version})
	}
	return v
}

// SchemaRegistryAt returns the kafkaops.SchemaRegistry the explorer uses
// for a registry at url (no credentials), for tests that drive the
// screens against a real registry.
func SchemaRegistryAt(url string) (kafkaops.SchemaRegistry, error) {
	d, err := urlDecoder(url)
	if err != nil {
		return nil, err
	}
	return d.(kafkaops.SchemaRegistry), nil
}
