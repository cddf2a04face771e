"""A kafka-python consumer group on the lab's bankbranch topic, for the Go
group tests.

Usage: groups.py BOOTSTRAP GROUP_ID N

Reads exactly N records one at a time as a member of GROUP_ID (from the
earliest offset when the group has none committed), commits what it read,
leaves the group and prints one JSON line per record, then {"read": N}.
"""

import json
import sys
import time

from kafka import KafkaConsumer


def out(**kw):
    print(json.dumps(kw), flush=True)


def main(addr, group_id, want):
    want = int(want)
    consumer = KafkaConsumer('bankbranch', bootstrap_servers=addr, group_id=group_id,
                             auto_offset_reset='earliest', enable_auto_commit=False,
                             max_poll_records=1)
    n = 0
    deadline = time.time() + 30
    while n < want and time.time() < deadline:
        for _tp, msgs in consumer.poll(timeout_ms=200, max_records=1).items():
            for msg in msgs:
                out(partition=msg.partition, offset=msg.offset, value=msg.value.decode("utf-8"))
                n += 1
    consumer.commit()
    out(read=n)
    consumer.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
