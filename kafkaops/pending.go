package kafkaops

import (
	"context"
	"errors"
)

var errTODO = errors.New("not implemented yet")

// ListGroups is not implemented yet.
func (c *Client) ListGroups(ctx context.Context) ([]GroupSummary, error) { return nil, errTODO }

// DescribeGroup is not implemented yet.
func (c *Client) DescribeGroup(ctx context.Context, id string) (Group, error) {
	return Group{}, errTODO
}
