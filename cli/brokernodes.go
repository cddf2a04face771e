package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kscope/broker"
)

// announceNodes prints each node of a local cluster and the commands that
// stop and restart one.
func announceNodes(w io.Writer, b *broker.Broker) {
	for _, n := range b.Nodes() {
		fmt.Fprintf(w, "node %d on %s\n", n.ID, n.Addr)
	}
	fmt.Fprintln(w, "type 'stop N' or 'start N' (then Enter) to stop or restart node N, 'nodes' to list them")
}

// serveNodeCommands reads node commands, one a line, until in ends or ctx
// is done, and answers each on w.
func serveNodeCommands(ctx context.Context, in io.Reader, w io.Writer, b *broker.Broker) {
	sc := bufio.NewScanner(in)
	for sc.Scan() && ctx.Err() == nil {
		if msg := runNodeCommand(b, sc.Text()); msg != "" {
			fmt.Fprintln(w, msg)
		}
	}
}

// runNodeCommand runs one "stop N", "start N" or "nodes" line and returns
// what to print.
func runNodeCommand(b *broker.Broker, line string) string {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return ""
	}
	if fields[0] == "nodes" && len(fields) == 1 {
		var out []string
		for _, n := range b.Nodes() {
			state := "running"
			if !n.Running {
				state = "stopped"
			}
			out = append(out, fmt.Sprintf("node %d on %s: %s", n.ID, n.Addr, state))
		}
		return strings.Join(out, "\n")
	}
	if len(fields) != 2 || (fields[0] != "stop" && fields[0] != "start") {
		return "unknown command " + strconv.Quote(line) + ": want 'stop N', 'start N' or 'nodes'"
	}
	id, err := strconv.ParseInt(fields[1], 10, 32)
	if err != nil {
		return "not a node id: " + strconv.Quote(fields[1])
	}
	if fields[0] == "stop" {
		err = b.StopNode(int32(id))
	} else {
		err = b.StartNode(int32(id))
	}
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("node %d %sed", id, map[string]string{"stop": "stopp", "start": "start"}[fields[0]])
}
