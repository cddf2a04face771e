"""Reads the first record of a topic with confluent-kafka's consumer
(librdkafka, Debian python3-confluent-kafka) and decodes its value with
Apache Avro for Python (Debian python3-avro), the schema fetched by id
with Confluent's registry client: what kscope's produce form sent must be
a Confluent wire-format Avro record any consumer can read.

usage: schema_form.py BOOTSTRAP REGISTRY_URL TOPIC
"""
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient


def main(bootstrap, url, topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "schema-form-interop",
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([topic])
    try:
        for _ in range(60):
            m = c.poll(1.0)
            if m is None:
                continue
            if m.error():
                raise SystemExit("consume: %s" % m.error())
            data = m.value()
            break
        else:
            raise SystemExit("no record in %s" % topic)
    finally:
        c.close()
    assert data[0] == 0, "magic byte %r" % data[0]
    sid = struct.unpack(">I", data[1:5])[0]
    reg = SchemaRegistryClient({"url": url})
    schema = avro.schema.parse(reg.get_schema(sid).schema_str)
    rec = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
    print(json.dumps({"id": sid, "key": m.key().decode(), "record": rec}, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:4])
