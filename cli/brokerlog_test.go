package cli

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestSlogLinesLogsEachCompleteLine(t *testing.T) {
	var out bytes.Buffer
	w := &slogLines{log: slog.New(slog.NewTextHandler(&out, nil))}
	w.Write([]byte("first line\nsecond "))
	w.Write([]byte("line\nunfinished"))
	got := out.String()
	if strings.Count(got, "bundled broker") != 2 || !strings.Contains(got, `line="first line"`) || !strings.Contains(got, `line="second line"`) {
		t.Errorf("log:\n%s", got)
	}
	if strings.Contains(got, "unfinished") {
		t.Errorf("an unfinished line was logged:\n%s", got)
	}
}
