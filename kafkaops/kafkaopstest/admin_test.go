package kafkaopstest

import (
	"context"
	"testing"

	"kscope/kafkaops"
)

func TestAdminFakeKeepsState(t *testing.T) {
	f := NewAdminFake()
	ctx := context.Background()
	a := kafkaops.ACL{Principal: "User:a", Host: "*", ResourceType: "TOPIC", ResourceName: "t", PatternType: "LITERAL", Operation: "READ", Permission: "ALLOW"}
	b := a
	b.Principal = "User:b"
	if err := f.CreateACLs(ctx, []kafkaops.ACL{a, b}); err != nil {
		t.Fatal(err)
	}
	shown, _ := f.DescribeACLs(ctx, kafkaops.ACLFilter{Principal: "User:a"})
	gone, _ := f.DeleteACLs(ctx, []kafkaops.ACLFilter{{Principal: "User:a"}})
	left, _ := f.DescribeACLs(ctx, kafkaops.ACLFilter{})
	if len(shown) != 1 || len(gone) != 1 || gone[0] != a || len(left) != 1 || left[0] != b {
		t.Fatalf("shown %v gone %v left %v", shown, gone, left)
	}

	e := kafkaops.QuotaEntity{User: "a"}
	_ = f.AlterQuotas(ctx, kafkaops.QuotaAlter{Entity: e, Set: map[string]float64{kafkaops.QuotaProducerByteRate: 5}, ValidateOnly: true})
	if qs, _ := f.DescribeQuotas(ctx, kafkaops.QuotaEntity{}); len(qs) != 0 || f.DryRuns != 1 {
		t.Fatalf("dry run applied: %v", qs)
	}
	_ = f.AlterQuotas(ctx, kafkaops.QuotaAlter{Entity: e, Set: map[string]float64{kafkaops.QuotaProducerByteRate: 5}})
	if qs, _ := f.DescribeQuotas(ctx, e); len(qs) != 1 || qs[0].Values[kafkaops.QuotaProducerByteRate] != 5 {
		t.Fatalf("quotas %v", qs)
	}

	_ = f.UpsertScramUser(ctx, kafkaops.ScramUpsert{Name: "u", Mechanism: kafkaops.ScramSHA256, Password: "p"})
	_ = f.UpsertScramUser(ctx, kafkaops.ScramUpsert{Name: "u", Mechanism: kafkaops.ScramSHA256, Password: "q", Iterations: 4096})
	us, _ := f.DescribeScramUsers(ctx)
	if len(us) != 1 || len(us[0].Credentials) != 1 || us[0].Credentials[0].Iterations != 4096 {
		t.Fatalf("users %v", us)
	}
	_ = f.DeleteScramCredential(ctx, "u", kafkaops.ScramSHA256)
	if us, _ := f.DescribeScramUsers(ctx); len(us) != 0 {
		t.Fatalf("users after delete %v", us)
	}
}
