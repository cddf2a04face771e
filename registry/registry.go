// Package registry is the Confluent-compatible Schema Registry the bundled
// broker serves. It wraps franz-go's srfake (a kept in-memory
// implementation of the REST API) and adds what srfake leaves out: state
// kept in a journal file across restarts, and a real BACKWARD compatibility
// check for Avro on register and on the compatibility endpoints.
package registry

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/sr/srfake"
)

// DefaultListen is where the bundled registry listens unless told otherwise.
const DefaultListen = "127.0.0.1:8081"

// journalName is the file, in the registry's directory, that holds every
// accepted change, one JSON line each, replayed at start-up.
const journalName = "journal.jsonl"

// maxBody bounds a request body the registry reads.
const maxBody = 4 << 20

// change is one accepted mutating request, as the journal keeps it.
type change struct {
	Method string          `json:"m"`
	Path   string          `json:"p"`
	Body   json.RawMessage `json:"b,omitempty"`
}

// Server is a Schema Registry: srfake's handlers behind persistence and
// compatibility checks.
type Server struct {
	reg     *srfake.Registry
	handler http.Handler

	mu      sync.Mutex // serializes changes so the journal order is the apply order
	journal *os.File

	srv *http.Server
	ln  net.Listener
}

// Open returns a registry whose state lives in dir (created if missing),
// replaying what an earlier run kept there; dir "" keeps it in memory.
func Open(dir string) (*Server, error) {
	s := &Server{reg: srfake.NewRegistry()}
	s.handler = s.reg.Handler()
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("schema registry: %w", err)
	}
	path := filepath.Join(dir, journalName)
	if err := s.replay(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("schema registry: %w", err)
	}
	s.journal = f
	return s, nil
}

// replay applies the journal's changes in order; a torn last line (a crash
// mid-write) is ignored.
func (s *Server) replay(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("schema registry: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxBody+1024)
	for sc.Scan() {
		var c change
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			continue
		}
		req := httptest.NewRequest(c.Method, c.Path, bytes.NewReader(c.Body))
		req.Header.Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		s.handler.ServeHTTP(httptest.NewRecorder(), req)
	}
	return sc.Err()
}

// mutates reports whether a request changes the registry's state (lookups
// and compatibility checks are POSTs that do not).
func mutates(r *http.Request) bool {
	switch r.Method {
	case http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		return isRegister(r.URL.Path)
	}
	return false
}

// ServeHTTP checks compatibility before a register, serves the request
// with srfake, and journals the changes it accepted.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, 413, "request body too large")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if isCompatCheck(r) {
		s.serveCompat(w, r, body)
		return
	}
	if !mutates(r) {
		s.handler.ServeHTTP(w, r)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method == http.MethodPost {
		if msgs := s.incompatible(subjectOf(r.URL.Path), body, ""); len(msgs) > 0 {
			writeError(w, http.StatusConflict, 409, "Schema being registered is incompatible with an earlier schema for subject: "+msgs[0])
			return
		}
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.handler.ServeHTTP(rec, r)
	if rec.status/100 == 2 && s.journal != nil {
		line, _ := json.Marshal(change{Method: r.Method, Path: r.URL.RequestURI(), Body: rawOrNil(body)})
		// A failed journal write loses the change at restart; the answer
		// already went out, so say it on the server side.
		if _, err := s.journal.Write(append(line, '\n')); err != nil {
			fmt.Fprintf(os.Stderr, "schema registry: journal: %v\n", err)
		}
	}
}

func rawOrNil(b []byte) json.RawMessage {
	if len(bytes.TrimSpace(b)) == 0 || !json.Valid(b) {
		return nil
	}
	return b
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error_code": code, "message": msg})
}

// Serve listens on addr and serves the registry in the background; it
// returns the address it listens on.
func (s *Server) Serve(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("schema registry: listen %s: %w", addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return ln.Addr().String(), nil
}

// Close stops serving and closes the journal.
func (s *Server) Close() error {
	var errs []error
	if s.srv != nil {
		errs = append(errs, s.srv.Close())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		errs = append(errs, s.journal.Close())
		s.journal = nil
	}
	return errors.Join(errs...)
}
