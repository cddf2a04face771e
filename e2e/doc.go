// Package e2e drives the real kscope binary in tmux against a kscope
// broker process, the way a user would: it types keys with send-keys and
// reads the screen with capture-pane. It holds tests only.
//
// Run it with `go test ./e2e`. It needs tmux; without it the tests skip,
// except under CI=true where a missing tmux is a failure.
package e2e
