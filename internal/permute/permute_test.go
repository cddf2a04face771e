package permute

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestApplyMatchesACopy applies random permutations, fixed points and
// long cycles included, and compares with building the result by copy.
func TestApplyMatchesACopy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		for range 20 {
			s := make([]string, n)
			for i := range s {
				s[i] = string(rune('a' + i%26))
				s[i] += string(rune('A' + i/26))
			}
			order := make([]int32, n)
			for i := range order {
				order[i] = int32(i)
			}
			if n > 0 && rng.IntN(3) > 0 {
				rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
			}
			want := make([]string, n)
			for i, o := range order {
				want[i] = s[o]
			}
			Apply(s, slices.Clone(order))
			if !slices.Equal(s, want) {
				t.Fatalf("n=%d order %v: got %v, want %v", n, order, s, want)
			}
		}
	}
}
