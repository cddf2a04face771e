package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kscope/broker"
	"kscope/config"
	"kscope/kafkaops"
	"kscope/registry"
	"kscope/schema"
)

// schemaRegistryEnv names the environment variable that, like
// --schema-registry, gives the explorer a Schema Registry URL.
const schemaRegistryEnv = "KSCOPE_SCHEMA_REGISTRY"

// schemaDecoder is kafkaops.Decoder over a Schema Registry session: the
// screens never see package schema.
type schemaDecoder struct {
	s *schema.Session
}

var _ kafkaops.Decoder = schemaDecoder{}

// Decode decodes data in the Confluent wire format; its errors wrap
// kafkaops.ErrNotEncoded, kafkaops.ErrDecodePending and
// kafkaops.ErrDecodeUnavailable as that says.
func (d schemaDecoder) Decode(ctx context.Context, data []byte) ([]byte, string, error) {
	dec, err := d.s.Decode(ctx, data)
	switch {
	case err == nil:
		return dec.JSON, schemaInfo(dec.Info), nil
	case errors.Is(err, schema.ErrNotWire):
		return nil, "", fmt.Errorf("%w: %v", kafkaops.ErrNotEncoded, err)
	case errors.Is(err, schema.ErrPending):
		return nil, "", fmt.Errorf("%w: %v", kafkaops.ErrDecodePending, err)
	case errors.Is(err, schema.ErrUnavailable):
		return nil, "", kafkaops.DecodeUnavailable(err)
	}
	return nil, "", err
}

// schemaInfo describes a schema: "orders-value v2 id 7 (AVRO)"; the
// record detail shows it on its schema line.
func schemaInfo(i schema.Info) string {
	var b strings.Builder
	if i.Subject != "" {
		b.WriteString(i.Subject + " v" + strconv.Itoa(i.Version) + " ")
	}
	b.WriteString("id " + strconv.Itoa(i.ID) + " (" + string(i.Type) + ")")
	return b.String()
}

// urlDecoder is a decoder for a registry at url, without credentials
// (--schema-registry, KSCOPE_SCHEMA_REGISTRY, the bundled registry).
func urlDecoder(url string) (kafkaops.Decoder, error) {
	if err := config.CheckRegistryURL(url); err != nil {
		return nil, fmt.Errorf("schema registry: %w", err)
	}
	s, err := schema.NewSession(schema.Config{URL: url})
	if err != nil {
		return nil, err
	}
	return schemaDecoder{s: s}, nil
}

// contextDecoder is a decoder for a context's schema-registry: it
// resolves the password or token (bounded by ctx) and reads the TLS
// files. nil when the context has none.
func contextDecoder(ctx context.Context, c *config.Context) (kafkaops.Decoder, error) {
	r := c.SchemaRegistry
	if r == nil {
		return nil, nil
	}
	if err := config.CheckRegistryURL(r.URL); err != nil {
		return nil, fmt.Errorf("context %q: schema-registry: %w", c.Name, err)
	}
	cfg := schema.Config{URL: r.URL, Username: r.Username}
	var err error
	if r.Username != "" {
		if cfg.Password, err = r.Password.Resolve(ctx); err != nil {
			return nil, fmt.Errorf("context %q: schema-registry: %w", c.Name, err)
		}
	}
	if r.HasToken() {
		if cfg.BearerToken, err = r.Token.Resolve(ctx); err != nil {
			return nil, fmt.Errorf("context %q: schema-registry: %w", c.Name, err)
		}
	}
	if r.TLS != nil {
		if cfg.TLS, err = r.TLS.Config(); err != nil {
			return nil, fmt.Errorf("context %q: schema-registry: %w", c.Name, err)
		}
	}
	s, err := schema.NewSession(cfg)
	if err != nil {
		return nil, fmt.Errorf("context %q: %w", c.Name, err)
	}
	return schemaDecoder{s: s}, nil
}

// registryDecoder picks the explorer's registry: --schema-registry, else
// KSCOPE_SCHEMA_REGISTRY, else the context's, else none (nil).
func registryDecoder(flag string, getenv func(string) string, c *config.Context) (kafkaops.Decoder, error) {
	if flag != "" {
		d, err := urlDecoder(flag)
		if err != nil {
			return nil, fmt.Errorf("--schema-registry: %w", err)
		}
		return d, nil
	}
	if v := strings.TrimSpace(getenv(schemaRegistryEnv)); v != "" {
		d, err := urlDecoder(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", schemaRegistryEnv, err)
		}
		return d, nil
	}
	if c == nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	return contextDecoder(ctx, c)
}

// serveLocalRegistry serves the bundled registry for --local on
// registry.DefaultListen (on a free port when the broker's port was 0:
// tests), its state beside dataDir. When the address is taken (another
// kscope's broker serves one there) it returns that address and a no-op
// stop, as the explorer then explores that broker's.
func serveLocalRegistry(dataDir string, freePort bool) (url string, stop func() error, err error) {
	listen := registry.DefaultListen
	if freePort {
		listen = "127.0.0.1:0"
	}
	s, _, err := openRegistry(dataDir)
	if err != nil {
		return "", nil, err
	}
	addr, err := s.Serve(listen)
	if err != nil {
		s.Close()
		if !freePort && answers(registry.DefaultListen) {
			return "http://" + registry.DefaultListen, func() error { return nil }, nil
		}
		return "", nil, err
	}
	return "http://" + addr, s.Close, nil
}

// startAvroDemo starts the demo's Avro transactions when --demo runs with
// a registry; a failure is a warning, the JSON demo goes on.
func startAvroDemo(out, warn io.Writer, b *broker.Broker, demo bool, registryURL string) {
	if !demo || registryURL == "" {
		return
	}
	if err := b.StartAvroDemo(registryURL); err != nil {
		fmt.Fprintln(warn, "warning:", err)
		return
	}
	fmt.Fprintf(out, "demo: producing Avro ATM transactions to %s (schema %s)\n", broker.DemoAvroTopic, broker.DemoAvroSubject)
}
