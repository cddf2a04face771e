package tail

import (
	"testing"

	"kscope/kafkaops"
)

func recsFrom(first, n int) []kafkaops.Record {
	rs := make([]kafkaops.Record, n)
	for i := range rs {
		rs[i] = kafkaops.Record{Offset: int64(first + i)}
	}
	return rs
}

// offsets lists the buffer's offsets oldest first.
func offsets(b *TailBuffer) []int64 {
	var out []int64
	for i := range b.Len() {
		out = append(out, b.At(i).Offset)
	}
	return out
}

func TestTailBufferKeepsTheNewest(t *testing.T) {
	tests := []struct {
		name     string
		capacity int
		pushes   []int // batch sizes
		wantLen  int
		first    int64 // oldest offset held
		dropped  uint64
	}{
		{"empty", 3, nil, 0, 0, 0},
		{"under capacity", 5, []int{2, 2}, 4, 0, 0},
		{"exactly full", 4, []int{2, 2}, 4, 0, 0},
		{"wraps", 4, []int{3, 3}, 4, 2, 2},
		{"wraps many times", 3, []int{2, 2, 2, 2, 2}, 3, 7, 7},
		{"batch larger than capacity", 3, []int{1, 10}, 3, 8, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewTailBuffer(tt.capacity)
			next := 0
			for _, n := range tt.pushes {
				b.Push(recsFrom(next, n))
				next += n
			}
			if b.Len() != tt.wantLen || b.Received() != uint64(next) || b.Dropped() != tt.dropped {
				t.Fatalf("len %d received %d dropped %d, want %d %d %d", b.Len(), b.Received(), b.Dropped(), tt.wantLen, next, tt.dropped)
			}
			for i, off := range offsets(b) {
				if off != tt.first+int64(i) {
					t.Fatalf("offsets %v, want from %d up by one", offsets(b), tt.first)
				}
			}
		})
	}
}

func TestTailBufferDefaultsClearAndBounds(t *testing.T) {
	b := NewTailBuffer(0)
	if b.Cap() != DefaultTailBuffer {
		t.Errorf("cap %d, want %d", b.Cap(), DefaultTailBuffer)
	}
	b = NewTailBuffer(2)
	b.Push(recsFrom(0, 3))
	b.Clear()
	if b.Len() != 0 || b.Received() != 3 || b.Dropped() != 1 {
		t.Errorf("after clear: len %d received %d dropped %d", b.Len(), b.Received(), b.Dropped())
	}
	b.Push(recsFrom(3, 1))
	if got := offsets(b); len(got) != 1 || got[0] != 3 {
		t.Errorf("after clear and push: %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("At(Len()) did not panic")
		}
	}()
	b.At(1)
}

func TestTailBufferPushDoesNotAllocate(t *testing.T) {
	b := NewTailBuffer(DefaultTailBuffer)
	batch := recsFrom(0, kafkaops.TailBatchMax)
	if n := testing.AllocsPerRun(100, func() { b.Push(batch) }); n != 0 {
		t.Errorf("Push allocates %v times a batch, want 0", n)
	}
}

func BenchmarkTailBufferPush(b *testing.B) {
	buf := NewTailBuffer(DefaultTailBuffer)
	batch := recsFrom(0, kafkaops.TailBatchMax)
	b.ReportAllocs()
	for b.Loop() {
		buf.Push(batch)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/record")
}
