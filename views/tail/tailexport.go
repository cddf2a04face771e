package tail

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// tailExportedMsg says where an export went, or why it failed.
type tailExportedMsg struct {
	id   uint64
	path string
	n    int
	err  error
}

// kcatRecord is one exported record, shaped like a line of `kcat -C -J`:
// key and payload as strings (null when absent), headers as a flat
// array of names and values, ts in milliseconds. A key or payload that
// is not UTF-8 is written in base64, and key_encoding or
// payload_encoding says so, so that nothing is lost.
type kcatRecord struct {
	Topic           string   `json:"topic"`
	Partition       int      `json:"partition"`
	Offset          int64    `json:"offset"`
	TSType          string   `json:"tstype"`
	TS              int64    `json:"ts"`
	Broker          int      `json:"broker"`
	Headers         []string `json:"headers,omitempty"`
	Key             *string  `json:"key"`
	KeyEncoding     string   `json:"key_encoding,omitempty"`
	Payload         *string  `json:"payload"`
	PayloadEncoding string   `json:"payload_encoding,omitempty"`
}

// toKcat converts a record to its export line.
func toKcat(r *kafkaops.Record) kcatRecord {
	k := kcatRecord{
		Topic:     r.Topic,
		Partition: r.Partition,
		Offset:    r.Offset,
		TSType:    "create",
		TS:        r.Timestamp.UnixMilli(),
		Broker:    -1,
	}
	if !hasStamp(r.Timestamp) {
		k.TSType, k.TS = "none", -1
	}
	k.Key, k.KeyEncoding = exportBytes(r.Key)
	k.Payload, k.PayloadEncoding = exportBytes(r.Value)
	for _, h := range r.Headers {
		v, _ := exportBytes(h.Value)
		val := ""
		if v != nil {
			val = *v
		}
		k.Headers = append(k.Headers, h.Key, val)
	}
	return k
}

// exportBytes is a key or value as a JSON string: nil when absent, the
// text when UTF-8, else base64 with the encoding named.
func exportBytes(b []byte) (*string, string) {
	if b == nil {
		return nil, ""
	}
	if utf8.Valid(b) {
		s := string(b)
		return &s, ""
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s, "base64"
}

// exportName is the timestamped file name for a topic's export.
func exportName(topic string, now time.Time) string {
	safe := strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, topic)
	return "kscope-tail-" + safe + "-" + now.Format("20060102-150405") + ".jsonl"
}

// writeExport writes recs as JSON lines to a new file named name in dir,
// or when dir is empty in the current directory, falling back to the
// temporary directory when that is not writable. It returns the path.
func writeExport(dir, name string, recs []kafkaops.Record) (string, error) {
	dirs := []string{dir}
	if dir == "" {
		dirs = []string{".", os.TempDir()}
	}
	var f *os.File
	var err error
	stem := strings.TrimSuffix(name, ".jsonl")
dirs:
	for _, d := range dirs {
		// Two exports in the same second get -2, -3… rather than fail.
		for i := 1; i <= 100; i++ {
			n := name
			if i > 1 {
				n = fmt.Sprintf("%s-%d.jsonl", stem, i)
			}
			f, err = os.OpenFile(filepath.Join(d, n), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err == nil {
				break dirs
			}
			if !os.IsExist(err) {
				break
			}
		}
	}
	if err != nil {
		return "", err
	}
	path := f.Name()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	w := bufio.NewWriterSize(f, 256<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range recs {
		if err := enc.Encode(toKcat(&recs[i])); err != nil {
			f.Close()
			return path, err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return path, err
	}
	return path, f.Close()
}

// exportRecords returns the id of an export of recs and the command,
// addressed through a, that writes them to a timestamped file for topic
// in dir (see writeExport) and answers with a tailExportedMsg.
func exportRecords(a *kit.Asker, dir, topic string, now time.Time, recs []kafkaops.Record) (uint64, tea.Cmd) {
	name := exportName(topic, now)
	return kit.Ask(a, func(context.Context) (string, error) { return writeExport(dir, name, recs) },
		func(id uint64, path string, err error) tea.Msg {
			return tailExportedMsg{id: id, path: path, n: len(recs), err: err}
		})
}

// status is the status line that says how the export went.
func (m tailExportedMsg) status() tea.Cmd {
	if m.err != nil {
		return kit.Status("export: "+m.err.Error(), true)
	}
	return kit.Status(fmt.Sprintf("exported %s to %s", kit.PluralCount(int64(m.n), "record"), kit.Sanitize(m.path)), false)
}
