package search

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// exportedMsg says where an export went, or why it failed.
type exportedMsg struct {
	id   uint64
	path string
	n    int
	err  error
}

// exportName is the timestamped file name of a topic's search export.
func exportName(topic string, now time.Time) string { return kit.ExportName("search", topic, now) }

// export writes the matches found so far as JSON lines (the kcat -J shape
// kscope consume and produce share) off the UI goroutine.
func (s *Search) export() tea.Cmd {
	if len(s.matches) == 0 {
		return kit.Status("search: no matches to export", true)
	}
	recs := s.matches[:len(s.matches):len(s.matches)]
	dir, name := s.dir, exportName(s.topic, time.Now())
	s.exportID = kit.NextID()
	id := s.exportID
	return s.Send(func() tea.Msg {
		path, err := writeExport(dir, name, recs)
		return exportedMsg{id: id, path: path, n: len(recs), err: err}
	})
}

// exported reports an export's outcome in the status line.
func (s *Search) exported(msg exportedMsg) tea.Cmd {
	if msg.id != s.exportID {
		return nil
	}
	if msg.err != nil {
		return kit.Status("search: could not export: "+msg.err.Error(), true)
	}
	return kit.Status(fmt.Sprintf("exported %s to %s", matchCount(int64(msg.n)), kit.Sanitize(msg.path)), false)
}

// writeExport writes recs as JSON lines (see kit.WriteExport) and
// returns the file's path.
func writeExport(dir, name string, recs []kafkaops.Record) (string, error) {
	return kit.WriteExport(dir, name, recs, kafkaops.MarshalKcat)
}
