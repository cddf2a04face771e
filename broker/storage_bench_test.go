package broker

import (
	"path/filepath"
	"testing"
)

// BenchmarkStorageCheck measures the free-space check the broker makes
// before every write request.
func BenchmarkStorageCheck(b *testing.B) {
	dir := b.TempDir()
	s := &storage{dir: dir, log: newLogger(nil, 0)}
	b.Run("produce", func(b *testing.B) {
		for b.Loop() {
			s.short(100, false)
		}
	})
	b.Run("meta", func(b *testing.B) {
		for b.Loop() {
			s.short(0, true)
		}
	})
	b.Run("statfs", func(b *testing.B) {
		for b.Loop() {
			freeBytes(dir)
		}
	})
	b.Run("stat", func(b *testing.B) {
		for b.Loop() {
			fileSize(filepath.Join(dir, "topics.json"))
		}
	})
}
