package broker

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"
)

// syncBuffer is a bytes.Buffer safe for the broker's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func assertNoEscapes(t *testing.T, what, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("%s holds control byte %#x: %q", what, c, s)
		}
	}
	if strings.Contains(s, "\u202e") {
		t.Fatalf("%s holds a raw bidi override: %q", what, s)
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain-topic":           "plain-topic",
		"a\x1b]0;x\x07b":        `a\x1b]0;x\ab`,
		"a\nb\rc\td":            `a\nb\rc\td`,
		"bad\xffutf8":           `bad\xffutf8`,
		"bidi\u202eoverride":    `bidi\u202eoverride`,
		"soft\u00adhyphen":      `soft\u00adhyphen`,
		"hangul\u3164filler":    `hangul\u3164filler`,
		`back\slash`:            `back\slash`,
		"café ünïcode":          "café ünïcode",
		"zero\u200bwidth":       `zero\u200bwidth`,
		"c1\u009bcontrol":       `c1\u009bcontrol`,
		"line\u2028separator":   `line\u2028separator`,
		"nbsp\u00a0space":       `nbsp\u00a0space`,
		"tag\U000E0041char":     `tag\U000e0041char`,
		"mongolian\u180esep":    `mongolian\u180esep`,
		"interlinear\ufff9anch": `interlinear\ufff9anch`,
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRefusalsAreLoggedSanitized sends a topic name with escape sequences
// and checks that the refusal reaches the log, escaped.
func TestRefusalsAreLoggedSanitized(t *testing.T) {
	var log syncBuffer
	b := startTestBroker(t, Options{InMemory: true, Log: &log})
	cl := newClient(t, b.Addr())
	evil := "x\x1b]0;pwned\x07\x1b[2J\u202ey"
	createTopicsRaw(t, cl, newTopic(evil, 1))
	createTopicsRaw(t, cl, newTopic("ok", 1, "foo.bar\x1b[31m", "1"))
	out := log.String()
	if !strings.Contains(out, "refused to create topic") || !strings.Contains(out, `\x1b]0;pwned`) || !strings.Contains(out, `foo.bar\x1b[31m`) {
		t.Errorf("log does not tell both refusals, escaped:\n%s", out)
	}
	assertNoEscapes(t, "the log", out)
}

func TestLogLevelFilters(t *testing.T) {
	var log syncBuffer
	b := startTestBroker(t, Options{InMemory: true, Log: &log, LogLevel: LogError})
	createTopicsRaw(t, newClient(t, b.Addr()), newTopic("a b", 1))
	if out := log.String(); out != "" {
		t.Errorf("at level error, a refused request (a warning) was logged: %q", out)
	}
	for _, s := range []string{"error", "WARN", "info", "debug"} {
		if _, err := ParseLogLevel(s); err != nil {
			t.Errorf("ParseLogLevel(%q): %v", s, err)
		}
	}
	if _, err := ParseLogLevel("loud\x1b"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("ParseLogLevel(loud+ESC) = %v, want an escaped error", err)
	}
}

// TestStartErrorIsSanitized loads a data dir that holds a topic name an
// older kscope accepted (too long, with escape sequences) and checks that
// the start-up error names it without letting the escapes through.
func TestStartErrorIsSanitized(t *testing.T) {
	dir := t.TempDir()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	evil := "\x1b]0;pwned\x07\x1b[2J" + strings.Repeat("a", 260)
	if err := c.CreateTopic(evil, 1, nil); err != nil {
		t.Fatal(err)
	}
	c.Close()
	b, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err == nil {
		b.Close()
		t.Skip("this kfake loads a data dir with a 260-byte topic name; nothing to check")
	}
	assertNoEscapes(t, "the start-up error", err.Error())
	assertOneLine(t, err.Error())
}
