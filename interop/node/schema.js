// @kafkajs/confluent-schema-registry (npm) against kscope's bundled registry:
// registers an Avro, a Protobuf and a JSON Schema, encodes one record with
// each in the Confluent wire format and prints them as hex for kscope to
// decode; with "decode HEX..." it decodes records kscope encoded.
//
// usage: node schema.js URL encode | node schema.js URL decode HEX...
'use strict'
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')

const avsc = {
  type: 'record', name: 'Txn', namespace: 'bank',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'atm', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['DEPOSIT', 'WITHDRAW'] } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
}
// No package line: the library looks up "<package>..<Message>" (a double dot)
// when the .proto has one, and then fails with "no such type".
const proto = `syntax = "proto3";
message Payment {
  string id = 1;
  double amount = 2;
  repeated string tags = 3;
}`
const jsonSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, amount: { type: 'number' } },
  required: ['id', 'amount'],
}

async function encode(registry) {
  const a = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(avsc) }, { subject: 'node-avro-value' })
  const p = await registry.register({ type: SchemaType.PROTOBUF, schema: proto }, { subject: 'node-proto-value' })
  const j = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(jsonSchema) }, { subject: 'node-json-value' })
  const out = {
    avro: (await registry.encode(a.id, { id: 7, atm: 'ATM-1', amount: 20.5, kind: 'DEPOSIT', note: 'n' })).toString('hex'),
    proto: (await registry.encode(p.id, { id: 'p1', amount: 3.5, tags: ['a', 'b'] })).toString('hex'),
    json: (await registry.encode(j.id, { id: 9, amount: 1.5 })).toString('hex'),
  }
  console.log(JSON.stringify(out))
}

async function decode(registry, hexes) {
  const out = []
  for (const h of hexes) {
    out.push(await registry.decode(Buffer.from(h, 'hex')))
  }
  console.log(JSON.stringify(out))
}

async function main() {
  const [url, what, ...rest] = process.argv.slice(2)
  const registry = new SchemaRegistry({ host: url }, { [SchemaType.PROTOBUF]: { messageName: 'Payment' } })
  if (what === 'encode') await encode(registry)
  else await decode(registry, rest)
}

main().catch((e) => { console.error(e); process.exit(1) })
