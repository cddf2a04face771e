"""kafka-python's describe_configs of a topic and of the broker, for the Go tests.

Usage: configs.py BOOTSTRAP TOPIC

Creates TOPIC (one partition) and prints one JSON line per resource:
{"resource": "topic"|"broker", "configs": {name: [value, is_default or source]}}
as describe_configs answers without synonyms (is_default in DescribeConfigs
v0, the config source from v1, which kafka-python picks when it can).
"""

import json
import sys

from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic


def main(addr, topic):
    admin = KafkaAdminClient(bootstrap_servers=addr, client_id='configs-test')
    admin.create_topics(new_topics=[NewTopic(name=topic, num_partitions=1, replication_factor=1)])
    for kind, typ, name in (("topic", ConfigResourceType.TOPIC, topic), ("broker", ConfigResourceType.BROKER, "0")):
        entries = {}
        for resp in admin.describe_configs(config_resources=[ConfigResource(typ, name)]):
            for _err, _msg, _typ, _name, config_entries in resp.resources:
                for entry in config_entries:
                    entries[entry[0]] = [entry[1], entry[3]]
        print(json.dumps({"resource": kind, "configs": entries}), flush=True)
    admin.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
