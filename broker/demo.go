package broker

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// DemoTopic is the topic the demo data goes to: the seed lab's topic.
const DemoTopic = "bankbranch"

// DemoPartitions is the partition count of DemoTopic when the demo creates it.
const DemoPartitions = 2

// Transaction is one demo ATM transaction, serialised as the record value.
type Transaction struct {
	ATMID     int     `json:"atmid"`
	TransID   int     `json:"transid"`
	Amount    float64 `json:"amount"`
	Type      string  `json:"type"`
	Timestamp string  `json:"timestamp"`
}

var transactionTypes = []string{"withdrawal", "deposit", "balance", "transfer"}

// NewTransaction returns a plausible ATM transaction with the given id.
func NewTransaction(rng *rand.Rand, transID int, now time.Time) Transaction {
	t := transactionTypes[rng.IntN(len(transactionTypes))]
	amount := 0.0
	if t != "balance" {
		// ATMs hand out multiples of 10 most of the time.
		amount = float64(rng.IntN(50)+1) * 10
		if t == "deposit" || t == "transfer" {
			amount += float64(rng.IntN(100)) / 100
		}
	}
	return Transaction{
		ATMID:     rng.IntN(5) + 1,
		TransID:   transID,
		Amount:    amount,
		Type:      t,
		Timestamp: now.UTC().Format(time.RFC3339Nano),
	}
}

// startDemo creates DemoTopic when missing and starts producing to it.
func (b *Broker) startDemo(ctx context.Context, every time.Duration) error {
	return b.startProducer(ctx, demoProducer{what: "demo", topic: DemoTopic, seed: 7, every: every})
}

// demoProducer says what a demo producer writes: ATM transactions, every
// interval, to topic, each JSON document passed through encode (nil: as
// it is); what names it in messages.
type demoProducer struct {
	what   string
	topic  string
	seed   uint64
	every  time.Duration
	encode func(doc []byte) ([]byte, error)
}

// startProducer creates the producer's topic when missing and starts
// producing to it until ctx ends.
func (b *Broker) startProducer(ctx context.Context, p demoProducer) error {
	if b.cluster.TopicInfo(p.topic) == nil {
		if err := b.cluster.CreateTopic(p.topic, DemoPartitions, nil); err != nil {
			return fmt.Errorf("%s: create topic %s: %w", p.what, p.topic, err)
		}
		b.meta.changed()
	}
	auth, err := demoClientOpts(b.opts)
	if err != nil {
		return fmt.Errorf("%s: producer: %w", p.what, err)
	}
	client, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(b.addr),
		kgo.DefaultProduceTopic(p.topic),
		kgo.ProducerLinger(0),
	}, auth...)...)
	if err != nil {
		return fmt.Errorf("%s: producer: %w", p.what, err)
	}
	// Continue numbering after what a previous run left, so transid stays
	// unique across restarts on the same data dir.
	next := 100
	for _, pi := range b.cluster.PartitionInfos(p.topic) {
		next += int(pi.HighWatermark)
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer client.Close()
		b.produceDemo(ctx, client, p, next)
	}()
	return nil
}

// produceDemo produces one transaction every interval.
func (b *Broker) produceDemo(ctx context.Context, client *kgo.Client, p demoProducer, next int) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), p.seed))
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			tx := NewTransaction(rng, next, now)
			value, _ := json.Marshal(tx)
			if p.encode != nil {
				var err error
				if value, err = p.encode(value); err != nil {
					b.log.warnf("%s: encode: %v", p.what, err)
					return
				}
			}
			rec := &kgo.Record{Key: []byte(strconv.Itoa(tx.ATMID)), Value: value}
			// Fire and forget: a lost demo record is harmless, and the
			// callback must not block shutdown.
			client.Produce(ctx, rec, nil)
			next++
		}
	}
}
