package reassign

import (
	"slices"
	"strings"
	"testing"
)

func TestParseReplicas(t *testing.T) {
	brokers := []int32{0, 1, 2}
	for _, tc := range []struct {
		in   string
		want []int32
		err  string
	}{
		{in: "1,2,0", want: []int32{1, 2, 0}},
		{in: " 2 0 ", want: []int32{2, 0}},
		{in: "", err: "at least one broker id (the cluster has 0,1,2)"},
		{in: "1,x", err: `"x" is not a broker id`},
		{in: "1,7", err: "no broker 7"},
		{in: "1,1", err: "broker 1 is named twice"},
	} {
		got, err := parseReplicas(tc.in, brokers)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseReplicas(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("parseReplicas(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseFactor(t *testing.T) {
	if n, err := parseFactor("3", 3); err != nil || n != 3 {
		t.Errorf("parseFactor(3) = %d, %v", n, err)
	}
	for _, in := range []string{"0", "4", "two"} {
		if _, err := parseFactor(in, 3); err == nil {
			t.Errorf("parseFactor(%q) accepted", in)
		}
	}
}

func TestProposeRaisesFactorEvenly(t *testing.T) {
	cur := [][]int32{{0}, {1}, {2}, {0}, {1}, {2}}
	got := propose(cur, []int32{0, 1, 2}, 2)
	load := map[int32]int{}
	for p, reps := range got {
		if len(reps) != 2 || reps[0] != cur[p][0] {
			t.Errorf("partition %d: %v, want 2 replicas led by %d", p, reps, cur[p][0])
		}
		if reps[0] == reps[1] {
			t.Errorf("partition %d: duplicate replica %v", p, reps)
		}
		for _, id := range reps {
			load[id]++
		}
	}
	for id, n := range load {
		if n != 4 {
			t.Errorf("broker %d holds %d replicas, want 4 each: %v", id, n, got)
		}
	}
}

func TestProposeLowersFactorKeepingLeader(t *testing.T) {
	got := propose([][]int32{{2, 0, 1}, {1, 2, 0}}, []int32{0, 1, 2}, 1)
	if !slices.Equal(got[0], []int32{2}) || !slices.Equal(got[1], []int32{1}) {
		t.Errorf("propose = %v, want [[2] [1]]", got)
	}
}
