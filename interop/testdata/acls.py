"""kafka-python's view of a broker's ACLs, for the security interop test.

usage: acls.py ADDR describe
       acls.py ADDR create PRINCIPAL TOPIC

describe prints one line per binding:
PRINCIPAL HOST RESOURCE_TYPE PATTERN NAME OPERATION PERMISSION
(kafka-python's enum names, which are Kafka's); create creates
PRINCIPAL ALLOW READ on the literal TOPIC from any host. A refusal
prints ERROR and the error's name and exits 3.
"""
import sys

from kafka.admin import (ACL, ACLFilter, ACLOperation, ACLPermissionType,
                         ACLResourcePatternType, KafkaAdminClient,
                         ResourcePattern, ResourcePatternFilter, ResourceType)

# No SASL: kafka-python 2.0.2 logs in with SaslHandshake v0 only, which
# the bundled broker (kfake) does not speak.
addr, action = sys.argv[1:3]
admin = KafkaAdminClient(bootstrap_servers=addr, request_timeout_ms=10000)
try:
    if action == "describe":
        everything = ACLFilter(principal=None, host=None, operation=ACLOperation.ANY,
                               permission_type=ACLPermissionType.ANY,
                               resource_pattern=ResourcePatternFilter(ResourceType.ANY, None, ACLResourcePatternType.ANY))
        acls, err = admin.describe_acls(everything)
        if err.errno != 0:
            print("ERROR", type(err).__name__)
            sys.exit(3)
        for a in sorted(acls, key=lambda a: (a.principal, a.resource_pattern.resource_name, a.operation.name)):
            p = a.resource_pattern
            print(a.principal, a.host, p.resource_type.name, p.pattern_type.name, p.resource_name,
                  a.operation.name, a.permission_type.name)
    elif action == "create":
        principal, topic = sys.argv[3:5]
        acl = ACL(principal=principal, host="*", operation=ACLOperation.READ,
                  permission_type=ACLPermissionType.ALLOW,
                  resource_pattern=ResourcePattern(ResourceType.TOPIC, topic, ACLResourcePatternType.LITERAL))
        result = admin.create_acls([acl])
        if result["failed"]:
            print("ERROR", [type(e).__name__ for _, e in result["failed"]])
            sys.exit(3)
        print("created")
finally:
    admin.close()
