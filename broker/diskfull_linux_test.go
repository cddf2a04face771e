package broker

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// mountTmpfs mounts a tmpfs of the given size (e.g. "8m") on a fresh temp
// dir and unmounts it when the test ends. It skips the test when it
// cannot mount (not root), and fails it under CI=true, where it must.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := "cannot mount a tmpfs to fill (needs root): " + strings.TrimSpace(string(out))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true runs as root and must run this test")
		}
		t.Skip(msg + "; skipping")
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fillDisk writes a file until the file system is full, then frees keep
// bytes of it, so that keep bytes (less than the broker's reserve) stay
// free.
func fillDisk(t *testing.T, dir string, keep int64) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	var n int64
	for {
		w, err := f.Write(buf)
		n += int64(w)
		if errors.Is(err, syscall.ENOSPC) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Truncate(max(n-keep, 0)); err != nil {
		t.Fatal(err)
	}
	return path
}

func commitOffset(t *testing.T, cl *kgo.Client, group, topic string, offset int64) int16 {
	t.Helper()
	req := kmsg.NewPtrOffsetCommitRequest()
	req.Group = group
	req.Generation = -1
	rt := kmsg.NewOffsetCommitRequestTopic()
	rt.Topic = topic
	rp := kmsg.NewOffsetCommitRequestTopicPartition()
	rp.Partition = 0
	rp.Offset = offset
	rt.Partitions = append(rt.Partitions, rp)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("offset commit: %v", err)
	}
	return resp.Topics[0].Partitions[0].ErrorCode
}

func tmpFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestDiskFull fills the data dir's file system and checks that writes are
// refused with KAFKA_STORAGE_ERROR instead of acknowledged and lost, that
// the broker says so, that a failed final save is an error without .tmp
// files left behind, and that what was acknowledged survives.
func TestDiskFull(t *testing.T) {
	mnt := mountTmpfs(t, "8m")
	dir := filepath.Join(mnt, "data")
	var log syncBuffer
	b := startTestBroker(t, Options{DataDir: dir, Log: &log})
	if !strings.Contains(log.String(), "free") {
		t.Errorf("no low-space warning at start on an 8 MiB file system: %q", log.String())
	}
	// OffsetCommit v10 names topics by ID; commitOffset names them.
	vs := kversion.Stable()
	vs.SetMaxKeyVersion(int16(kmsg.OffsetCommit), 8)
	cl := newClient(t, b.Addr(), kgo.MaxVersions(vs))
	createTopic(t, cl, "kept", 1, nil)
	produce(t, cl, "kept", 0, "a", "b", "c")
	wantCode(t, "commit before full", commitOffset(t, cl, "g", "kept", 2), 0)

	filler := fillDisk(t, mnt, 64<<10)
	wantCode(t, "create on a full disk", createTopicsRaw(t, cl, newTopic("lost", 1))["lost"], kerr.KafkaStorageError.Code)
	wantCode(t, "commit on a full disk", commitOffset(t, cl, "g", "kept", 3), kerr.KafkaStorageError.Code)
	wantCode(t, "delete on a full disk", deleteTopicsCode(t, cl, "kept"), kerr.KafkaStorageError.Code)
	wantCode(t, "alter configs on a full disk", alterRetention(t, cl, "kept", "1000"), kerr.KafkaStorageError.Code)
	pcl := newClient(t, b.Addr(), kgo.RecordRetries(1), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	err := pcl.ProduceSync(testContext(t, 10*time.Second), &kgo.Record{Topic: "kept", Value: []byte("d")}).FirstErr()
	if !errors.Is(err, kerr.KafkaStorageError) {
		t.Errorf("produce on a full disk: %v, want KAFKA_STORAGE_ERROR", err)
	}
	if out := log.String(); !strings.Contains(out, "refused") || !strings.Contains(out, "KAFKA_STORAGE_ERROR") {
		t.Errorf("the log does not say writes were refused:\n%s", out)
	}

	// Fill the last bytes: the final save cannot be written.
	f2 := fillDisk(t, dir, 0)
	if err := b.Shutdown(); err == nil {
		t.Errorf("Shutdown on a full disk returned no error")
	} else {
		t.Logf("Shutdown on a full disk: %v", err)
	}
	if tmp := tmpFiles(t, dir); len(tmp) > 0 {
		t.Errorf(".tmp files left behind: %v", tmp)
	}

	os.Remove(filler)
	os.Remove(f2)
	b2 := startTestBroker(t, Options{DataDir: dir})
	cl2 := newClient(t, b2.Addr())
	topics := allTopics(t, cl2)
	if _, ok := topics["lost"]; ok {
		t.Errorf("a topic refused on a full disk exists after restart")
	}
	if _, ok := topics["kept"]; !ok {
		t.Fatalf("topic kept is gone after restart: %v", topics)
	}
	if got := consumeAll(t, b2.Addr(), "kept", 3); strings.Join(got[0], "") != "abc" {
		t.Errorf("kept holds %v, want a b c", got)
	}
	if got := committedOffsets(t, cl2, "g"); got["kept/0"] != 2 {
		t.Errorf("committed offsets %v, want kept/0 at 2", got)
	}
}

func alterRetention(t *testing.T, cl *kgo.Client, topic, ms string) int16 {
	t.Helper()
	req := kmsg.NewPtrIncrementalAlterConfigsRequest()
	rr := kmsg.NewIncrementalAlterConfigsRequestResource()
	rr.ResourceType = kmsg.ConfigResourceTypeTopic
	rr.ResourceName = topic
	rc := kmsg.NewIncrementalAlterConfigsRequestResourceConfig()
	rc.Name, rc.Value = "retention.ms", kmsg.StringPtr(ms)
	rr.Configs = append(rr.Configs, rc)
	req.Resources = append(req.Resources, rr)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("alter configs: %v", err)
	}
	return resp.Resources[0].ErrorCode
}
