// kafkajs with @kafkajs/confluent-schema-registry against kscope's bundled
// broker and registry, for the end-to-end test of the decoded tail
// (../../e2e/decode_test.go): registers an Avro value and key schema and a
// Protobuf value schema, creates e2e-avro and e2e-proto and produces three
// records to each, encoded by the library in the Confluent wire format.
// It prints the schema ids as one JSON line.
//
// usage: node produce-schema.js BOOTSTRAP REGISTRY_URL
'use strict'
const { Kafka, logLevel } = require('kafkajs')
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')

const txn = {
  type: 'record', name: 'Txn', namespace: 'bank',
  fields: [
    { name: 'atm', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['DEPOSIT', 'WITHDRAW'] } },
  ],
}
const txnKey = { type: 'record', name: 'TxnKey', namespace: 'bank', fields: [{ name: 'branch', type: 'string' }] }
// No package line (see schema.js).
const payment = `syntax = "proto3";
message Payment {
  string id = 1;
  double amount = 2;
  string city = 3;
}`

async function main() {
  const [addr, url] = process.argv.slice(2)
  const registry = new SchemaRegistry({ host: url })
  const v = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(txn) }, { subject: 'e2e-avro-value' })
  const k = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(txnKey) }, { subject: 'e2e-avro-key' })
  const p = await registry.register({ type: SchemaType.PROTOBUF, schema: payment }, { subject: 'e2e-proto-value' })

  const kafka = new Kafka({ clientId: 'kscope-e2e', brokers: [addr], logLevel: logLevel.ERROR, retry: { retries: 3, initialRetryTime: 100 } })
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({
    topics: [{ topic: 'e2e-avro', numPartitions: 1, replicationFactor: 1 }, { topic: 'e2e-proto', numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  })
  await admin.disconnect()

  const producer = kafka.producer()
  await producer.connect()
  const avro = []
  const proto = []
  for (let i = 0; i < 3; i++) {
    avro.push({
      key: await registry.encode(k.id, { branch: `LYON-${i}` }),
      value: await registry.encode(v.id, { atm: `ATM-4${i}`, amount: 120.5 + i, kind: i % 2 ? 'DEPOSIT' : 'WITHDRAW' }),
    })
    proto.push({ key: `pay-${i}`, value: await registry.encode(p.id, { id: `pay-${i}`, amount: 3.5 + i, city: 'Nantes' }) })
  }
  await producer.send({ topic: 'e2e-avro', messages: avro })
  await producer.send({ topic: 'e2e-proto', messages: proto })
  await producer.disconnect()
  console.log(JSON.stringify({ value: v.id, key: k.id, proto: p.id }))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
