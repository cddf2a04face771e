package kit

import "sort"

// rowSorter sorts rows in place through pointers into the slice: a
// comparison on copies (slices.SortFunc's func(a, b R)) that takes their
// addresses moves both to the heap, two allocations per comparison, which
// at 100,000 rows is most of a sort's time.
type rowSorter[R any] struct {
	rows []R
	cmp  func(a, b *R) int
}

func (s rowSorter[R]) Len() int           { return len(s.rows) }
func (s rowSorter[R]) Less(i, j int) bool { return s.cmp(&s.rows[i], &s.rows[j]) < 0 }
func (s rowSorter[R]) Swap(i, j int)      { s.rows[i], s.rows[j] = s.rows[j], s.rows[i] }

// sortRowsBy sorts rows by cmp, stably for equal keys only as far as cmp
// breaks ties (sortRows breaks them by name).
// Rows already in order (a listing the service sorted by name, shown by
// name) cost one pass, not a sort.
func sortRowsBy[R any](rows []R, cmp func(a, b *R) int) {
	sorted := true
	for i := 1; i < len(rows) && sorted; i++ {
		sorted = cmp(&rows[i-1], &rows[i]) <= 0
	}
	if sorted {
		return
	}
	sort.Sort(rowSorter[R]{rows: rows, cmp: cmp})
}
