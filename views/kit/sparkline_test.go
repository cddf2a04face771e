package kit

import "testing"

func TestSparkline(t *testing.T) {
	cases := []struct {
		samples []int64
		width   int
		want    string
	}{
		{nil, 10, ""},
		{[]int64{5}, 0, ""},
		{[]int64{0, 0, 0}, 10, "▁▁▁"},
		{[]int64{0, 7, 14}, 10, "▁▅█"},
		{[]int64{100, 1, 0}, 10, "█▂▁"},    // 1 of 100 is still lag
		{[]int64{8, 6, 4, 2, 0}, 3, "█▅▁"}, // scaled to what is shown
		{[]int64{3, -1, 3}, 5, "█ █"},
		{[]int64{1000, 1001, 1002}, 10, "▂▅█"}, // scaled to min..max
		{[]int64{0, 1000, 1001}, 10, "▁██"},
	}
	for _, c := range cases {
		if got := Sparkline(c.samples, c.width); got != c.want {
			t.Errorf("Sparkline(%v, %d) = %q, want %q", c.samples, c.width, got, c.want)
		}
	}
}

func TestLagHistoryBounded(t *testing.T) {
	h := LagHistory{Limit: 3}
	for i := range int64(5) {
		h.Add(i)
	}
	if len(h.Samples) != 3 || h.Samples[0] != 2 || h.Samples[2] != 4 {
		t.Errorf("samples = %v, want the last 3", h.Samples)
	}
}
