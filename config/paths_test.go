package config

import (
	"path/filepath"
	"testing"
)

func TestDirsFollowXDG(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, tc := range []struct {
		name string
		env  string
		fn   func() (string, error)
		def  string
	}{
		{"data", "XDG_DATA_HOME", DataDir, filepath.Join(home, ".local", "share", "kscope")},
		{"config", "XDG_CONFIG_HOME", ConfigDir, filepath.Join(home, ".config", "kscope")},
		{"state", "XDG_STATE_HOME", StateDir, filepath.Join(home, ".local", "state", "kscope")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.env, "")
			if got, err := tc.fn(); err != nil || got != tc.def {
				t.Errorf("unset: got %q, %v; want %q", got, err, tc.def)
			}
			t.Setenv(tc.env, "/xdg/base")
			if got, _ := tc.fn(); got != filepath.Join("/xdg/base", "kscope") {
				t.Errorf("set: got %q", got)
			}
			// A relative path is invalid per the XDG spec and is ignored.
			t.Setenv(tc.env, "relative/dir")
			if got, _ := tc.fn(); got != tc.def {
				t.Errorf("relative: got %q, want %q", got, tc.def)
			}
		})
	}
}

func TestBrokerDataDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	got, err := BrokerDataDir()
	if err != nil || got != filepath.Join("/data", "kscope", "broker") {
		t.Fatalf("got %q, %v", got, err)
	}
}
