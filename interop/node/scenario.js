// The interop client scenario with kafkajs (see ../clients_test.go):
// create a topic, produce records, consume them all in a consumer group,
// commit, read the committed offsets back and list the topics. It prints
// one JSON line of what it saw; the Go test asserts on it.
//
// Usage: node scenario.js BOOTSTRAP TOPIC PARTITIONS RECORDS GROUP
'use strict';

const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [addr, topic, partitionsArg, recordsArg, groupId] = process.argv.slice(2);
  const partitions = Number(partitionsArg);
  const records = Number(recordsArg);
  const kafka = new Kafka({
    clientId: 'kscope-interop',
    brokers: [addr],
    logLevel: logLevel.ERROR,
    retry: { retries: 3, initialRetryTime: 100 },
  });

  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });

  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let i = 0; i < records; i++) {
    messages.push({ key: String(i), value: `record-${i}` });
  }
  await producer.send({ topic, messages });
  await producer.disconnect();

  const consumed = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${consumed.length} of ${records} records in 60s`)), 60000);
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        consumed.push(message.value.toString());
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
        if (consumed.length === records) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();

  const committed = {};
  for (const t of await admin.fetchOffsets({ groupId, topics: [topic] })) {
    for (const p of t.partitions) {
      if (Number(p.offset) >= 0) {
        committed[String(p.partition)] = Number(p.offset);
      }
    }
  }
  const topics = await admin.listTopics();
  await admin.disconnect();
  console.log(JSON.stringify({ topics, consumed, committed }));
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
