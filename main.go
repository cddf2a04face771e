// Command kscope is a terminal UI explorer for Apache Kafka with a bundled
// single-node broker.
package main

import (
	"os"

	"kscope/cli"
)

func main() {
	os.Exit(cli.Execute())
}
