package kafkaops

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// filterKind says how a tail filter matches.
type filterKind int

const (
	filterSubstring filterKind = iota
	filterRegexp
	filterField
	// filterAll is a query of terms only: every record passes the rest.
	filterAll
)

// Filter is the record filter language of the tail view's `/` and of
// searches, parsed once and then matched
// against every record that arrives:
//
//   - plain text matches a substring of the key, the value, or a header's
//     key or value; lower-case text ignores case (smart case);
//   - `re:EXPR` matches a regular expression (Go syntax) there;
//   - `field=value` (a dotted path, as in `account.id=42`) matches JSON
//     values (or values decoded with their schema) whose field has that value: a string equal to it, or a
//     number, boolean or null that reads the same;
//   - scoping terms, whole words anywhere in the query, narrow it further:
//     `p:0-3`, `offset:100-200`, `key:TEXT`, `header:NAME=VALUE` (see
//     filterterms.go); the rest of the query is one of the above.
type Filter struct {
	text  string
	kind  filterKind
	terms filterTerms

	needle []byte // substring
	fold   bool   // substring: ASCII case ignored

	re *regexp.Regexp

	path []string // field: the keys to follow
	want string   // field: the value wanted
	// last is the last path key as a quoted JSON string: a value that
	// does not hold it cannot match, which spares decoding it.
	last []byte
}

// fieldFilter is what makes a query a field=value filter.
var fieldFilter = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$.\-]*=`)

// ParseFilter reads a filter query; an empty query gives nil (no
// filter).
func ParseFilter(q string) (*Filter, error) {
	if q == "" {
		return nil, nil
	}
	f := &Filter{text: q}
	rest, terms, err := splitTerms(q)
	if err != nil {
		return nil, err
	}
	f.terms = terms
	if err := f.parseRest(rest); err != nil {
		return nil, err
	}
	return f, nil
}

// parseRest reads the query without its scoping terms.
func (f *Filter) parseRest(q string) error {
	switch {
	case q == "":
		f.kind = filterAll
	case strings.HasPrefix(q, "re:"):
		re, err := regexp.Compile(q[3:])
		if err != nil {
			return fmt.Errorf("regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		f.kind, f.re = filterRegexp, re
	case fieldFilter.MatchString(q):
		name, want, _ := strings.Cut(q, "=")
		f.kind = filterField
		f.path = strings.Split(name, ".")
		for _, p := range f.path {
			if p == "" {
				return fmt.Errorf("field %q: empty key in the path", name)
			}
		}
		f.want = want
		f.last, _ = json.Marshal(f.path[len(f.path)-1])
	default:
		f.kind = filterSubstring
		f.needle = []byte(q)
		f.fold = !hasUpper(q)
		if f.fold {
			f.needle = bytes.ToLower(f.needle)
		}
	}
	return nil
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// Describe names the filter in words, unsanitized: the screen showing it
// sanitizes.
func (f *Filter) Describe() string {
	var s string
	switch f.kind {
	case filterRegexp:
		s = "regexp " + f.re.String()
	case filterField:
		s = "field " + strings.Join(f.path, ".") + " = " + f.want
	case filterAll:
		s = "every record"
	default:
		s = "text " + strconv.Quote(string(f.needleText()))
	}
	if f.terms.scoped() {
		s += " in " + strings.Join(f.terms.words, " ")
	}
	return s
}

// needleText is the text a substring filter looks for, as written.
func (f *Filter) needleText() string {
	if !f.terms.scoped() {
		return f.text
	}
	return string(f.needle)
}

// Match reports whether r passes the filter.
func (f *Filter) Match(r *Record) bool {
	if f.terms.scoped() && !f.terms.match(r) {
		return false
	}
	switch f.kind {
	case filterAll:
		return true
	case filterField:
		return f.matchField(fieldValue(r))
	case filterRegexp:
		if f.re.Match(r.Key) || f.re.Match(r.Value) || f.re.Match(r.KeyDecoded) || f.re.Match(r.Decoded) {
			return true
		}
		for _, h := range r.Headers {
			if f.re.MatchString(h.Key) || f.re.Match(h.Value) {
				return true
			}
		}
		return false
	}
	if f.contains(r.Key) || f.contains(r.Value) || f.contains(r.KeyDecoded) || f.contains(r.Decoded) {
		return true
	}
	for _, h := range r.Headers {
		if f.containsString(h.Key) || f.contains(h.Value) {
			return true
		}
	}
	return false
}

func (f *Filter) contains(b []byte) bool {
	if !f.fold {
		return bytes.Contains(b, f.needle)
	}
	return containsFold(b, f.needle)
}

func (f *Filter) containsString(s string) bool {
	if !f.fold {
		return strings.Contains(s, string(f.needle))
	}
	return containsFold([]byte(s), f.needle)
}

// containsFold reports whether hay holds needle (lower case) with ASCII
// letters of either case, without allocating. Non-ASCII bytes must match
// exactly.
func containsFold(hay, needle []byte) bool {
	if len(needle) == 0 {
		return true
	}
	first := needle[0]
	upper := first
	if first >= 'a' && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		c := hay[i]
		if c != first && c != upper {
			continue
		}
		ok := true
		for j := 1; j < len(needle); j++ {
			c := hay[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// fieldValue is the JSON a field=value filter reads: the value decoded
// with its schema when it was, else the value.
func fieldValue(r *Record) []byte {
	if r.Decoded != nil {
		return r.Decoded
	}
	return r.Value
}

// matchField decodes a JSON object value and compares the field at the
// filter's path with the wanted value.
func (f *Filter) matchField(v []byte) bool {
	if !bytes.Contains(v, f.last) {
		return false
	}
	var doc any
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	if d.Decode(&doc) != nil {
		return false
	}
	for _, k := range f.path {
		obj, ok := doc.(map[string]any)
		if !ok {
			return false
		}
		if doc, ok = obj[k]; !ok {
			return false
		}
	}
	switch x := doc.(type) {
	case string:
		return x == f.want
	case json.Number:
		if string(x) == f.want {
			return true
		}
		a, err1 := strconv.ParseFloat(string(x), 64)
		b, err2 := strconv.ParseFloat(f.want, 64)
		return err1 == nil && err2 == nil && a == b
	case bool:
		return strconv.FormatBool(x) == f.want
	case nil:
		return f.want == "null"
	}
	return false
}

// Text is the query the filter was parsed from.
func (f *Filter) Text() string { return f.text }
