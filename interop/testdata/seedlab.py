"""The seed lab's kafka-python steps, one per command, for the Go tests.

Usage: seedlab.py STEP BOOTSTRAP [ARGS]

Each step prints JSON lines that the Go side asserts on. The calls are the
lab's own (shared/seed/kafka-python-client-lab.md), pointed at BOOTSTRAP.
"""

import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic


def out(**kw):
    print(json.dumps(kw), flush=True)


def admin(addr):
    admin_client = KafkaAdminClient(bootstrap_servers=addr, client_id='test')
    topic_list = []
    new_topic = NewTopic(name="bankbranch", num_partitions=2, replication_factor=1)
    topic_list.append(new_topic)
    resp = admin_client.create_topics(new_topics=topic_list)
    out(created=[[name, code] for name, code, *_ in resp.topic_errors])

    configs = admin_client.describe_configs(
        config_resources=[ConfigResource(ConfigResourceType.TOPIC, "bankbranch")])
    entries = {}
    for r in configs:
        for _err, _msg, _typ, name, config_entries in r.resources:
            if name != "bankbranch":
                continue
            for entry in config_entries:
                entries[entry[0]] = entry[1]
    out(configs=entries)

    topics = admin_client.describe_topics(["bankbranch"])
    out(partitions=len(topics[0]["partitions"]))
    admin_client.close()


def produce(addr, *values):
    producer = KafkaProducer(bootstrap_servers=addr,
                             value_serializer=lambda v: json.dumps(v).encode('utf-8'))
    futures = [producer.send("bankbranch", json.loads(v)) for v in values]
    producer.flush()
    for f in futures:
        md = f.get(timeout=10)
        out(partition=md.partition, offset=md.offset)
    producer.close()


def consume(addr, want, timeout_ms):
    """The lab's consumer: iterate until WANT records or TIMEOUT_MS of quiet."""
    want = int(want)
    consumer = KafkaConsumer('bankbranch', bootstrap_servers=addr,
                             auto_offset_reset='earliest',
                             consumer_timeout_ms=int(timeout_ms))
    n = 0
    for msg in consumer:
        out(partition=msg.partition, offset=msg.offset, value=msg.value.decode("utf-8"))
        n += 1
        if n >= want:
            break
    consumer.close()


def group(addr, group_id, want):
    """A consumer in GROUP_ID: read until assigned and WANT records are in,
    then a quiet second more to catch any extra, commit, and report."""
    want = int(want)
    consumer = KafkaConsumer('bankbranch', bootstrap_servers=addr, group_id=group_id,
                             auto_offset_reset='earliest', enable_auto_commit=False)
    n = 0
    deadline = time.time() + 30
    quiet_until = None
    while time.time() < deadline:
        for _tp, msgs in consumer.poll(timeout_ms=200).items():
            for msg in msgs:
                out(partition=msg.partition, offset=msg.offset, value=msg.value.decode("utf-8"))
                n += 1
        if consumer.assignment() and n >= want:
            if quiet_until is None:
                quiet_until = time.time() + 1
            elif time.time() >= quiet_until:
                break
    consumer.commit()
    assignment = sorted(tp.partition for tp in consumer.assignment())
    committed = {str(tp.partition): consumer.committed(tp) for tp in consumer.assignment()}
    out(assignment=assignment, committed=committed)
    consumer.close()


if __name__ == "__main__":
    step, args = sys.argv[1], sys.argv[2:]
    {"admin": admin, "produce": produce, "consume": consume, "group": group}[step](*args)
