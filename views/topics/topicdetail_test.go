package topics

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func bankConfigs() []kafkaops.ConfigEntry {
	return []kafkaops.ConfigEntry{
		{Name: "segment.bytes", Value: "1073741824", Source: kafkaops.SourceDefault, Default: true},
		{Name: "cleanup.policy", Value: "delete", Source: kafkaops.SourceDefault, Default: true},
		{Name: "retention.ms", Value: "5400000", Source: kafkaops.SourceTopic},
		{Name: "compression.type", Value: "producer", Source: kafkaops.SourceDefault, Default: true},
		{Name: "max.message.bytes", Value: "2097152", Source: kafkaops.SourceDynamicDefault},
		{Name: "sasl.jaas.config", Value: "secret-password", Source: kafkaops.SourceTopic, Sensitive: true},
		{Name: "leader.replication.throttled.replicas", Value: strings.Repeat("0:1,1:2,", 12) + "2:3", Source: kafkaops.SourceTopic},
		{Name: "min.insync.replicas", Value: "1", Source: kafkaops.SourceStaticBroker, Default: true},
		{Name: "message.format.version", Value: "", Source: kafkaops.SourceDefault, Default: true},
	}
}

func BankFake() *kafkaopstest.FakeService {
	return &kafkaopstest.FakeService{
		Topics:    demoTopics(),
		DiskSizes: map[string]kafkaops.TopicSize{}, // a cluster with DescribeLogDirs
		Details: map[string]kafkaops.TopicDetail{
			"bankbranch": {
				Topic: kafkaops.Topic{Name: "bankbranch", Partitions: 3, ReplicationFactor: 3, Messages: 1234},
				PartitionList: []kafkaops.Partition{
					{ID: 0, Leader: 1, Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, Low: 0, High: 1000},
					{ID: 1, Leader: 2, Replicas: []int32{2, 3, 1}, ISR: []int32{2}, Low: 10, High: 244},
					{ID: 2, Leader: -1, Replicas: []int32{3, 1, 2}, ISR: nil, Low: 0, High: 0},
				},
			},
		},
		Configs: map[string][]kafkaops.ConfigEntry{"bankbranch": bankConfigs()},
	}
}

func newTestDetail(t *testing.T, f *kafkaopstest.FakeService, w, h int) *TopicDetail {
	t.Helper()
	s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), w, h)
	return s.(*TopicDetail)
}

// configOrder lists the config names in the order the pane shows them.
func configOrder(c *kit.ConfigPane) []string {
	var out []string
	for _, e := range c.Entries {
		out = append(out, e.Name)
	}
	return out
}

func TestDetailLoadingAndSummary(t *testing.T) {
	d := NewTopicDetail(BankFake(), kittest.TestStyles(), "bankbranch")
	d.SetSize(100, 30)
	if v := kittest.Plain(d); !strings.Contains(v, "Loading partitions…") || !strings.Contains(v, "Loading configs…") {
		t.Errorf("before the answers:\n%s", v)
	}
	d = newTestDetail(t, BankFake(), 100, 30)
	first := strings.Join(strings.Split(kittest.Plain(d), "\n")[:2], " ")
	for _, want := range []string{"bankbranch", "3 partitions", "RF 3", "1,234 messages", "cleanup delete", "retention 1h30m", "! 2 under-replicated"} {
		if !strings.Contains(first, want) {
			t.Errorf("summary lacks %q: %q", want, first)
		}
	}
	if d.Title() != "bankbranch" {
		t.Errorf("Title = %q", d.Title())
	}
}

func TestDetailConfigsOverridesFirstAndMasked(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	want := []string{
		"leader.replication.throttled.replicas", "max.message.bytes", "retention.ms", "sasl.jaas.config",
		"cleanup.policy", "compression.type", "message.format.version", "min.insync.replicas", "segment.bytes",
	}
	if got := configOrder(d.configs); !slices.Equal(got, want) {
		t.Errorf("config order = %v\nwant %v", got, want)
	}
	view := kittest.Plain(d)
	if strings.Contains(view, "secret-password") {
		t.Errorf("a sensitive value is shown:\n%s", view)
	}
	for _, s := range []string{
		"● retention.ms", "5400000", "topic override",
		"● sasl.jaas.config", "****** (sensitive)",
		"● max.message.bytes", "cluster default",
		"  cleanup.policy", "delete", "default",
		"broker (static)", "(none)",
	} {
		if !strings.Contains(view, s) {
			t.Errorf("view lacks %q:\n%s", s, view)
		}
	}
	// Overrides are drawn with the accent, defaults are not.
	st := kittest.TestStyles()
	if !strings.Contains(d.View(), st.Accent.Bold(true).Render("retention.ms")) {
		t.Errorf("the override retention.ms is not highlighted")
	}
	if strings.Contains(d.View(), st.Accent.Bold(true).Render("cleanup.policy")) {
		t.Errorf("the default cleanup.policy is highlighted")
	}
	// The long value is wrapped within the pane, not cut.
	if !strings.Contains(view, "2:3") {
		t.Errorf("the long value lost its end:\n%s", view)
	}
	for i, l := range strings.Split(d.View(), "\n") {
		if w := kittest.LipglossWidth(l); w > 100 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
}

func TestDetailConfigFilter(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	s, msgs := kittest.Press(d, "/", "ret")
	if !s.Capturing() {
		t.Errorf("the config filter should capture keys")
	}
	view := kittest.Plain(s)
	if !strings.Contains(view, "retention.ms") || strings.Contains(view, "cleanup.policy  ") || strings.Contains(view, "segment.bytes") {
		t.Errorf("filter ret should leave retention.ms (and fuzzy matches) only:\n%s", view)
	}
	if !strings.Contains(view, "/ret") {
		t.Errorf("the filter is not shown:\n%s", view)
	}
	if len(msgs) != 0 {
		t.Errorf("typing sent %v", msgs)
	}
	s, _ = kittest.Press(s, "enter")
	if s.Capturing() || !strings.Contains(kittest.Plain(s), "/ret") {
		t.Errorf("enter should keep the filter and leave the input")
	}
	s, _ = kittest.Press(s, "/", "esc")
	if s.Capturing() || strings.Contains(kittest.Plain(s), "/ret") || !strings.Contains(kittest.Plain(s), "segment.bytes") {
		t.Errorf("esc in the input should clear the filter:\n%s", kittest.Plain(s))
	}
	s, _ = kittest.Press(s, "/", "zzz", "enter")
	if !strings.Contains(kittest.Plain(s), `No config name matches "zzz".`) {
		t.Errorf("no-match text missing:\n%s", kittest.Plain(s))
	}
}

func TestDetailPartitionsAndUnderReplicated(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	view := kittest.Plain(d)
	var rows []string
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "1,2,3  ") || strings.Contains(l, "2,3,1  ") || strings.Contains(l, "3,1,2  ") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 3 {
		t.Fatalf("want 3 partition rows, got %q\n%s", rows, view)
	}
	if strings.Contains(rows[0], "!") || !strings.Contains(rows[0], "1,2,3") {
		t.Errorf("partition 0 is fully replicated: %q", rows[0])
	}
	if !strings.Contains(rows[1], "!") || !strings.Contains(rows[1], "2,3,1") || !strings.Contains(rows[1], "234") {
		t.Errorf("partition 1 should be marked under-replicated with 234 messages: %q", rows[1])
	}
	if !strings.Contains(rows[2], "✗") || !strings.Contains(rows[2], "none") {
		t.Errorf("partition 2 has no leader: %q", rows[2])
	}
	if !strings.Contains(view, "Partitions (3)  ! 2 under-replicated") {
		t.Errorf("pane title lacks the count:\n%s", view)
	}
}

func TestDetailFocusAndScroll(t *testing.T) {
	f := BankFake()
	td := f.Details["bankbranch"]
	for i := 3; i < 40; i++ {
		td.PartitionList = append(td.PartitionList, kafkaops.Partition{ID: i, Leader: 1, Replicas: []int32{1}, ISR: []int32{1}, High: int64(i)})
	}
	f.Details["bankbranch"] = td
	d := newTestDetail(t, f, 80, 24)
	if d.focus != paneConfigs {
		t.Fatalf("configs should have the focus first")
	}
	s, _ := kittest.Press(d, "tab", "G")
	d = s.(*TopicDetail)
	if d.focus != panePartitions || d.parts.Cursor != 39 {
		t.Errorf("after tab G: focus %v cursor %d", d.focus, d.parts.Cursor)
	}
	if !strings.Contains(kittest.Plain(d), "▸") || !strings.Contains(kittest.Plain(d), "39") {
		t.Errorf("the last partition should be selected and visible:\n%s", kittest.Plain(d))
	}
	s, _ = kittest.Press(d, "tab", "G")
	d = s.(*TopicDetail)
	if d.configs.Offset == 0 {
		t.Errorf("G in the config pane should scroll it")
	}
	if !strings.Contains(kittest.Plain(d), "segment.bytes") {
		t.Errorf("the last config should be visible after G:\n%s", kittest.Plain(d))
	}
	s, _ = kittest.Press(d, "g")
	if s.(*TopicDetail).configs.Offset != 0 {
		t.Errorf("g should go back to the top")
	}
	for i, l := range strings.Split(d.View(), "\n") {
		if w := kittest.LipglossWidth(l); w > 80 {
			t.Errorf("line %d is %d wide at 80x24", i, w)
		}
	}
	if n := strings.Count(d.View(), "\n") + 1; n != 24 {
		t.Errorf("view has %d lines, want 24", n)
	}
}

func TestDetailEscPops(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	_, msgs := kittest.Press(d, "esc")
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	if _, ok := msgs[0].(kit.PopMsg); !ok {
		t.Errorf("esc sent %T, want PopMsg", msgs[0])
	}
}

func TestDetailErrors(t *testing.T) {
	f := BankFake()
	s, msgs := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "gone"), 100, 30)
	view := kittest.Plain(s)
	if !strings.Contains(view, "topic gone does not exist (deleted?)") {
		t.Errorf("a missing topic should say so:\n%s", view)
	}
	if st := kittest.Statuses(msgs); len(st) == 0 || !strings.Contains(st[0], "does not exist") {
		t.Errorf("statuses = %q", st)
	}

	f.ConfigsErr = errors.New("[29] Topic Authorization Failed")
	s, msgs = kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), 100, 30)
	if !strings.Contains(kittest.Plain(s), "Could not load configs: [29] Topic Authorization Failed") {
		t.Errorf("config error not shown:\n%s", kittest.Plain(s))
	}
	if !strings.Contains(kittest.Plain(s), "1,000") {
		t.Errorf("partitions should still show when configs fail:\n%s", kittest.Plain(s))
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "configs of bankbranch: [29] Topic Authorization Failed" {
		t.Errorf("statuses = %q", st)
	}
}

func TestDetailStaleAnswersDropped(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	d.Update(detailLoadedMsg{reqID: d.desc.id - 1000, err: errors.New("old")})
	d.Update(kit.ConfigsLoadedMsg{ReqID: d.cfgID - 1000, Configs: nil})
	if d.desc.err != nil || len(d.configs.Entries) != len(bankConfigs()) {
		t.Errorf("a stale answer was applied")
	}
}

func TestDetailHostileConfigValues(t *testing.T) {
	f := BankFake()
	f.Configs["bankbranch"] = []kafkaops.ConfigEntry{{Name: "x\x1b[31m", Value: "v\x1b]8;;http://evil\x07link\nnext", Source: kafkaops.SourceTopic}}
	d := newTestDetail(t, f, 100, 30)
	raw := d.View()
	if strings.Contains(raw, "\x1b]8") || strings.Contains(raw, "\x07") || strings.Contains(raw, "\x1b[31m") {
		t.Errorf("raw escape sequence reached the view: %q", raw)
	}
	if v := kittest.Plain(d); !strings.Contains(v, `x\x1b[31m`) || !strings.Contains(v, `v\x1b]8;;http://evil\x07link\nnext`) {
		t.Errorf("escaped text missing:\n%s", v)
	}
}

func TestDetailGolden(t *testing.T) {
	kittest.Golden(t, "topicdetail.golden", kittest.Plain(newTestDetail(t, BankFake(), 100, 30)))
	kittest.Golden(t, "topicdetail_80x24.golden", kittest.Plain(newTestDetail(t, BankFake(), 80, 24)))
	kittest.Golden(t, "topicdetail_200x50.golden", kittest.Plain(newTestDetail(t, BankFake(), 200, 50)))
}

func TestDetailMouse(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	l := d.layout()
	// The second partition row: the pane's top border, its title and
	// headings, then row 0.
	y := l.parts.y + 1 + partsRowsTop + 1
	s, _ := kittest.Feed(d, tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: y})
	d = s.(*TopicDetail)
	if d.focus != panePartitions || d.parts.Cursor != 1 {
		t.Errorf("click on partition 1: focus %v cursor %d", d.focus, d.parts.Cursor)
	}
	s, _ = kittest.Feed(d, tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: l.configs.y + 3})
	d = s.(*TopicDetail)
	if d.focus != paneConfigs {
		t.Errorf("click in the configs should focus them")
	}
	d.SetSize(100, 12)
	s, _ = kittest.Feed(d, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: d.layout().configs.y + 3})
	if s.(*TopicDetail).configs.Offset == 0 {
		t.Errorf("the wheel over the configs should scroll them")
	}
}

func TestDetailEscClearsKeptConfigFilterFirst(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	var s kit.Screen = d
	s, _ = kittest.Press(s, "/", "seg", "enter")
	if !d.HandlesEsc() {
		t.Fatal("a kept config filter: HandlesEsc = false")
	}
	s, out := kittest.Press(s, "esc")
	for _, m := range out {
		if _, ok := m.(kit.PopMsg); ok {
			t.Fatal("first esc popped the screen instead of clearing the filter")
		}
	}
	if d.configs.Filter.Value() != "" || d.HandlesEsc() {
		t.Fatalf("filter %q after esc", d.configs.Filter.Value())
	}
	_, out = kittest.Press(s, "esc")
	popped := false
	for _, m := range out {
		_, popped = m.(kit.PopMsg)
	}
	if !popped {
		t.Fatal("second esc did not go back")
	}
}

func TestDetailAutoRefreshKeepsFocusAndCursor(t *testing.T) {
	f := BankFake()
	d := newTestDetail(t, f, 100, 30)
	var s kit.Screen = d
	s, _ = kittest.Press(s, "tab", "down")
	if d.focus != panePartitions || d.parts.Cursor != 1 {
		t.Fatalf("focus %v cursor %d", d.focus, d.parts.Cursor)
	}
	f.Mu.Lock()
	td := f.Details["bankbranch"]
	td.PartitionList = slices.Clone(td.PartitionList)
	td.PartitionList[1].High = 5244
	f.Details["bankbranch"] = td
	f.Mu.Unlock()
	s, _ = kittest.Feed(s, detailTickMsg{id: d.TickID})
	if d.focus != panePartitions || d.parts.Cursor != 1 {
		t.Errorf("after refresh: focus %v cursor %d", d.focus, d.parts.Cursor)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "5,244") {
		t.Errorf("refresh did not show the new high watermark:\n%s", v)
	}
	// A stale tick (an older timer) does nothing.
	old := d.desc.id
	kittest.Feed(s, detailTickMsg{id: d.TickID - 1000})
	if d.desc.id != old {
		t.Error("a stale tick reloaded")
	}
	d.SetRefresh(0)
	if d.tick() != nil {
		t.Error("SetRefresh(0) still arms the timer")
	}
}

func TestDetailPartitionColumnsFitSideBySide(t *testing.T) {
	for _, w := range []int{150, 160, 200} {
		d := newTestDetail(t, BankFake(), w, 40)
		if v := kittest.Plain(d); !strings.Contains(v, "MESSAGES") || strings.Contains(v, "MESS…") {
			t.Errorf("%d wide: MESSAGES cut:\n%s", w, v)
		}
	}
}

func TestDetailConfigFilterSubstringMatchesFirst(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	kittest.Press(d, "/", "ret")
	v := kittest.Plain(d)
	ret := strings.Index(v, "retention.ms")
	comp := strings.Index(v, "compression.type") // r…e…t as a subsequence
	if ret < 0 || comp < 0 || comp < ret {
		t.Errorf("want retention.ms (substring) before compression.type (fuzzy):\n%s", v)
	}
}
