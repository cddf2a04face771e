package kafkaops_test

import (
	"errors"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/kafkaops"
)

// outsideQuotas lists every quota as the outside client sees it, keyed
// "user=a,client-id=b" (a null name shown as <default>).
func outsideQuotas(t *testing.T, cl *kgo.Client) map[string]map[string]float64 {
	t.Helper()
	req := kmsg.NewPtrDescribeClientQuotasRequest()
	resp, err := req.RequestWith(outsideCtx(t), cl)
	if err != nil || resp.ErrorCode != 0 {
		t.Fatalf("outside DescribeClientQuotas: %v (code %d)", err, resp.ErrorCode)
	}
	out := map[string]map[string]float64{}
	for _, e := range resp.Entries {
		key := ""
		for _, ent := range e.Entity {
			name := "<default>"
			if ent.Name != nil {
				name = *ent.Name
			}
			if key != "" {
				key += ","
			}
			key += ent.Type + "=" + name
		}
		out[key] = map[string]float64{}
		for _, v := range e.Values {
			out[key][v.Key] = v.Value
		}
	}
	return out
}

func TestClientQuotas(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	out := outside(t, b.Addr())
	ctx := testCtx(t)

	alice := kafkaops.QuotaEntity{User: "alice"}
	dry := kafkaops.QuotaAlter{Entity: alice, Set: map[string]float64{kafkaops.QuotaProducerByteRate: 1024}, ValidateOnly: true}
	if err := c.AlterQuotas(ctx, dry); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if got := outsideQuotas(t, out); len(got) != 0 {
		t.Fatalf("dry run set quotas: %v", got)
	}
	steps := []kafkaops.QuotaAlter{
		{Entity: alice, Set: map[string]float64{kafkaops.QuotaProducerByteRate: 1024, kafkaops.QuotaRequestPercentage: 50}},
		{Entity: kafkaops.QuotaEntity{ClientID: "app"}, Set: map[string]float64{kafkaops.QuotaConsumerByteRate: 2048}},
		{Entity: kafkaops.QuotaEntity{User: kafkaops.QuotaDefault}, Set: map[string]float64{kafkaops.QuotaProducerByteRate: 4096}},
	}
	for _, s := range steps {
		if err := c.AlterQuotas(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	got := outsideQuotas(t, out)
	if got["user=alice"][kafkaops.QuotaProducerByteRate] != 1024 || got["user=alice"][kafkaops.QuotaRequestPercentage] != 50 ||
		got["client-id=app"][kafkaops.QuotaConsumerByteRate] != 2048 || got["user=<default>"][kafkaops.QuotaProducerByteRate] != 4096 {
		t.Fatalf("outside client sees %v", got)
	}
	all, err := c.DescribeQuotas(ctx, kafkaops.QuotaEntity{})
	if err != nil || len(all) != 3 {
		t.Fatalf("DescribeQuotas() = %+v (%v), want 3 entities", all, err)
	}
	mine, err := c.DescribeQuotas(ctx, alice)
	if err != nil || len(mine) != 1 || mine[0].Entity != alice || mine[0].Values[kafkaops.QuotaProducerByteRate] != 1024 {
		t.Fatalf("DescribeQuotas(alice) = %+v (%v)", mine, err)
	}
	if err := c.AlterQuotas(ctx, kafkaops.QuotaAlter{Entity: alice, Remove: []string{kafkaops.QuotaRequestPercentage}}); err != nil {
		t.Fatal(err)
	}
	if got := outsideQuotas(t, out)["user=alice"]; len(got) != 1 {
		t.Fatalf("after remove: alice has %v, want only producer_byte_rate", got)
	}
	if err := c.AlterQuotas(ctx, kafkaops.QuotaAlter{Entity: kafkaops.QuotaEntity{}, Set: map[string]float64{"x": 1}}); !errors.Is(err, kafkaops.ErrInvalid) {
		t.Fatalf("no entity: %v, want ErrInvalid", err)
	}
}
