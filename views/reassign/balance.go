package reassign

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// parseReplicas reads a replica list typed as broker ids ("1,2,0" or
// "1 2 0") and checks it against the cluster's brokers: every id known,
// none twice, at least one.
func parseReplicas(text string, brokers []int32) ([]int32, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' })
	if len(fields) == 0 {
		return nil, fmt.Errorf("type at least one broker id (the cluster has %s)", joinIDs(brokers))
	}
	out := make([]int32, 0, len(fields))
	for _, f := range fields {
		n, err := strconv.ParseInt(f, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%q is not a broker id", f)
		}
		id := int32(n)
		if !slices.Contains(brokers, id) {
			return nil, fmt.Errorf("the cluster has no broker %d (it has %s)", id, joinIDs(brokers))
		}
		if slices.Contains(out, id) {
			return nil, fmt.Errorf("broker %d is named twice", id)
		}
		out = append(out, id)
	}
	return out, nil
}

// parseFactor reads a replication factor between 1 and the broker count.
func parseFactor(text string, brokers int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("the replication factor is a whole number from 1 to %d", brokers)
	}
	if n > brokers {
		return 0, fmt.Errorf("the replication factor cannot pass the broker count (%d)", brokers)
	}
	return n, nil
}

// propose returns a replica list of rf brokers for every partition that
// moves as little as it can and spreads replicas evenly: each partition
// keeps its current replicas in order (its leader first) up to rf, then
// gets the brokers holding the fewest replicas so far, lowest id first.
// Lowering rf drops the replicas at the end of each list.
func propose(current [][]int32, brokers []int32, rf int) [][]int32 {
	load := map[int32]int{}
	out := make([][]int32, len(current))
	for p, reps := range current {
		var keep []int32
		for _, id := range reps {
			if len(keep) < rf && slices.Contains(brokers, id) {
				keep = append(keep, id)
			}
		}
		out[p] = keep
		for _, id := range keep {
			load[id]++
		}
	}
	for p := range out {
		for len(out[p]) < rf {
			best := int32(-1)
			for _, id := range brokers {
				if slices.Contains(out[p], id) {
					continue
				}
				if best < 0 || load[id] < load[best] {
					best = id
				}
			}
			if best < 0 {
				break
			}
			out[p] = append(out[p], best)
			load[best]++
		}
	}
	return out
}

// joinIDs writes broker ids as "1,2,0"; "-" for none.
func joinIDs(ids []int32) string {
	if len(ids) == 0 {
		return "-"
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(int(id))
	}
	return strings.Join(s, ",")
}
