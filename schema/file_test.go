package schema

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadFilePlainPayloads(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	c, idx, err := LoadFile(write("txn.avsc", atmAvro), "")
	if err != nil || idx != nil || c.Type() != Avro {
		t.Fatalf("avsc: %v %v", idx, err)
	}
	full := write("p.proto", commonProto+"\nmessage Wrap { message Inner { int32 n = 1; } Inner in = 1; }")
	c, idx, err = LoadFile(full, "common.Wrap.Inner")
	if err != nil || len(idx) != 2 || idx[0] != 1 || idx[1] != 0 {
		t.Fatalf("proto nested message: %v %v", idx, err)
	}
	payload, err := c.AppendPayload(nil, []byte(`{"n":5}`), idx)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.AppendJSON(nil, payload, idx)
	if err != nil || string(out) != `{"n":5}` {
		t.Fatalf("proto round trip: %s %v", out, err)
	}
	if _, _, err := LoadFile(full, "Nope"); err == nil || !strings.Contains(err.Error(), "no message Nope") {
		t.Fatalf("unknown message: %v", err)
	}
	if _, _, err := LoadFile(write("s.json", txnJSONSchema), ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadFile(write("x.txt", "{}"), ""); err == nil {
		t.Fatal("a .txt file was accepted")
	}
}

// TestRecursiveAvroDepthIsBounded: a linked list nested past the bound is
// an error, not a stack overflow.
func TestRecursiveAvroDepthIsBounded(t *testing.T) {
	c := mustAvro(t, `{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}`)
	var p []byte
	for range 10000 {
		p = append(p, 2) // branch 1: another Node
	}
	p = append(p, 0)
	if _, err := c.AppendJSON(nil, p, nil); err == nil || !strings.Contains(err.Error(), "nesting deeper") {
		t.Fatalf("deep recursion: %v", err)
	}
	doc := strings.Repeat(`{"next":`, 10000) + "null" + strings.Repeat("}", 10000)
	if _, err := c.AppendPayload(nil, []byte(doc), nil); err == nil || !strings.Contains(err.Error(), "nesting deeper") {
		t.Fatalf("deep encode: %v", err)
	}
}

// TestGarbageRegistryAnswersAreWords: a registry that answers 200 with
// garbage, or an error page, gives an error, never a panic.
func TestGarbageRegistryAnswersAreWords(t *testing.T) {
	reg := newRegistry(t)
	reg.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case strings.HasPrefix(r.URL.Path, "/schemas/ids/1"):
			w.Write([]byte("\x1b[2J not json"))
		case strings.HasPrefix(r.URL.Path, "/schemas/ids/4"):
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte("<html>oops</html>"))
		default:
			return false
		}
		return true
	})
	s := newSession(t, reg.URL(), 5*time.Second)
	for _, id := range []int{1, 4} {
		_, err := s.Decode(context.Background(), append(AppendHeader(nil, id, nil), 0))
		if err == nil || !strings.Contains(err.Error(), "registry unavailable") {
			t.Fatalf("id %d: %v", id, err)
		}
		if strings.ContainsRune(err.Error(), 0x1b) {
			t.Fatalf("id %d: the registry's escape sequence reached the error: %q", id, err)
		}
	}
}
