package kafkaops

import (
	"context"
	"errors"
)

var errTODO = errors.New("not implemented yet")

// Tail is not implemented yet.
func (c *Client) Tail(ctx context.Context, r TailRequest) (<-chan TailBatch, error) {
	return nil, errTODO
}

// ListGroups is not implemented yet.
func (c *Client) ListGroups(ctx context.Context) ([]GroupSummary, error) { return nil, errTODO }

// DescribeGroup is not implemented yet.
func (c *Client) DescribeGroup(ctx context.Context, id string) (Group, error) {
	return Group{}, errTODO
}
