package ui

import (
	"context"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// registryDecoder is a decoder that is also a registry, as the command
// line's schema session is.
type registryDecoder struct{ *kafkaopstest.FakeRegistry }

func (registryDecoder) Decode(context.Context, []byte) ([]byte, string, error) {
	return nil, "", kafkaops.ErrNotEncoded
}

func schemaRegistryFake() *kafkaopstest.FakeRegistry {
	return &kafkaopstest.FakeRegistry{Global: "BACKWARD", Versions: map[string][]kafkaops.SchemaVersion{
		"bankbranch-avro-value": {{Subject: "bankbranch-avro-value", Version: 1, ID: 1, Type: kafkaops.SchemaAvro, Text: `"string"`}},
	}}
}

// TestSchemaWritesRefusedReadOnly: registering and deleting a schema
// version are write routes, so a read-only context refuses them (n and d
// on a subject, the routes themselves) while browsing still works; a
// writable context opens them.
func TestSchemaWritesRefusedReadOnly(t *testing.T) {
	const why = "this context is read-only"
	for _, readOnly := range []bool{true, false} {
		reg := schemaRegistryFake()
		h := newHarness(t, newDemoService(), func(o *Options) {
			o.Build, o.ReadOnly, o.Decoder = DefaultBuilder, readOnly, registryDecoder{reg}
		})
		h.press(":")
		h.typeText("schemas")
		h.press("enter")
		if !strings.Contains(h.view(), "bankbranch-avro-value") {
			t.Fatalf(":schemas does not list the subject:\n%s", h.view())
		}
		h.press("enter")
		if !strings.Contains(h.view(), "compatibility BACKWARD (global)") {
			t.Fatalf("enter does not open the subject:\n%s", h.view())
		}
		base := len(h.m.stack)
		for _, k := range []string{"n", "d"} {
			h.press(k)
			opened := len(h.m.stack) > base
			if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
				t.Errorf("read-only: %s on a subject opened %q (status %q)", k, h.titles(), h.m.status.text)
			}
			if !readOnly && !opened {
				t.Errorf("writable: %s on a subject opened nothing (status %q)", k, h.m.status.text)
			}
			if opened {
				h.press("esc")
			}
		}
		if !readOnly {
			continue
		}
		for _, r := range []kit.Route{
			{Kind: kit.RouteSchemaRegister, Subject: "bankbranch-avro-value"},
			{Kind: kit.RouteSchemaDelete, Subject: "bankbranch-avro-value", Version: 1},
		} {
			h.send(kit.NavigateMsg{Route: r})
			if len(h.m.stack) != base || !strings.Contains(h.m.status.text, why) {
				t.Errorf("read-only route %v: stack %q, status %q", r.Kind, h.titles(), h.m.status.text)
			}
		}
		if len(reg.Registered)+len(reg.Deleted) != 0 {
			t.Errorf("a read-only context wrote: %v %v", reg.Registered, reg.Deleted)
		}
	}
}

// TestSchemasWithoutRegistry: with no registry :schemas opens and says
// how to configure one.
func TestSchemasWithoutRegistry(t *testing.T) {
	h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder })
	h.press(":")
	h.typeText("schemas")
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "No Schema Registry is configured") || !strings.Contains(v, "--schema-registry") {
		t.Errorf(":schemas without a registry:\n%s", v)
	}
}
