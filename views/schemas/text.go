package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// maxDiffLines bounds each side of a diff: the line diff costs the
// product of the two lengths.
const maxDiffLines = 4000

// isJSONType reports whether a schema type's text is JSON (Avro and JSON
// Schema; Protobuf's is .proto text).
func isJSONType(t string) bool { return t != kafkaops.SchemaProtobuf }

// plainLines are a schema's text as the diff compares it: JSON indented
// two spaces a level, other text as it is; every line sanitized.
func plainLines(v kafkaops.SchemaVersion) []string {
	text := v.Text
	if isJSONType(v.Type) {
		var b bytes.Buffer
		if json.Indent(&b, []byte(strings.TrimSpace(text)), "", "  ") == nil {
			text = b.String()
		}
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = kit.SanitizeLine(strings.TrimRight(l, "\r"))
	}
	return lines
}

// colouredLines are a schema's text for reading: JSON pretty-printed and
// coloured, .proto text as it is.
func colouredLines(v kafkaops.SchemaVersion, st *theme.Styles) []string {
	if isJSONType(v.Type) {
		if ls := kit.PrettyJSON([]byte(strings.TrimSpace(v.Text)), st); ls != nil {
			return ls
		}
	}
	return plainLines(v)
}

// diffOp is one line of a diff: ' ' kept, '-' only in the old text, '+'
// only in the new one.
type diffOp struct {
	op   byte
	text string
}

// diff is the line diff of a and b, by the longest common subsequence.
func diff(a, b []string) []diffOp {
	a, b = a[:min(len(a), maxDiffLines)], b[:min(len(b), maxDiffLines)]
	n, m := len(a), len(b)
	// lcs[i][j] is the LCS length of a[i:] and b[j:], in one slice.
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) *int32 { return &lcs[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				*at(i, j) = *at(i+1, j+1) + 1
			case *at(i+1, j) >= *at(i, j+1):
				*at(i, j) = *at(i+1, j)
			default:
				*at(i, j) = *at(i, j+1)
			}
		}
	}
	var out []diffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, diffOp{' ', a[i]})
			i++
			j++
		case *at(i+1, j) >= *at(i, j+1):
			out = append(out, diffOp{'-', a[i]})
			i++
		default:
			out = append(out, diffOp{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, diffOp{'-', a[i]})
	}
	for ; j < m; j++ {
		out = append(out, diffOp{'+', b[j]})
	}
	return out
}

// diffContext is how many unchanged lines a hunk shows around a change.
const diffContext = 3

// unified renders a diff as unified hunks (@@ -a,n +b,m @@) with
// diffContext lines around each change, + lines in the OK colour and -
// lines in the error colour; a diff without changes says so.
func unified(ops []diffOp, st *theme.Styles) []string {
	keep := make([]bool, len(ops))
	changes := false
	for i, o := range ops {
		if o.op == ' ' {
			continue
		}
		changes = true
		for k := max(i-diffContext, 0); k <= min(i+diffContext, len(ops)-1); k++ {
			keep[k] = true
		}
	}
	if !changes {
		return []string{st.Subtle.Render("  the two versions' texts are the same")}
	}
	var out []string
	oldLine, newLine := 1, 1
	for i := 0; i < len(ops); {
		if !keep[i] {
			oldLine, newLine = advance(ops[i], oldLine, newLine)
			i++
			continue
		}
		end := i
		for end < len(ops) && keep[end] {
			end++
		}
		out = append(out, hunk(ops[i:end], oldLine, newLine, st)...)
		for _, o := range ops[i:end] {
			oldLine, newLine = advance(o, oldLine, newLine)
		}
		i = end
	}
	return out
}

// advance moves the old and new line numbers past o.
func advance(o diffOp, oldLine, newLine int) (int, int) {
	if o.op != '+' {
		oldLine++
	}
	if o.op != '-' {
		newLine++
	}
	return oldLine, newLine
}

// hunk renders one hunk starting at the given line numbers.
func hunk(ops []diffOp, oldLine, newLine int, st *theme.Styles) []string {
	olds, news := 0, 0
	for _, o := range ops {
		if o.op != '+' {
			olds++
		}
		if o.op != '-' {
			news++
		}
	}
	out := []string{st.Accent.Render(fmt.Sprintf("@@ -%d,%d +%d,%d @@", oldLine, olds, newLine, news))}
	for _, o := range ops {
		switch o.op {
		case '+':
			out = append(out, st.OK.Render("+"+o.text))
		case '-':
			out = append(out, st.Error.Render("-"+o.text))
		default:
			out = append(out, " "+o.text)
		}
	}
	return out
}
