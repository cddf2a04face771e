package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBadFlagValuesAreRefusedWithTheRange(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv(brokersEnv, "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--brokers="}, "--brokers is empty"},
		{[]string{"--brokers", " , "}, "--brokers is empty"},
		{[]string{"--brokers", "h:0"}, "port from 1 to 65535"},
		{[]string{"--brokers", "h:99999"}, "port from 1 to 65535"},
		{[]string{"--brokers", ":9092"}, "want host:port"},
		{[]string{"--refresh", "10ms"}, "--refresh must be 0 (off) or from 1s to 24h0m0s, got 10ms"},
		{[]string{"--refresh", "48h"}, "from 1s to 24h0m0s"},
		{[]string{"--tail-buffer", "0"}, "--tail-buffer must be from 1 to 1000000 records, got 0"},
		{[]string{"--tail-buffer", "-1"}, "--tail-buffer must be from 1 to 1000000 records, got -1"},
		{[]string{"--tail-buffer", "1000001"}, "from 1 to 1000000"},
		{[]string{"tail", "t", "--tail-buffer", "0"}, "--tail-buffer must be from 1"},
		{[]string{"broker", "--max-partitions", "0"}, "--max-partitions must be at least 1"},
		{[]string{"broker", "--partitions", "20", "--max-partitions", "10"}, "--partitions must be from 1 to --max-partitions (10)"},
		{[]string{"broker", "--log-level", "loud"}, "want error, warn, info or debug"},
	} {
		root := NewRootCommand()
		root.SetArgs(tc.args)
		root.SetOut(&strings.Builder{})
		root.SetErr(&strings.Builder{})
		err := root.Execute()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestUnusableContextsFileIsAnError checks that a contexts file that
// exists but cannot be read stops kscope, also when --brokers makes the
// file unnecessary: it was silently skipped.
func TestUnusableContextsFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	asDir := filepath.Join(dir, "isdir.yaml")
	if err := os.Mkdir(asDir, 0o700); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop.yaml")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.yaml")
	if err := os.Symlink(filepath.Join(dir, "nothing"), dangling); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{asDir: "is a directory", loop: "cannot be read", dangling: "link to a missing file"}
	if os.Geteuid() != 0 { // root reads any file
		unreadable := writeFile(t, dir, "unreadable.yaml", "contexts: []\n", 0o000)
		cases[unreadable] = "permission denied"
	}
	for path, want := range cases {
		for _, fs := range []flagSettings{{contextPath: path}, {contextPath: path, brokers: []string{"h:9092"}}} {
			_, err := resolveTarget(fs, func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s (brokers %v): err = %v, want %q", filepath.Base(path), fs.brokers, err, want)
			}
		}
	}
	// A missing file is fine.
	if _, err := resolveTarget(flagSettings{contextPath: filepath.Join(dir, "none.yaml")}, func(string) string { return "" }); err != nil {
		t.Errorf("missing contexts file: %v", err)
	}
}
