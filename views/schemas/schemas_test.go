package schemas

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/theme"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

const (
	avroV1 = `{"type":"record","name":"Txn","fields":[{"name":"atmid","type":"int"}]}`
	avroV2 = `{"type":"record","name":"Txn","fields":[{"name":"atmid","type":"int"},{"name":"amount","type":"double","default":0}]}`
)

// fakeRegistry holds two subjects, one with two Avro versions.
func fakeRegistry() *kafkaopstest.FakeRegistry {
	return &kafkaopstest.FakeRegistry{
		Global: "BACKWARD",
		Levels: map[string]string{"orders-value": "FULL"},
		Versions: map[string][]kafkaops.SchemaVersion{
			"bankbranch-avro-value": {
				{Subject: "bankbranch-avro-value", Version: 1, ID: 1, Type: kafkaops.SchemaAvro, Text: avroV1},
				{Subject: "bankbranch-avro-value", Version: 2, ID: 3, Type: kafkaops.SchemaAvro, Text: avroV2,
					References: []kafkaops.SchemaReference{{Name: "Money", Subject: "money-value", Version: 1}}},
			},
			"orders-value": {{Subject: "orders-value", Version: 1, ID: 2, Type: kafkaops.SchemaProtobuf, Text: "syntax = \"proto3\";\nmessage Order { string id = 1; }"}},
		},
	}
}

func TestSubjectsListsAndFilters(t *testing.T) {
	s, _ := kittest.Start(t, NewSubjects(fakeRegistry(), kittest.TestStyles()), 80, 12)
	v := kittest.Plain(s)
	for _, want := range []string{"Schema subjects (2/2)", "bankbranch-avro-value", "orders-value"} {
		if !strings.Contains(v, want) {
			t.Errorf("subjects lack %q:\n%s", want, v)
		}
	}
	s, _ = kittest.Press(s, "/", "ord")
	v = kittest.Plain(s)
	if strings.Contains(v, "bankbranch-avro-value") || !strings.Contains(v, "(1/2)") {
		t.Errorf("filter ord still shows bankbranch:\n%s", v)
	}
	s, _ = kittest.Press(s, "enter")
	_, out := kittest.Press(s, "enter")
	nav := kittest.Navigations(out)
	if len(nav) != 1 || nav[0].Kind != kit.RouteSchemaSubject || nav[0].Subject != "orders-value" {
		t.Fatalf("enter navigated to %+v, want the orders-value subject", nav)
	}
}

func TestSubjectsWithoutRegistrySaysHowToConfigure(t *testing.T) {
	s, _ := kittest.Start(t, NewSubjects(nil, kittest.TestStyles()), 80, 14)
	v := kittest.Plain(s)
	for _, want := range []string{"No Schema Registry is configured", "schema-registry:", "--schema-registry", "KSCOPE_SCHEMA_REGISTRY", "--local"} {
		if !strings.Contains(v, want) {
			t.Errorf("no-registry screen lacks %q:\n%s", want, v)
		}
	}
}

func TestSubjectsLoadErrorSaysSo(t *testing.T) {
	reg := fakeRegistry()
	reg.Err = errors.New("connection refused")
	s, out := kittest.Start(t, NewSubjects(reg, kittest.TestStyles()), 80, 12)
	if v := kittest.Plain(s); !strings.Contains(v, "connection refused") {
		t.Errorf("the failure is not shown:\n%s", v)
	}
	if st := kittest.Statuses(out); len(st) == 0 || !strings.Contains(st[0], "connection refused") {
		t.Errorf("status = %q", st)
	}
}

func TestSubjectShowsVersionsAndLevelGolden(t *testing.T) {
	s, _ := kittest.Start(t, NewSubject(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value"), 80, 10)
	v := kittest.Plain(s)
	kittest.CheckFrame(t, v, 80, 10)
	kittest.Golden(t, "subject.golden", v)
	if !strings.Contains(v, "compatibility BACKWARD (global)") || !strings.Contains(v, "Money → money-value v1") {
		t.Errorf("versions lack the level or references:\n%s", v)
	}
	p, _ := kittest.Start(t, NewSubject(fakeRegistry(), kittest.TestStyles(), "orders-value"), 80, 10)
	if v := kittest.Plain(p); !strings.Contains(v, "compatibility FULL") || strings.Contains(v, "(global)") || !strings.Contains(v, "Protobuf") {
		t.Errorf("a subject's own level or type is wrong:\n%s", v)
	}
}

func TestSubjectEnterShowsPrettySchemaAndScrolls(t *testing.T) {
	s, _ := kittest.Start(t, NewSubject(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value"), 80, 6)
	s, _ = kittest.Press(s, "enter")
	v := kittest.Plain(s)
	if !strings.Contains(v, "bankbranch-avro-value v2 · id 3 · Avro") || !strings.Contains(v, `"type": "record",`) {
		t.Fatalf("enter does not show v2 pretty-printed:\n%s", v)
	}
	if !strings.Contains(v, "lines 1–5 of") {
		t.Errorf("a long text does not say where it is:\n%s", v)
	}
	s, _ = kittest.Press(s, "G")
	if v := kittest.Plain(s); !strings.Contains(v, "}") || strings.Contains(v, `"type": "record",`) {
		t.Errorf("G does not scroll to the end:\n%s", v)
	}
	if !s.(kit.EscHandler).HandlesEsc() {
		t.Fatal("esc on the text must go back to the versions, not close the screen")
	}
	s, _ = kittest.Press(s, "esc")
	if v := kittest.Plain(s); !strings.Contains(v, "VERSION") {
		t.Errorf("esc does not go back to the versions:\n%s", v)
	}
}

func TestSubjectDiffsTwoVersions(t *testing.T) {
	s, _ := kittest.Start(t, NewSubject(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value"), 80, 20)
	// The cursor starts on the latest (v2): mark v1, come back, diff.
	s, _ = kittest.Press(s, "k", "m", "j", "c")
	v := kittest.Plain(s)
	for _, want := range []string{"bankbranch-avro-value: v1 → v2", "@@ -5,6 +5,11 @@", `+      "type": "double",`, `+      "name": "amount",`, `       "type": "int"`} {
		if !strings.Contains(v, want) {
			t.Errorf("diff lacks %q:\n%s", want, v)
		}
	}
	// Without a mark, c diffs with the version before.
	s, _ = kittest.Press(s, "esc", "esc", "c")
	if v := kittest.Plain(s); !strings.Contains(v, "v1 → v2") {
		t.Errorf("c without a mark does not diff with the previous version:\n%s", v)
	}
}

func TestSubjectKeysNavigateToWrites(t *testing.T) {
	s, _ := kittest.Start(t, NewSubject(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value"), 80, 12)
	_, out := kittest.Press(s, "d")
	nav := kittest.Navigations(out)
	if len(nav) != 1 || nav[0].Kind != kit.RouteSchemaDelete || nav[0].Version != 2 {
		t.Errorf("d navigated to %+v, want delete v2", nav)
	}
	_, out = kittest.Press(s, "n")
	if nav := kittest.Navigations(out); len(nav) != 1 || nav[0].Kind != kit.RouteSchemaRegister || nav[0].Subject != "bankbranch-avro-value" {
		t.Errorf("n navigated to %+v", nav)
	}
}

func TestRegisterChecksFirstThenRegisters(t *testing.T) {
	reg := fakeRegistry()
	s, _ := kittest.Start(t, NewRegister(reg, kittest.TestStyles(), "bankbranch-avro-value"), 80, 24)
	if v := kittest.Plain(s); !strings.Contains(v, `"name": "amount",`) || !strings.Contains(v, "this is v2 as registered") {
		t.Fatalf("the editor does not start from the latest version:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "end", "x", kittest.Ctrl('s'))
	if v := kittest.Plain(s); !strings.Contains(v, "Avro schemas are JSON") {
		t.Errorf("invalid JSON is not refused:\n%s", v)
	}
	if reg.Calls["CheckCompatibility"] != 0 {
		t.Fatal("a schema that is not JSON was sent for a check")
	}
	s, _ = kittest.KeysAll(s, "backspace", kittest.Ctrl('s'))
	v := kittest.Plain(s)
	if !strings.Contains(v, "✓ Compatible") || !strings.Contains(v, "y registers it") {
		t.Fatalf("the dry run's answer is not shown:\n%s", v)
	}
	if len(reg.Registered) != 0 {
		t.Fatal("the dry run registered")
	}
	_, out := kittest.KeysAll(s, "y")
	if len(reg.Registered) != 1 || !kittest.HasPop(out) {
		t.Fatalf("y did not register and close: %v %v", reg.Registered, out)
	}
	if st := kittest.Statuses(out); len(st) == 0 || !strings.Contains(st[len(st)-1], "registered bankbranch-avro-value v3 (id 4)") {
		t.Errorf("status = %q", st)
	}
}

func TestRegisterIncompatibleIsRefused(t *testing.T) {
	reg := fakeRegistry()
	reg.Check = func(string, kafkaops.SchemaDraft) kafkaops.CompatibilityCheck {
		return kafkaops.CompatibilityCheck{Messages: []string{"READER_FIELD_MISSING_DEFAULT_VALUE: amount"}}
	}
	s, _ := kittest.Start(t, NewRegister(reg, kittest.TestStyles(), "bankbranch-avro-value"), 80, 24)
	s, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
	v := kittest.Plain(s)
	if !strings.Contains(v, "✗ Not compatible") || !strings.Contains(v, "READER_FIELD_MISSING_DEFAULT_VALUE: amount") {
		t.Fatalf("the refusal is not shown:\n%s", v)
	}
	s, out := kittest.KeysAll(s, "y")
	if len(reg.Registered) != 0 || kittest.HasPop(out) {
		t.Fatal("y registered an incompatible schema")
	}
	s, _ = kittest.KeysAll(s, "n")
	if v := kittest.Plain(s); !strings.Contains(v, "ctrl+s checks compatibility first") {
		t.Errorf("n does not go back to editing:\n%s", v)
	}
}

func TestRegisterNewSubjectNeedsAName(t *testing.T) {
	reg := fakeRegistry()
	s, _ := kittest.Start(t, NewRegister(reg, kittest.TestStyles(), ""), 80, 24)
	s, out := kittest.KeysAll(s, kittest.Ctrl('s'))
	if st := kittest.Statuses(out); len(st) == 0 || !strings.Contains(st[0], "name the subject") {
		t.Errorf("status = %q", st)
	}
	s, _ = kittest.KeysAll(s, "payments-value", "tab", tea.PasteMsg{Content: avroV1}, kittest.Ctrl('s'), "y")
	if len(reg.Registered) != 1 || reg.Registered[0] != "payments-value" {
		t.Fatalf("registered %v", reg.Registered)
	}
	_ = s
}

func TestDeleteNeedsTheSubjectTyped(t *testing.T) {
	reg := fakeRegistry()
	s, _ := kittest.Start(t, NewDeleteVersion(reg, kittest.TestStyles(), "bankbranch-avro-value", 2), 80, 24)
	v := kittest.Plain(s)
	if !strings.Contains(v, "Delete bankbranch-avro-value v2?") || !strings.Contains(v, "v1; 1 version left") {
		t.Fatalf("the plan is not shown:\n%s", v)
	}
	s, _ = kittest.Press(s, "bankbranch", "enter")
	if len(reg.Deleted) != 0 || !strings.Contains(kittest.Plain(s), "that is not the subject's name") {
		t.Fatal("a wrong name deleted or was not told")
	}
	s, _ = kittest.Press(s, "-avro-value")
	_, out := kittest.Press(s, "enter")
	if len(reg.Deleted) != 1 || reg.Deleted[0] != "bankbranch-avro-value/2" || !kittest.HasPop(out) {
		t.Fatalf("deleted %v, out %v", reg.Deleted, out)
	}
}

func TestDeleteFailureKeepsTheDialog(t *testing.T) {
	reg := fakeRegistry()
	s, _ := kittest.Start(t, NewDeleteVersion(reg, kittest.TestStyles(), "orders-value", 1), 80, 24)
	reg.Err = errors.New("registry is read-only")
	s, out := kittest.Press(s, "orders-value", "enter")
	if kittest.HasPop(out) || !strings.Contains(kittest.Plain(s), "registry is read-only") {
		t.Errorf("a failure closed the dialog or was not shown:\n%s", kittest.Plain(s))
	}
}

func TestScreensFitEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "subjects", func() kit.Screen { return NewSubjects(fakeRegistry(), kittest.TestStyles()) })
	kittest.FitsEverySize(t, "subject", func() kit.Screen {
		return NewSubject(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value")
	})
	kittest.FitsEverySize(t, "register", func() kit.Screen {
		return NewRegister(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value")
	})
	for _, sz := range [][2]int{{80, 20}, {60, 11}, {40, 8}} {
		d, _ := kittest.Start(t, NewDeleteVersion(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value", 2), sz[0], sz[1])
		v := kittest.Plain(d)
		kittest.CheckFrame(t, v, sz[0], sz[1])
		if sz[1] >= 11 && (!strings.Contains(v, "Type the subject's name") || !strings.Contains(v, "enter deletes")) {
			t.Errorf("delete at %dx%d cuts the question:\n%s", sz[0], sz[1], v)
		}
	}
}

func TestSubjectsGolden(t *testing.T) {
	s, _ := kittest.Start(t, NewSubjects(fakeRegistry(), kittest.TestStyles()), 80, 6)
	v := kittest.Plain(s)
	kittest.CheckFrame(t, v, 80, 6)
	kittest.Golden(t, "subjects.golden", v)
}

func TestDiffColoursAddedAndRemovedLines(t *testing.T) {
	st := theme.New(true, false) // dark, with colour
	got := unified(diff([]string{"a", "b", "c"}, []string{"a", "B", "c"}), st)
	want := []string{st.Accent.Render("@@ -1,3 +1,3 @@"), " a", st.Error.Render("-b"), st.OK.Render("+B"), " c"}
	if !slices.Equal(got, want) {
		t.Errorf("unified = %q, want %q", got, want)
	}
	if st.OK.Render("+B") == "+B" || st.Error.Render("-b") == "-b" {
		t.Error("the colour styles add nothing: the test proves nothing")
	}
	if got := unified(diff([]string{"x"}, []string{"x"}), st); len(got) != 1 || !strings.Contains(got[0], "the same") {
		t.Errorf("an empty diff = %q", got)
	}
}

func TestDiffHunksKeepThreeLinesOfContext(t *testing.T) {
	var a, b []string
	for i := range 20 {
		a = append(a, fmt.Sprint("line", i))
	}
	b = append(b, a...)
	b[2], b[17] = "changed2", "changed17"
	got := unified(diff(a, b), kittest.TestStyles())
	heads := 0
	for _, l := range got {
		if strings.HasPrefix(l, "@@") {
			heads++
		}
	}
	if heads != 2 || !slices.Contains(got, "@@ -1,6 +1,6 @@") || !slices.Contains(got, "@@ -15,6 +15,6 @@") {
		t.Errorf("hunks:\n%s", strings.Join(got, "\n"))
	}
}

func TestSchemaTextIsSanitized(t *testing.T) {
	reg := fakeRegistry()
	reg.Versions["evil-value"] = []kafkaops.SchemaVersion{{Subject: "evil-value", Version: 1, ID: 9, Type: kafkaops.SchemaProtobuf,
		Text: "syntax = \"proto3\";\n// \x1b[2J\x1b]0;pwned\x07\nmessage M {}"}}
	s, _ := kittest.Start(t, NewSubject(reg, kittest.TestStyles(), "evil-value"), 80, 10)
	s, _ = kittest.Press(s, "enter")
	if v := s.View(); strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x1b]0;") || strings.Contains(v, "\x07") {
		t.Errorf("escape sequences from the registry reach the screen: %q", v)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "message M {}") {
		t.Errorf("the proto text is not shown as it is:\n%s", v)
	}
}

func TestRegisterEscStopsTheDryRun(t *testing.T) {
	reg := fakeRegistry()
	s, _ := kittest.Start(t, NewRegister(reg, kittest.TestStyles(), "orders-value"), 80, 24)
	r := s.(*Register)
	// Start the check without running it: the answer comes after esc.
	cmd := r.dryRun()
	if v := kittest.Plain(s); !strings.Contains(v, "checking compatibility with the registry… · esc stops") {
		t.Fatalf("the check under way is not shown:\n%s", v)
	}
	s, out := kittest.Press(s, "esc")
	if kittest.HasPop(out) || !strings.Contains(kittest.Plain(s), "ctrl+s checks compatibility first") {
		t.Fatalf("esc did not go back to editing:\n%s", kittest.Plain(s))
	}
	for _, m := range kittest.RunCmd(cmd) {
		s, _ = kittest.Feed(s, m)
	}
	if v := kittest.Plain(s); strings.Contains(v, "Compatible") {
		t.Errorf("a dropped check's answer was shown:\n%s", v)
	}
}

func TestSchemaTextWrapsLongLines(t *testing.T) {
	reg := fakeRegistry()
	long := strings.Repeat("word ", 30)
	reg.Versions["doc-value"] = []kafkaops.SchemaVersion{{Subject: "doc-value", Version: 1, ID: 5, Type: kafkaops.SchemaAvro,
		Text: `{"type":"record","name":"D","doc":"` + long + `END","fields":[]}`}}
	s, _ := kittest.Start(t, NewSubject(reg, kittest.TestStyles(), "doc-value"), 40, 12)
	s, _ = kittest.Press(s, "enter")
	v := kittest.Plain(s)
	kittest.CheckFrame(t, v, 40, 12)
	if !strings.Contains(v, `END",`) {
		t.Errorf("a long line is cut, not wrapped:\n%s", v)
	}
}

// At 60x15 the editor's note wraps under it and the line under the form
// stays: nothing is cut.
func TestRegisterNotesFit60(t *testing.T) {
	s, _ := kittest.Start(t, NewRegister(fakeRegistry(), kittest.TestStyles(), "bankbranch-avro-value"), 60, 15)
	s, _ = kittest.KeysAll(s, "end", " ")
	v := kittest.Plain(s)
	for _, want := range []string{"ctrl+s checks it with the registry;", "nothing is registered yet", "esc closes"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60x15 the editor lacks %q:\n%s", want, v)
		}
	}
	kittest.CheckFrame(t, v, 60, 15)
}
