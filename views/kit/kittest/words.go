package kittest

import "strings"

// WordsIn reports whether view holds the words of text in order, with
// nothing but spaces and line ends between them: a message wrapped over
// several lines, whole to its last word.
func WordsIn(view, text string) bool {
	return strings.Contains(strings.Join(strings.Fields(view), " "), strings.Join(strings.Fields(text), " "))
}
