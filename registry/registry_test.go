package registry

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"
)

const v1 = `{"type":"record","name":"Txn","fields":[{"name":"id","type":"long"}]}`
const v2ok = `{"type":"record","name":"Txn","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}`
const v2bad = `{"type":"record","name":"Txn","fields":[{"name":"id","type":"long"},{"name":"note","type":"string"}]}`

func start(t *testing.T, dir string) (*Server, *sr.Client) {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := s.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := sr.NewClient(sr.URLs("http://" + addr))
	if err != nil {
		t.Fatal(err)
	}
	return s, cl
}

// TestRegistryKeepsStateAndChecksBackward uses franz-go's sr client, which
// kscope did not write, against the bundled registry.
func TestRegistryKeepsStateAndChecksBackward(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, cl := start(t, dir)
	first, err := cl.CreateSchema(ctx, "txn-value", sr.Schema{Schema: v1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.CreateSchema(ctx, "txn-value", sr.Schema{Schema: v2bad}); err == nil {
		t.Fatal("a field without default was accepted under BACKWARD")
	}
	res, err := cl.CheckCompatibility(ctx, "txn-value", -1, sr.Schema{Schema: v2bad})
	if err != nil || res.Is {
		t.Fatalf("compatibility of an incompatible schema: %+v %v", res, err)
	}
	res, err = cl.CheckCompatibility(ctx, "txn-value", -1, sr.Schema{Schema: v2ok})
	if err != nil || !res.Is {
		t.Fatalf("compatibility of a compatible schema: %+v %v", res, err)
	}
	second, err := cl.CreateSchema(ctx, "txn-value", sr.Schema{Schema: v2ok})
	if err != nil || second.Version != 2 {
		t.Fatalf("register v2: %+v %v", second, err)
	}
	if err := cl.DeleteSchema(ctx, "txn-value", 1, sr.SoftDelete); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, cl = start(t, dir)
	defer s.Close()
	got, err := cl.SchemaByID(ctx, second.ID)
	if err != nil || got.Schema != v2ok {
		t.Fatalf("after restart, schema %d: %q %v", second.ID, got.Schema, err)
	}
	vs, err := cl.SubjectVersions(ctx, "txn-value")
	if err != nil || len(vs) != 1 || vs[0] != 2 {
		t.Fatalf("after restart, versions %v %v (v1 was soft-deleted)", vs, err)
	}
	third, err := cl.CreateSchema(ctx, "other-value", sr.Schema{Schema: v1})
	if err != nil || third.ID != first.ID {
		t.Fatalf("same schema text under another subject: id %d, want %d (%v)", third.ID, first.ID, err)
	}
}
