// Package permute reorders a slice in place by a permutation, moving each
// element once: what a sort of keys leaves to do when the elements are
// large (a topic, a record) and a sort of them would move each many times.
package permute

// Apply puts s[order[i]] at i for every i, following the cycles of order
// in place; order is spent (every entry is set to -1).
func Apply[T any](s []T, order []int32) {
	for i := range order {
		if int(order[i]) == i || order[i] < 0 {
			order[i] = -1
			continue
		}
		held := s[i]
		j := i
		for {
			k := int(order[j])
			order[j] = -1 // placed
			if k == i {
				s[j] = held
				break
			}
			s[j] = s[k]
			j = k
		}
	}
}
