#!/usr/bin/env python3
"""A minimal SNTP server (RFC 4330) for the device image's test network:
answers every request on HOST:123 with the host's clock, for at most
--lifetime seconds. Prints READY once bound.

    sntp_server.py HOST [--lifetime S]
"""
import argparse
import socket
import struct
import time

NTP_EPOCH_OFFSET = 2208988800  # 1900-01-01 to 1970-01-01


def ntp_stamp(t):
    secs = int(t)
    return struct.pack("!II", secs + NTP_EPOCH_OFFSET, int((t - secs) * (1 << 32)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("--lifetime", type=float, default=600.0)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.host, 123))
    print("READY", flush=True)
    deadline = time.monotonic() + a.lifetime
    while time.monotonic() < deadline:
        s.settimeout(1.0)
        try:
            req, peer = s.recvfrom(512)
        except socket.timeout:
            continue
        if len(req) < 48:
            continue
        now = time.time()
        # LI 0, version 4, mode 4 (server); stratum 1; the client's transmit
        # timestamp returned as the originate timestamp.
        head = struct.pack("!BBbb", 0x24, 1, 6, -20) + b"\0" * 8 + b"LOCL"
        reply = head + ntp_stamp(now) + req[40:48] + ntp_stamp(now) + ntp_stamp(time.time())
        s.sendto(reply, peer)


if __name__ == "__main__":
    main()
