package config

import (
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"
)

// SchemaRegistry is a context's Schema Registry connection.
type SchemaRegistry struct {
	// URL is the registry's base URL, http:// or https://.
	URL string
	// Username, when set, is sent with Password as basic auth.
	Username string
	// Password is the basic-auth password's source; it is read only when
	// the context is used.
	Password Secret
	// Token is the bearer token's source, used when set.
	Token Secret
	// TLS is the HTTPS settings, nil for the system's defaults.
	TLS *TLS
}

// HasToken reports whether a bearer token source is configured.
func (r *SchemaRegistry) HasToken() bool { return r.Token != (Secret{}) }

// String describes the registry without any secret.
func (r *SchemaRegistry) String() string {
	s := r.URL
	if r.Username != "" {
		s += " user " + r.Username
	}
	if r.HasToken() {
		s += " bearer token"
	}
	return s
}

// secretSource parses one of key, key-env, key-command into a Secret;
// ok is false when key is none of them.
func (p *parser) secretSource(base, key, field string, k, val *yaml.Node) (Secret, bool) {
	where := fmt.Sprintf("%s:%d: %s", p.file, k.Line, join(field, key))
	f := join(field, key)
	switch key {
	case base:
		if val.Kind != yaml.ScalarNode {
			// Never echo the value: it is a secret.
			p.errf(val, f, "want a string")
			return Secret{}, true
		}
		return Secret{inline: val.Value, hasVal: true, where: where}, true
	case base + "-env":
		return Secret{env: p.str(val, f), where: where}, true
	case base + "-command":
		return Secret{command: p.str(val, f), where: where}, true
	}
	return Secret{}, false
}

// schemaRegistry parses `schema-registry:`, a URL alone or a mapping.
func (p *parser) schemaRegistry(v *yaml.Node, field string) *SchemaRegistry {
	r := &SchemaRegistry{}
	if v.Kind == yaml.ScalarNode {
		r.URL = p.registryURL(v, field)
		return r
	}
	var pwSources, tokSources []string
	p.mapping(v, field, func(key string, k, val *yaml.Node) {
		f := join(field, key)
		if s, ok := p.secretSource("password", key, field, k, val); ok {
			pwSources = append(pwSources, key)
			r.Password = s
			return
		}
		if s, ok := p.secretSource("token", key, field, k, val); ok {
			tokSources = append(tokSources, key)
			r.Token = s
			return
		}
		switch key {
		case "url":
			r.URL = p.registryURL(val, f)
		case "username":
			r.Username = p.str(val, f)
		case "tls":
			r.TLS = p.tls(val, f)
		default:
			p.unknown(k, field, key)
		}
	})
	if v.Kind != yaml.MappingNode {
		return nil
	}
	if !p.has(v, "url") {
		p.errf(v, field+".url", "missing: the registry's http(s):// URL")
	}
	if len(pwSources) > 1 {
		p.errf(v, field, "give only one of %s", strings.Join(pwSources, ", "))
	}
	if len(tokSources) > 1 {
		p.errf(v, field, "give only one of %s", strings.Join(tokSources, ", "))
	}
	if len(pwSources) > 0 && r.Username == "" {
		p.errf(v, field+".username", "missing: a password goes with a username")
	}
	if r.Username != "" && len(pwSources) == 0 {
		p.errf(v, field, "missing password: give password, password-env or password-command")
	}
	if r.Username != "" && len(tokSources) > 0 {
		p.errf(v, field, "give either username and password or a token, not both")
	}
	return r
}

// registryURL checks a registry URL: http or https with a host.
func (p *parser) registryURL(v *yaml.Node, field string) string {
	s := strings.TrimSpace(p.str(v, field))
	if err := CheckRegistryURL(s); err != nil {
		p.errf(v, field, "%v", err)
	}
	return s
}

// CheckRegistryURL reports whether s is a usable registry URL: http or
// https with a host, and no user info (credentials go in their own keys,
// so that they are never printed with the URL).
func CheckRegistryURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want http://host:port or https://host:port", RedactURL(s))
	}
	if u.User != nil {
		return fmt.Errorf("%q: put the user and password in username and password-env, not in the URL", RedactURL(s))
	}
	return nil
}

// RedactURL hides any user info of a URL, for messages.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if i := strings.LastIndex(s, "@"); i >= 0 {
			return "<hidden>@" + s[i+1:]
		}
		return s
	}
	if u.User != nil {
		u.User = url.User("hidden")
	}
	return u.String()
}

// inlineSecret reports whether a password or token is written in the file.
func (r *SchemaRegistry) inlineSecret() bool {
	return r != nil && (r.Password.Inline() || r.Token.Inline())
}
