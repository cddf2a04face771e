package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/broker"
	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/admin"
	"kscope/views/kit"
)

// driveSync feeds msg to s and runs every command it returns to the end,
// without a time limit (a real broker answers in milliseconds, not at
// once), expanding batches and sequences; it returns the root's messages.
func driveSync(s kit.Screen, msg tea.Msg) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		switch m.(type) {
		case nil:
			continue
		case kit.PopMsg, kit.StatusMsg, kit.TopicsChangedMsg, kit.NavigateMsg:
			out = append(out, m)
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		queue = append(queue, runAll(cmd)...)
	}
	return s, out
}

// runAll runs cmd and whatever batch or sequence it returns.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if a, ok := msg.(kit.AddressedMsg); ok {
		msg = a.Msg
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runAll(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, runAll(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// pressSync types keys into s with driveSync.
func pressSync(s kit.Screen, keys ...any) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		var ms []tea.Msg
		switch k := k.(type) {
		case string:
			if k == "enter" {
				ms = append(ms, keyMsg(k))
				break
			}
			for _, r := range k {
				ms = append(ms, tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		case tea.Msg:
			ms = append(ms, k)
		}
		for _, m := range ms {
			var o []tea.Msg
			s, o = driveSync(s, m)
			out = append(out, o...)
		}
	}
	return s, out
}

// TestAdminScreensAgainstBundledBroker: the config edit sets
// retention.ms to 1d on the bundled broker (read back with TopicConfigs),
// an invalid value is refused by the broker's dry run with its words, and
// the purge of partition 0 moves its log start to its high watermark
// (read back with DescribeTopic) while partition 1 keeps its records.
func TestAdminScreensAgainstBundledBroker(t *testing.T) {
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	defer b.Close()
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr()}, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if _, err := c.Produce(ctx, kafkaops.ProduceRequest{Topic: "bankbranch", Partition: i % 2, Value: []byte("v")}); err != nil {
			t.Fatal(err)
		}
	}
	st := theme.New(true, true)

	e := admin.NewEditConfig(c, st, "bankbranch", "retention.ms")
	e.SetSize(100, 30)
	e, _ = driveSync(e, runAll(e.Init())[0])
	e, _ = pressSync(e, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, "1d", "enter")
	if v := ansi.Strip(e.View()); !strings.Contains(v, "→ 86400000 (1d)") {
		t.Fatalf("no diff after the dry run:\n%s", v)
	}
	cs, err := c.TopicConfigs(ctx, "bankbranch")
	if err != nil {
		t.Fatal(err)
	}
	if v := configValue(cs, "retention.ms"); v == "86400000" {
		t.Fatal("the dry run changed retention.ms")
	}
	_, msgs := pressSync(e, "y")
	if !hasPop(msgs) {
		t.Fatalf("y did not close the edit: %v", msgs)
	}
	cs, err = c.TopicConfigs(ctx, "bankbranch")
	if err != nil {
		t.Fatal(err)
	}
	if v := configValue(cs, "retention.ms"); v != "86400000" {
		t.Fatalf("retention.ms on the broker = %q, want 86400000", v)
	}

	// A change the broker refuses (the topic is not there) is reported
	// with Kafka's words.
	bad := admin.NewEditConfig(c, st, "no-such-topic", "retention.ms")
	bad.SetSize(100, 30)
	bad, _ = pressSync(bad, "2d", "enter")
	if v := ansi.Strip(bad.View()); !strings.Contains(v, "Kafka refused the change") {
		t.Errorf("a change to a missing topic was not refused in words:\n%s", v)
	}

	p := admin.NewPurge(c, st, "bankbranch")
	p.SetSize(100, 30)
	p, _ = pressSync(p, "0", "enter")
	if v := ansi.Strip(p.View()); !strings.Contains(v, "5 records in all") {
		t.Fatalf("plan of partition 0:\n%s", v)
	}
	p, _ = pressSync(p, "bankbranch", "enter")
	if v := ansi.Strip(p.View()); !strings.Contains(v, "partition 0 now starts at offset 5") {
		t.Fatalf("purge result:\n%s", v)
	}
	d, err := c.DescribeTopic(ctx, "bankbranch")
	if err != nil {
		t.Fatal(err)
	}
	for _, pp := range d.PartitionList {
		want := map[int]int64{0: 5, 1: 0}[pp.ID]
		if pp.Low != want {
			t.Errorf("partition %d starts at %d after the purge, want %d", pp.ID, pp.Low, want)
		}
	}
}

// configValue is the value of the config named name in cs.
func configValue(cs []kafkaops.ConfigEntry, name string) string {
	for _, e := range cs {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// hasPop reports whether msgs ask the root to close the screen.
func hasPop(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(kit.PopMsg); ok {
			return true
		}
	}
	return false
}
