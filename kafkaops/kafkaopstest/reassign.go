package kafkaopstest

import (
	"context"

	"kscope/kafkaops"
)

// ListReassignments answers that no reassignment is in progress (or the
// fake's Err), so the watch of reassignments opens on any fake; AdminFake
// answers with its InProgress.
func (f *FakeService) ListReassignments(ctx context.Context) ([]kafkaops.ReassignmentStatus, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("ListReassignments")
	return nil, f.Err
}
