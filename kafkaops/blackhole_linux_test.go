//go:build linux

package kafkaops_test

import (
	"testing"

	"kscope/internal/testnet"
)

// blackHole is testnet.BlackHole: a loopback address where dials hang.
func blackHole(t testing.TB) string { return testnet.BlackHole(t) }
