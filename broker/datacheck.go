package broker

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// checker is the start-up check of a data dir: it runs before kfake loads
// the dir, because kfake's loader destroys what it cannot read (it
// truncates a segment at its first bad batch, starts an empty cluster
// when meta.json is missing, and drops topics missing from topics.json)
// and says nothing about it.
type checker struct {
	dir        string
	out        io.Writer
	quarantine *quarantine

	folders []partFolder // partition folders with at least one segment file
	strays  []string     // folders under partitions/ kfake cannot name
	meta    metadata
	said    []string // the report so far, kept next to the quarantined files
}

// checkDataDir checks the data dir before kfake loads it. Damaged
// segments are copied whole into the quarantine folder and rewritten with
// every intact batch, and each loss is reported on out. Missing or
// damaged metadata next to data makes it refuse, unless recoverMeta is set:
// then it rebuilds what it can from the partition folders and reports
// what it could not. It returns the number of topics the metadata names.
func checkDataDir(dir string, recoverMeta bool, out io.Writer) (int, error) {
	c := &checker{dir: dir, out: out, quarantine: newQuarantine(dir, time.Now())}
	err := c.run(recoverMeta)
	if c.quarantine.made {
		// The report goes with the files it is about, also when the
		// terminal that showed it is gone.
		if werr := writeFileAtomic(filepath.Join(c.quarantine.root, "report.txt"), []byte(strings.Join(c.said, "\n")+"\n")); werr != nil && err == nil {
			err = fmt.Errorf("data dir %s: cannot write the check's report: %v", dir, rootCause(werr))
		}
	}
	return len(c.meta.partitions), err
}

// run checks the metadata files (refusing, or recovering them), then
// every partition folder's segments.
func (c *checker) run(recoverMeta bool) error {
	dir := c.dir
	if err := c.listFolders(); err != nil {
		return err
	}
	if err := c.readMetadata(); err != nil {
		return err
	}
	problems := c.metadataProblems()
	if len(problems) > 0 {
		if !recoverMeta {
			return c.refusal(problems)
		}
		if err := c.recoverMetadata(); err != nil {
			return fmt.Errorf("cannot recover data dir %s: %v", dir, err)
		}
	} else if recoverMeta {
		c.say("--recover: the metadata files match the partition folders; nothing to rebuild")
	}
	for _, s := range c.strays {
		c.say("partitions/%s is not named <topic>-<partition>; the broker does not load it (left as it is)", escapeForTerminal(s))
	}
	checks, err := c.scanPartitions()
	if err != nil {
		return fmt.Errorf("data dir %s: %v", dir, err)
	}
	for _, pc := range checks {
		if err := pc.fix(); err != nil {
			return fmt.Errorf("data dir %s: %v", dir, err)
		}
	}
	return nil
}

// scanPartitions scans every partition folder, one worker per CPU, and
// returns their checks in folder order.
func (c *checker) scanPartitions() ([]*partitionCheck, error) {
	checks := make([]*partitionCheck, len(c.folders))
	errs := make([]error, len(c.folders))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(c.folders)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for i := range next {
				checks[i], errs[i] = c.scanPartition(c.folders[i], &buf)
			}
		}()
	}
	for i := range c.folders {
		next <- i
	}
	close(next)
	wg.Wait()
	return checks, errors.Join(errs...)
}

// say writes one line of the check's report.
func (c *checker) say(format string, args ...any) {
	line := fmt.Sprintf("kscope broker: data dir check: "+format, args...)
	c.said = append(c.said, line)
	fmt.Fprintln(c.out, line)
}

// listFolders finds the partition folders that hold segment files.
func (c *checker) listFolders() error {
	entries, err := os.ReadDir(filepath.Join(c.dir, "partitions"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("data dir %s: cannot read its partitions folder: %v", c.dir, rootCause(err))
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		pf, ok := parsePartFolder(e.Name())
		if !ok {
			c.strays = append(c.strays, e.Name())
			continue
		}
		bases, err := segmentBases(filepath.Join(c.dir, "partitions", e.Name()))
		if err != nil {
			return fmt.Errorf("data dir %s: cannot read partitions/%s: %v", c.dir, escapeForTerminal(e.Name()), rootCause(err))
		}
		if len(bases) > 0 {
			c.folders = append(c.folders, pf)
		}
	}
	return nil
}

// folderTopics returns, per topic that has partition folders, one more
// than its highest partition number.
func (c *checker) folderTopics() map[string]int {
	m := map[string]int{}
	for _, pf := range c.folders {
		m[pf.topic] = max(m[pf.topic], int(pf.part)+1)
	}
	return m
}

// orphans returns the partition folders topics.json does not account for,
// as "topic" -> partitions the folders show, sorted by topic.
func (c *checker) orphans() []string {
	var out []string
	for topic, n := range c.folderTopics() {
		if known, ok := c.meta.partitions[topic]; !ok || known < n {
			out = append(out, topic)
		}
	}
	slices.Sort(out)
	return out
}

// refusal is the one-line error that stops the start: what is missing or
// damaged, what starting anyway would lose, and how to recover.
func (c *checker) refusal(problems []string) error {
	return fmt.Errorf("cannot load data dir %s: %s. Nothing was changed. To start, run `kscope broker --recover --data-dir %s`: it copies the damaged files to %s/, rebuilds what the partition folders show and says what it cannot; or move the data dir away to start empty",
		c.dir, strings.Join(problems, "; "), c.dir, filepath.Join(c.dir, QuarantineDir))
}

// quotedTopics lists topic names for a message, made safe for a terminal,
// at most five of them.
func quotedTopics(topics []string) string {
	var parts []string
	for i, t := range topics {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(topics)-5))
			break
		}
		parts = append(parts, quoteName(t))
	}
	return strings.Join(parts, ", ")
}

// readJSONDoc reads a JSON file: found is false when it does not exist,
// damage says why it cannot be parsed.
func readJSONDoc(path string, v any) (found bool, damage string, err error) {
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return false, "", nil
	}
	if err != nil {
		return true, "", fmt.Errorf("cannot read %s: %v", path, rootCause(err))
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Sprintf("not valid JSON: %v", err), nil
	}
	return true, "", nil
}

func checkReport(o Options) io.Writer {
	if o.CheckReport != nil {
		return o.CheckReport
	}
	return os.Stderr
}
