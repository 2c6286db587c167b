#!/usr/bin/env python3
"""Frames for scripts/bench/vrrp-flood.sh: Ethernet + IPv4 datagrams that a VRRPv3 VRID 51 instance (VIP
192.0.2.100, advert_int 0.1 s) must drop, one hex line each, the same twelve kinds as the FloodTests CI test
(TTL, checksum, VRID, version, type, truncated, count, oversized, address list, priority 0 with TTL 1,
garbage, AH without VRRP). Each claims priority 254 or 0, so a receiver that let one through would change state.

Usage: vrrp-flood-frames.py SOURCE-MAC > frames.hex
"""
import random
import socket
import struct
import sys

SOURCE = socket.inet_aton("192.0.2.3")
GROUP = socket.inet_aton("224.0.0.18")
VIP = socket.inet_aton("192.0.2.100")


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def v3(vrid=51, priority=254, addresses=(VIP,), count=None, first=0x31, bad_checksum=False):
    """RFC 5798 §5.1: version 3, type 1; checksum over the IPv4 pseudo-header and the message."""
    body = struct.pack("!BBBBH", first, vrid, priority, len(addresses) if count is None else count, 10) + b"\0\0" + b"".join(addresses)
    pseudo = SOURCE + GROUP + struct.pack("!BBH", 0, 112, len(body))
    csum = checksum(pseudo + body) ^ (0x5A00 if bad_checksum else 0)
    return body[:6] + struct.pack("!H", csum) + body[8:]


def v2(vrid=51, priority=254, addresses=(VIP,)):
    """RFC 3768 §5.3: version 2, type 1, no authentication, interval 1 s."""
    body = struct.pack("!BBBBBB", 0x21, vrid, priority, len(addresses), 0, 1) + b"\0\0" + b"".join(addresses) + b"\0" * 8
    return body[:6] + struct.pack("!H", checksum(body)) + body[8:]


def ip(payload: bytes, ttl=255, protocol=112) -> bytes:
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(payload), 1, 0, ttl, protocol, 0, SOURCE, GROUP)
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:] + payload


def main():
    mac = bytes.fromhex(sys.argv[1].replace(":", ""))
    rnd = random.Random(3)
    garbage = bytes(rnd.randrange(256) for _ in range(60))
    valid = v3()
    datagrams = [
        ip(valid, ttl=64),                                     # ttl-64
        ip(v3(bad_checksum=True)),                             # bad-checksum
        ip(v3(vrid=52)),                                       # other-vrid
        ip(v2()),                                              # v2-to-v3
        ip(v3(first=0x32)),                                    # type-3
        ip(valid[:5]),                                         # truncated
        ip(v3(count=255)),                                     # count-255
        ip(valid + b"\0" * 200),                               # oversized
        ip(v3(addresses=(socket.inet_aton("192.0.2.99"),))),   # wrong-address-list
        ip(v3(priority=0), ttl=1),                             # priority-0-ttl-1
        ip(garbage),                                           # garbage
        ip(garbage, protocol=51),                              # ah-without-vrrp
    ]
    # Ethernet II to the VRRP group's multicast MAC (RFC 1112 §6.4: 01:00:5e + low 23 bits of 224.0.0.18).
    ethernet = bytes.fromhex("01005e000012") + mac + b"\x08\x00"
    for d in datagrams:
        print((ethernet + d).hex())


if __name__ == "__main__":
    main()
