package schema

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
)

// Defaults for Config's durations.
const (
	DefaultRequestTimeout = 10 * time.Second
	DefaultWait           = 200 * time.Millisecond
	DefaultRetryAfter     = 10 * time.Second
)

// maxRefDepth bounds how deep schema references are followed.
const maxRefDepth = 16

// ErrPending is returned (wrapped) by Decode when the schema is still being
// fetched after the wait bound: show the record raw and try again later.
var ErrPending = errors.New("schema is still being fetched from the registry")

// ErrUnavailable is returned (wrapped) by Decode when the schema could not
// be fetched for a reason that may pass (the registry down or timing out,
// a 5xx, 408 or 429 answer): the session fetches it again after a backoff,
// so the record may be decoded again later. An unknown id or a schema
// that does not parse is not wrapped: it stays for the session.
var ErrUnavailable = errors.New("registry unavailable")

// firstRetry is the backoff after a schema's first transient failure; it
// doubles with each failure in a row, up to Config.RetryAfter.
const firstRetry = 500 * time.Millisecond

// Config says how to reach a Schema Registry.
type Config struct {
	// URL is the registry's base URL, such as http://127.0.0.1:8081.
	URL string
	// Username and Password, when Username is set, are sent as basic auth.
	Username, Password string
	// BearerToken, when set, is sent as an Authorization bearer token.
	BearerToken string
	// TLS configures HTTPS; nil uses the system defaults.
	TLS *tls.Config
	// RequestTimeout bounds one fetch from the registry (default 10 s).
	RequestTimeout time.Duration
	// Wait bounds how long Decode waits for a schema not yet fetched
	// (default 200 ms); past it Decode returns ErrPending and the fetch goes
	// on in the background.
	Wait time.Duration
	// RetryAfter bounds how long a failure that may be transient
	// (registry down, timeout, 5xx) is remembered before the schema is
	// fetched again (default 10 s): the first retry comes after 500 ms,
	// each next one after twice as long, up to RetryAfter. Unknown ids,
	// other 4xx answers and schemas that do not parse are remembered for
	// the session.
	RetryAfter time.Duration
}

// Info describes the schema a record was written with.
type Info struct {
	// ID is the registry's schema id.
	ID int
	// Type is the schema language.
	Type Type
	// Subject and Version are one subject-version that holds the schema
	// ("" and 0 when the registry did not say).
	Subject string
	Version int
	// Text is the schema text.
	Text string
	// References are the schemas this one references.
	References []sr.SchemaReference
}

// Decoded is a record decoded with its schema.
type Decoded struct {
	// Info is the schema the record was written with.
	Info Info
	// Indexes is the Protobuf message-index list (nil for other types).
	Indexes []int
	// JSON is the decoded value as compact JSON; strings in it are escaped
	// so that it holds no control characters.
	JSON []byte
}

// Session decodes and encodes records against one Schema Registry. It
// fetches each schema id once per session, from background goroutines, so
// any number of goroutines may call it at once.
type Session struct {
	cl  *sr.Client
	cfg Config

	mu      sync.Mutex
	entries map[int]*entry
}

// entry is one schema id's fetch: done closes when codec/info/err are set.
type entry struct {
	done  chan struct{}
	codec Codec
	info  Info
	err   error
	until time.Time // for transient errors: when to fetch again
	fails int       // transient failures in a row, this fetch's included
}

// NewSession returns a Session for the registry cfg names. It does not
// contact the registry.
func NewSession(cfg Config) (*Session, error) {
	if cfg.URL == "" {
		return nil, errors.New("schema registry: no URL")
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.Wait <= 0 {
		cfg.Wait = DefaultWait
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = DefaultRetryAfter
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg.TLS
	opts := []sr.ClientOpt{
		sr.URLs(cfg.URL),
		sr.HTTPClient(&http.Client{Transport: tr, Timeout: cfg.RequestTimeout}),
		sr.UserAgent("kscope"),
	}
	if cfg.Username != "" {
		opts = append(opts, sr.BasicAuth(cfg.Username, cfg.Password))
	}
	if cfg.BearerToken != "" {
		opts = append(opts, sr.BearerToken(cfg.BearerToken))
	}
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("schema registry: %w", err)
	}
	return &Session{cl: cl, cfg: cfg, entries: map[int]*entry{}}, nil
}

// Client returns the registry client, for the calls this package does not
// wrap (browsing subjects, registering, compatibility).
func (s *Session) Client() *sr.Client { return s.cl }

// Decode decodes a record value or key in the Confluent wire format. It
// waits for the schema at most the Config's Wait (or until ctx ends); the
// error says in words why a record could not be decoded.
func (s *Session) Decode(ctx context.Context, data []byte) (Decoded, error) {
	id, rest, err := SplitID(data)
	if err != nil {
		return Decoded{}, err
	}
	codec, info, err := s.Codec(ctx, id)
	if err != nil {
		return Decoded{Info: info}, err
	}
	return DecodeWith(codec, info, rest)
}

// DecodeWith decodes the bytes after the 5-byte header with a known codec.
func DecodeWith(codec Codec, info Info, rest []byte) (Decoded, error) {
	d := Decoded{Info: info}
	if codec.Type() == Protobuf {
		return decodeProtobuf(codec, d, rest)
	}
	out, err := codec.AppendJSON(nil, rest, nil)
	if err != nil {
		return d, err
	}
	d.JSON = out
	return d, nil
}

// decodeProtobuf reads the message-index list and decodes the message it
// names. Some producers (npm's @kafkajs/confluent-schema-registry) write no
// index list at all; when the standard reading fails, the bytes after the
// schema id are tried as the first message, and Indexes is left nil to
// say so.
func decodeProtobuf(codec Codec, d Decoded, rest []byte) (Decoded, error) {
	idx, payload, err := SplitIndexes(rest)
	if err == nil {
		var out []byte
		if out, err = codec.AppendJSON(nil, payload, idx); err == nil {
			d.Indexes, d.JSON = idx, out
			return d, nil
		}
	}
	if out, err2 := codec.AppendJSON(nil, rest, []int{0}); err2 == nil && len(rest) > 0 && rest[0] != 0 {
		d.JSON = out
		return d, nil
	}
	return d, err
}

// Codec returns the codec of schema id, fetching it on first use; it waits
// at most the Config's Wait.
func (s *Session) Codec(ctx context.Context, id int) (Codec, Info, error) {
	e := s.entry(id)
	select {
	case <-e.done: // fetched: answer even when ctx has ended
		return e.codec, e.info, e.err
	default:
	}
	wait := time.NewTimer(s.cfg.Wait)
	defer wait.Stop()
	select {
	case <-e.done:
		return e.codec, e.info, e.err
	case <-wait.C:
	case <-ctx.Done():
	}
	return nil, Info{ID: id}, fmt.Errorf("schema id %d: %w", id, ErrPending)
}

// entry returns id's entry, starting its fetch if there is none or the last
// one failed transiently long enough ago.
func (s *Session) entry(id int) *entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	if ok && (e.until.IsZero() || time.Now().Before(e.until)) {
		return e
	}
	fails := 0
	if ok {
		select {
		case <-e.done:
		default:
			return e // still fetching
		}
		fails = e.fails
	}
	e = &entry{done: make(chan struct{}), fails: fails}
	s.entries[id] = e
	go s.fetch(id, e)
	return e
}

// fetch loads schema id and its references and builds its codec.
func (s *Session) fetch(id int, e *entry) {
	defer close(e.done)
	ctx, cancel := context.WithTimeout(context.Background(), 2*s.cfg.RequestTimeout)
	defer cancel()
	e.info = Info{ID: id}
	sch, err := s.cl.SchemaByID(ctx, id)
	if err != nil {
		e.err = s.fetchError(id, err, e)
		return
	}
	e.info = infoOf(id, sch)
	if vs, err := s.cl.SchemaVersionsByID(ctx, id); err == nil && len(vs) > 0 {
		e.info.Subject, e.info.Version = vs[0].Subject, vs[0].Version
	}
	codec, err := s.build(ctx, sch)
	switch {
	case err == nil:
		e.codec, e.fails = codec, 0
	case transient(err):
		// A referenced schema could not be fetched: that may pass.
		e.err = s.retryLater(id, err, e)
	default:
		e.err = fmt.Errorf("schema id %d: %s", id, cleanText(err.Error()))
	}
}

// fetchError words a failed fetch and marks transient failures for retry.
func (s *Session) fetchError(id int, err error, e *entry) error {
	var re *sr.ResponseError
	if errors.As(err, &re) {
		switch {
		case re.StatusCode == http.StatusNotFound:
			return fmt.Errorf("schema id %d is not in the registry", id)
		case !transient(err):
			return fmt.Errorf("schema id %d: the registry refused: %s", id, cleanText(err.Error()))
		}
	}
	return s.retryLater(id, err, e)
}

// retryLater words a transient failure (wrapping ErrUnavailable) and sets
// when e's schema is fetched again: the backoff doubles with each failure
// in a row, up to RetryAfter.
func (s *Session) retryLater(id int, err error, e *entry) error {
	e.fails++
	wait := s.cfg.RetryAfter
	if e.fails < 16 {
		wait = min(firstRetry<<(e.fails-1), s.cfg.RetryAfter)
	}
	e.until = time.Now().Add(wait)
	// The registry's answer may hold anything; keep the words, not controls.
	return fmt.Errorf("schema id %d: %w: %s", id, ErrUnavailable, cleanText(err.Error()))
}

// transient reports whether a registry call's failure may pass: no answer
// (refused, reset, timed out) or a 5xx, 408 or 429 answer. Other answers
// (404, 401, 422) and anything else (a schema that does not parse) stay.
func transient(err error) bool {
	var re *sr.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode >= 500 || re.StatusCode == http.StatusRequestTimeout || re.StatusCode == http.StatusTooManyRequests
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func infoOf(id int, sch sr.Schema) Info {
	t := Avro
	switch sch.Type {
	case sr.TypeProtobuf:
		t = Protobuf
	case sr.TypeJSON:
		t = JSONSchema
	}
	return Info{ID: id, Type: t, Text: sch.Schema, References: sch.References}
}

// build fetches a schema's references and compiles its codec.
func (s *Session) build(ctx context.Context, sch sr.Schema) (Codec, error) {
	var refs []Reference
	if err := s.references(ctx, sch.References, 0, map[string]bool{}, &refs); err != nil {
		return nil, err
	}
	return NewCodec(infoOf(0, sch).Type, sch.Schema, refs)
}

// Reference is a schema another one references: the name it is referenced by
// (an Avro full name, a .proto import path, a JSON Schema URL) and its text.
type Reference struct{ Name, Text string }

// references appends the referenced schemas depth first, so each comes
// after the schemas it references itself.
func (s *Session) references(ctx context.Context, refs []sr.SchemaReference, depth int, seen map[string]bool, out *[]Reference) error {
	if depth > maxRefDepth {
		return fmt.Errorf("schema references nest deeper than %d", maxRefDepth)
	}
	for _, r := range refs {
		key := fmt.Sprintf("%s/%d", r.Subject, r.Version)
		if seen[key] {
			continue
		}
		seen[key] = true
		ss, err := s.cl.SchemaByVersion(ctx, r.Subject, r.Version)
		if err != nil {
			return fmt.Errorf("referenced schema %s version %d: %w", r.Subject, r.Version, err)
		}
		if err := s.references(ctx, ss.References, depth+1, seen, out); err != nil {
			return err
		}
		*out = append(*out, Reference{Name: r.Name, Text: ss.Schema.Schema})
	}
	return nil
}

// NewCodec compiles schema text of type t; refs are the referenced
// schemas, each after those it references.
func NewCodec(t Type, text string, refs []Reference) (Codec, error) {
	switch t {
	case Avro:
		texts := make([]string, len(refs))
		for i, r := range refs {
			texts[i] = r.Text
		}
		return newAvroCodec(text, texts)
	case Protobuf:
		return newProtoCodec(text, refMap(refs))
	case JSONSchema:
		return newJSONSchemaCodec(text, refMap(refs))
	}
	return nil, fmt.Errorf("unknown schema type %q", t)
}

func refMap(refs []Reference) map[string]string {
	m := make(map[string]string, len(refs))
	for _, r := range refs {
		m[r.Name] = r.Text
	}
	return m
}

// Encoder encodes JSON documents with one subject-version's schema.
type Encoder struct {
	// Info is the schema records are encoded with.
	Info Info
	// Codec is its compiled schema.
	Codec Codec
	// Indexes chooses the Protobuf message (nil: the first).
	Indexes []int
}

// Encoder fetches a subject's schema (version 0 or -1: the latest) for
// encoding; a form fetches it once and then encodes on every keystroke.
func (s *Session) Encoder(ctx context.Context, subject string, version int) (*Encoder, error) {
	if version <= 0 {
		version = -1
	}
	ss, err := s.cl.SchemaByVersion(ctx, subject, version)
	if err != nil {
		return nil, fmt.Errorf("subject %s: %w", subject, err)
	}
	codec, err := s.build(ctx, ss.Schema)
	if err != nil {
		return nil, fmt.Errorf("subject %s version %d: %w", subject, ss.Version, err)
	}
	info := infoOf(ss.ID, ss.Schema)
	info.Subject, info.Version = ss.Subject, ss.Version
	return &Encoder{Info: info, Codec: codec}, nil
}

// Encode encodes a JSON document into the Confluent wire format.
func (e *Encoder) Encode(doc []byte) ([]byte, error) {
	var idx []int
	if e.Codec.Type() == Protobuf {
		idx = e.Indexes
		if idx == nil {
			idx = []int{0}
		}
	}
	return e.Codec.AppendPayload(AppendHeader(nil, e.Info.ID, idx), doc, idx)
}
