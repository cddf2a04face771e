package tail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

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

// toKcat converts a record to its export line: kafkaops.ToKcat, the
// shape `kscope consume` and `kscope produce` share (bytes that are not
// UTF-8, header values too, are base64 with their encoding named), with
// a timestamp before 1970 written as none, as the tail shows it.
func toKcat(r *kafkaops.Record) kafkaops.KcatRecord {
	k := kafkaops.ToKcat(r)
	if !hasStamp(r.Timestamp) {
		k.TSType, k.TS = "none", -1
	}
	return k
}

// exportName is the timestamped file name for a topic's export.
func exportName(topic string, now time.Time) string { return kit.ExportName("tail", topic, now) }

// writeExport writes recs as JSON lines, toKcat's shape (see
// kit.WriteExport), and returns the file's path.
func writeExport(dir, name string, recs []kafkaops.Record) (string, error) {
	return kit.WriteExport(dir, name, recs, marshalLine)
}

// marshalLine is a record's export line, without the newline and without
// escaping <, > and & (so values read as they are).
func marshalLine(r *kafkaops.Record) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(toKcat(r)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// exportRecords returns the id of an export of recs and the command,
// addressed through a, that writes them to a timestamped file for topic
// in dir (see writeExport) and answers with a tailExportedMsg. Records
// whose value the ring holds cut are first read whole from svc.
func exportRecords(a *kit.Asker, svc kafkaops.Service, dir, topic string, now time.Time, recs []kafkaops.Record) (uint64, tea.Cmd) {
	name := exportName(topic, now)
	return kit.Ask(a, func(ctx context.Context) (string, error) {
		if err := fetchWhole(ctx, svc, recs); err != nil {
			return "", err
		}
		return writeExport(dir, name, recs)
	}, func(id uint64, path string, err error) tea.Msg {
		return tailExportedMsg{id: id, path: path, n: len(recs), err: err}
	})
}

// fetchWhole replaces every record of recs held cut by the whole record.
func fetchWhole(ctx context.Context, svc kafkaops.Service, recs []kafkaops.Record) error {
	for i := range recs {
		r := &recs[i]
		if !r.Truncated() {
			continue
		}
		whole, err := svc.FetchRecord(ctx, r.Topic, r.Partition, r.Offset)
		if err != nil {
			return fmt.Errorf("read partition %d offset %d whole: %w", r.Partition, r.Offset, err)
		}
		*r = whole
	}
	return nil
}

// status is the status line that says how the export went, for a screen
// width wide: the file's name is never cut (the home directory is
// written ~, a file in the current directory ./NAME, and the words
// before it go first when the line is too long).
func (m tailExportedMsg) status(width int) tea.Cmd {
	if m.err != nil {
		return kit.Status("export: "+m.err.Error(), true)
	}
	path := kit.Sanitize(displayPath(m.path))
	msg := fmt.Sprintf("exported %s to %s", kit.PluralCount(int64(m.n), "record"), path)
	if width > 0 && lipgloss.Width(msg)+2 > width {
		msg = kit.PluralCount(int64(m.n), "record") + " → " + path
	}
	if width > 0 && lipgloss.Width(msg)+2 > width {
		msg = "→ …/" + kit.Sanitize(filepath.Base(m.path))
	}
	return kit.Status(msg, false)
}

// displayPath shortens path for a message: ./NAME in the current
// directory, ~ for the home directory.
func displayPath(path string) string {
	if wd, err := os.Getwd(); err == nil && filepath.Dir(path) == wd {
		return "./" + filepath.Base(path)
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" && home != "/" {
		if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") {
			return "~/" + rel
		}
	}
	return path
}
