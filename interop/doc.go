// Package interop holds tests only: they run a real `kscope broker`
// process and drive it with clients other than kscope's own, the way a
// user would.
//
//   - The seed lab (shared/seed/kafka-python-client-lab.md) step by step
//     with kafka-python under /usr/bin/python3 (Debian's python3-kafka):
//     create bankbranch, describe its configs, produce the lab's JSON,
//     consume it without and with a consumer group.
//   - The same topic through kcat: metadata, produce, consume.
//   - kafkajs (Node.js, interop/node), franz-go's kgo and IBM/sarama each
//     create a topic, produce, consume in a group, commit and list topics.
//   - The seed lab, kcat and those clients run against the broker as its
//     newest release and as Kafka 2.8 and 4.0 (--kafka-version).
//   - `kscope broker --demo` seen by a kafka-python consumer.
//   - kill -9 of the broker during an acks=all produce loop, then a
//     restart on the same data dir: every acknowledged record is there.
//
// The kscope binary is built once per test run into a temp dir. A missing
// client tool skips its test with a message, except under CI=true, where
// it fails the test instead.
package interop
