package interop

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mountTmpfs mounts a small tmpfs on a temp dir for the test; it skips
// when it cannot (not root) and fails under CI=true, which runs as root.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		requireTool(t, "mount -t tmpfs", false, "mounting needs root: "+strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file in dir until the disk is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// TestBrokerOnAFullDisk runs `kscope broker` on a small tmpfs, fills it,
// and checks that kcat's produce is refused (not acknowledged and lost),
// that stderr says why, and that SIGTERM then exits non-zero without
// leaving .tmp files.
func TestBrokerOnAFullDisk(t *testing.T) {
	requireKcat(t)
	mnt := mountTmpfs(t, "8m")
	data := filepath.Join(mnt, "data")
	b := startBroker(t, data)
	run(t, 20*time.Second, "before\n", "kcat", "-P", "-b", b.Addr, "-t", "t")
	fill(t, mnt)

	out := runAllowFail(t, 30*time.Second, "after\n", "kcat", "-P", "-b", b.Addr, "-t", "t", "-X", "message.timeout.ms=3000")
	if !strings.Contains(out, "Delivery failed") {
		t.Errorf("kcat produce on a full disk: %q, want a failed delivery", out)
	}
	b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-b.done:
	case <-time.After(15 * time.Second):
		t.Fatal("kscope broker did not exit within 15s of SIGTERM")
	}
	if b.err == nil {
		t.Errorf("kscope broker exited 0 although it could not save its data")
	}
	logged := b.output.String()
	for _, want := range []string{"refused records", "KAFKA_STORAGE_ERROR", "could not save all its data"} {
		if !strings.Contains(logged, want) {
			t.Errorf("stderr does not say %q:\n%s", want, logged)
		}
	}
	filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf(".tmp file left behind: %s", p)
		}
		return nil
	})
}
