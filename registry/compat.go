package registry

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/hamba/avro/v2"
)

// isRegister reports whether path is POST /subjects/{subject}/versions.
func isRegister(path string) bool {
	rest, ok := strings.CutPrefix(path, "/subjects/")
	return ok && strings.HasSuffix(rest, "/versions") && strings.Count(rest, "/") == 1
}

// isCompatCheck reports whether r is POST /compatibility/subjects/{s}/versions[/{v}].
func isCompatCheck(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/compatibility/subjects/")
}

// subjectOf extracts the (unescaped) subject from a /subjects/{s}/... or
// /compatibility/subjects/{s}/... path.
func subjectOf(path string) string {
	path = strings.TrimPrefix(path, "/compatibility")
	rest := strings.TrimPrefix(path, "/subjects/")
	s, _, _ := strings.Cut(rest, "/")
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// serveCompat answers a compatibility check for real (srfake's always says
// compatible).
func (s *Server) serveCompat(w http.ResponseWriter, r *http.Request, body []byte) {
	version := ""
	if _, v, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/compatibility/subjects/"), "/versions/"); ok {
		version = v
	}
	msgs := s.incompatible(subjectOf(r.URL.Path), body, version)
	w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	resp := map[string]any{"is_compatible": len(msgs) == 0}
	if len(msgs) > 0 && r.URL.Query().Get("verbose") == "true" {
		resp["messages"] = msgs
	}
	_ = json.NewEncoder(w).Encode(resp)
}

// incompatible checks an Avro schema being registered under subject
// against the version given ("" or "latest": the latest) under the
// subject's compatibility level, and returns why it is incompatible (none
// when it is, or when the level or schema type is not one it checks).
func (s *Server) incompatible(subject string, body []byte, version string) []string {
	var req struct {
		Schema     string `json:"schema"`
		SchemaType string `json:"schemaType"`
	}
	if json.Unmarshal(body, &req) != nil || req.SchemaType != "" && req.SchemaType != "AVRO" {
		return nil
	}
	level := s.level(subject)
	if level != "BACKWARD" && level != "BACKWARD_TRANSITIVE" && level != "FULL" && level != "FULL_TRANSITIVE" && level != "FORWARD" && level != "FORWARD_TRANSITIVE" {
		return nil
	}
	if version == "" {
		version = "latest"
	}
	var old struct {
		Schema     string `json:"schema"`
		SchemaType string `json:"schemaType"`
	}
	if !s.get("/subjects/"+url.PathEscape(subject)+"/versions/"+version, &old) || old.SchemaType != "" && old.SchemaType != "AVRO" {
		return nil
	}
	newS, err := avro.Parse(req.Schema)
	if err != nil {
		return nil // srfake answers the parse error itself
	}
	oldS, err := avro.Parse(old.Schema)
	if err != nil {
		return nil
	}
	compat := avro.NewSchemaCompatibility()
	if strings.HasPrefix(level, "BACKWARD") || strings.HasPrefix(level, "FULL") {
		if err := compat.Compatible(newS, oldS); err != nil {
			return []string{"BACKWARD: new schema cannot read data written with version " + version + ": " + err.Error()}
		}
	}
	if strings.HasPrefix(level, "FORWARD") || strings.HasPrefix(level, "FULL") {
		if err := compat.Compatible(oldS, newS); err != nil {
			return []string{"FORWARD: version " + version + " cannot read data written with the new schema: " + err.Error()}
		}
	}
	return nil
}

// level is the subject's compatibility level, or the global one.
func (s *Server) level(subject string) string {
	var c struct {
		Level string `json:"compatibilityLevel"`
	}
	if s.get("/config/"+url.PathEscape(subject)+"?defaultToGlobal=true", &c) && c.Level != "" {
		return c.Level
	}
	if s.get("/config", &c) {
		return c.Level
	}
	return ""
}

// get asks srfake's handler directly and decodes a 200 answer into v.
func (s *Server) get(path string, v any) bool {
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), v) == nil
}
