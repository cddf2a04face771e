"""Interop with Google's Python Protobuf (Debian python3-protobuf): encode
a message by hand in the Confluent wire format for kscope to decode, or
decode one kscope encoded. The message types come from a serialized
FileDescriptorSet compiled from the registered .proto.

usage: schema_protobuf.py DESCRIPTOR_SET encode ID INDEX JSON
       schema_protobuf.py DESCRIPTOR_SET decode INDEX HEX
"""
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory


def zigzag(n):
    out = b""
    v = (n << 1) ^ (n >> 63)
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def message_class(path, name):
    fds = descriptor_pb2.FileDescriptorSet()
    with open(path, "rb") as f:
        fds.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for fd in fds.file:
        pool.Add(fd)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName(name))


def main():
    path, what = sys.argv[1], sys.argv[2]
    cls = message_class(path, "bank.Payment")
    if what == "encode":
        sid, index, doc = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        msg = json_format.Parse(doc, cls())
        header = b"\x00" + struct.pack(">I", sid) + zigzag(1) + zigzag(index)
        print((header + msg.SerializeToString()).hex())
        return
    index, data = int(sys.argv[3]), bytes.fromhex(sys.argv[4])
    expect = b"\x00" + data[1:5] + zigzag(1) + zigzag(index)
    assert data.startswith(expect), data[:8].hex()
    msg = cls()
    msg.ParseFromString(data[len(expect):])
    print(json_format.MessageToJson(msg, preserving_proto_field_name=True, indent=None, sort_keys=True))


main()
