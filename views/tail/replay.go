package tail

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// replay opens the produce form filled with the record's key, value and
// headers (the root refuses it on a read-only context). A record held
// cut (its whole value could not be read) is not replayed: the form
// would send the first bytes only.
func (d *TailRecord) replay() tea.Cmd {
	if d.rec.Truncated() {
		return kit.Status("replay needs the whole record: only the first "+
			kit.PluralCount(int64(len(d.rec.Value)), "byte")+" of its value could be read", true)
	}
	return replayRecord(d.rec)
}

// replayRecord opens the replay of rec: its own bytes, not its schema
// decoding. The tail's ring may hold a value cut: the tail then says to
// open the record first (enter reads it whole).
func replayRecord(rec kafkaops.Record) tea.Cmd {
	if rec.Truncated() {
		return kit.Status("replay: the tail holds the first "+kit.PluralCount(int64(len(rec.Value)), "byte")+
			" of this value; press enter, then R, to replay it whole", false)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteReplay, Prefill: &kafkaops.Record{
		Topic: rec.Topic, Partition: rec.Partition, Offset: rec.Offset, Timestamp: rec.Timestamp,
		Key: rec.Key, Value: rec.Value, Headers: rec.Headers,
	}})
}

// copyAll opens the copy of the filter's matches to another topic: the
// whole topic from where the tail started (from the beginning when it
// started at the end, which holds nothing yet), not only the ring. The
// copy screen shows the window and the query before it copies.
func (t *Tail) copyAll() tea.Cmd {
	words := []string{}
	from := t.stream.from
	if from.Start != kafkaops.StartEnd {
		w, _, _ := strings.Cut(from.Words(), " ")
		words = append(words, "from:"+w)
	}
	if from.Partition >= 0 {
		words = append(words, "p:"+strconv.Itoa(from.Partition))
	}
	if t.list.filter != nil {
		words = append(words, t.list.filter.Text())
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteCopy, Topic: t.opts.Topic, Args: strings.Join(words, " ")})
}
