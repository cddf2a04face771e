package kafkaopstest

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"kscope/kafkaops"
)

// ErrNoSubject is the fake registry's answer for a subject it does not
// hold.
var ErrNoSubject = errors.New("subject not found")

// FakeRegistry is the kafkaops.SchemaRegistry of screen tests: subjects
// and their versions in memory. Register appends a version (with the next
// id), delete drops one; Check, when set, answers the dry run (default:
// compatible). Hold Mu to change fields while an app runs.
type FakeRegistry struct {
	Mu sync.Mutex
	// Versions are each subject's live versions, oldest first.
	Versions map[string][]kafkaops.SchemaVersion
	// Global and Levels are the global and per-subject compatibility.
	Global string
	Levels map[string]string
	// Check answers CheckCompatibility when set.
	Check func(subject string, s kafkaops.SchemaDraft) kafkaops.CompatibilityCheck
	// Err, when set, fails every call.
	Err error
	// Fields, per subject, are the fields the fake encoder checks: name
	// to "string", "double" or "long".
	Fields map[string]map[string]string
	// Registered and Deleted record the writes, "subject" and
	// "subject/version".
	Registered []string
	Deleted    []string
	// Calls counts calls per method name.
	Calls map[string]int
}

var _ kafkaops.SchemaRegistry = (*FakeRegistry)(nil)

// start counts a call and returns the fake's error; it locks Mu, which
// the caller unlocks.
func (f *FakeRegistry) start(name string) error {
	f.Mu.Lock()
	if f.Calls == nil {
		f.Calls = map[string]int{}
	}
	f.Calls[name]++
	return f.Err
}

// Subjects lists the subjects with a live version, sorted.
func (f *FakeRegistry) Subjects(context.Context) ([]string, error) {
	err := f.start("Subjects")
	defer f.Mu.Unlock()
	if err != nil {
		return nil, err
	}
	var out []string
	for s, vs := range f.Versions {
		if len(vs) > 0 {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out, nil
}

// SubjectVersions returns a copy of subject's versions.
func (f *FakeRegistry) SubjectVersions(_ context.Context, subject string) ([]kafkaops.SchemaVersion, error) {
	err := f.start("SubjectVersions")
	defer f.Mu.Unlock()
	if err != nil {
		return nil, err
	}
	vs, ok := f.Versions[subject]
	if !ok || len(vs) == 0 {
		return nil, fmt.Errorf("versions of %s: %w", subject, ErrNoSubject)
	}
	return slices.Clone(vs), nil
}

// Compatibility returns Global and the subject's level.
func (f *FakeRegistry) Compatibility(_ context.Context, subject string) (kafkaops.CompatibilityLevels, error) {
	err := f.start("Compatibility")
	defer f.Mu.Unlock()
	return kafkaops.CompatibilityLevels{Global: f.Global, Subject: f.Levels[subject]}, err
}

// CheckCompatibility answers with Check, or compatible.
func (f *FakeRegistry) CheckCompatibility(_ context.Context, subject string, s kafkaops.SchemaDraft) (kafkaops.CompatibilityCheck, error) {
	err := f.start("CheckCompatibility")
	defer f.Mu.Unlock()
	if err != nil {
		return kafkaops.CompatibilityCheck{}, err
	}
	if f.Check != nil {
		return f.Check(subject, s), nil
	}
	return kafkaops.CompatibilityCheck{Compatible: true}, nil
}

// RegisterSchema appends s as subject's next version.
func (f *FakeRegistry) RegisterSchema(_ context.Context, subject string, s kafkaops.SchemaDraft) (kafkaops.SchemaVersion, error) {
	err := f.start("RegisterSchema")
	defer f.Mu.Unlock()
	if err != nil {
		return kafkaops.SchemaVersion{}, err
	}
	if f.Versions == nil {
		f.Versions = map[string][]kafkaops.SchemaVersion{}
	}
	id := 1
	for _, vs := range f.Versions {
		for _, v := range vs {
			id = max(id, v.ID+1)
		}
	}
	vs := f.Versions[subject]
	n := 1
	if len(vs) > 0 {
		n = vs[len(vs)-1].Version + 1
	}
	typ := s.Type
	if typ == "" {
		typ = kafkaops.SchemaAvro
	}
	v := kafkaops.SchemaVersion{Subject: subject, Version: n, ID: id, Type: typ, Text: s.Text, References: s.References}
	f.Versions[subject] = append(vs, v)
	f.Registered = append(f.Registered, subject)
	return v, nil
}

// DeleteSchemaVersion drops one version.
func (f *FakeRegistry) DeleteSchemaVersion(_ context.Context, subject string, version int) error {
	err := f.start("DeleteSchemaVersion")
	defer f.Mu.Unlock()
	if err != nil {
		return err
	}
	vs := f.Versions[subject]
	i := slices.IndexFunc(vs, func(v kafkaops.SchemaVersion) bool { return v.Version == version })
	if i < 0 {
		return fmt.Errorf("delete %s version %d: %w", subject, version, ErrNoSubject)
	}
	f.Versions[subject] = slices.Delete(vs, i, i+1)
	f.Deleted = append(f.Deleted, fmt.Sprintf("%s/%d", subject, version))
	return nil
}

// RecordEncoder returns a fake encoder for subject's version (0: the
// latest): a message can be named for Protobuf only; it checks the fields Fields names and writes the header then
// the JSON document.
func (f *FakeRegistry) RecordEncoder(_ context.Context, subject string, version int, message string) (kafkaops.RecordEncoder, error) {
	err := f.start("RecordEncoder")
	defer f.Mu.Unlock()
	if err != nil {
		return nil, err
	}
	vs := f.Versions[subject]
	if len(vs) == 0 {
		return nil, fmt.Errorf("subject %s: %w", subject, ErrNoSubject)
	}
	v := vs[len(vs)-1]
	if version > 0 {
		i := slices.IndexFunc(vs, func(x kafkaops.SchemaVersion) bool { return x.Version == version })
		if i < 0 {
			return nil, fmt.Errorf("subject %s version %d: %w", subject, version, ErrNoSubject)
		}
		v = vs[i]
	}
	if message != "" && v.Type != kafkaops.SchemaProtobuf {
		return nil, fmt.Errorf("%s schemas have no messages to choose", v.Type)
	}
	return FakeEncoder{Version: v, Fields: f.Fields[subject]}, nil
}

// FakeEncoder is the fake registry's record encoder.
type FakeEncoder struct {
	Version kafkaops.SchemaVersion
	Fields  map[string]string
}

// Schema returns the encoder's version.
func (e FakeEncoder) Schema() kafkaops.SchemaVersion { return e.Version }

// Encode checks doc's fields (with none, that it is JSON) and returns 0, the id (4 bytes, big endian)
// and doc.
func (e FakeEncoder) Encode(doc []byte) ([]byte, error) {
	if len(e.Fields) == 0 {
		if !json.Valid(doc) {
			return nil, errors.New("not JSON")
		}
		return append(binary.BigEndian.AppendUint32([]byte{0}, uint32(e.Version.ID)), doc...), nil
	}
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, fmt.Errorf("expected a record (a JSON object): %v", err)
	}
	names := make([]string, 0, len(e.Fields))
	for n := range e.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := checkField(n, e.Fields[n], m); err != nil {
			return nil, err
		}
	}
	out := binary.BigEndian.AppendUint32([]byte{0}, uint32(e.Version.ID))
	return append(out, doc...), nil
}

// checkField checks one field of m against its type.
func checkField(name, typ string, m map[string]any) error {
	v, ok := m[name]
	if !ok {
		return fmt.Errorf("%s: missing (the schema has no default)", name)
	}
	got := "string"
	switch v.(type) {
	case float64:
		got = "number"
	case bool:
		got = "boolean"
	case nil:
		got = "null"
	case map[string]any:
		got = "object"
	case []any:
		got = "array"
	}
	want := "string"
	if typ == "double" || typ == "long" {
		want = "number"
	}
	if got != want {
		return fmt.Errorf("%s: expected %s, got %s", name, typ, got)
	}
	return nil
}
