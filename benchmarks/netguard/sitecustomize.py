"""Benchmark-only: log (never block) every connection a server process opens beyond loopback, with its time."""
import ipaddress
import os
import socket
import time

_LOG = os.environ.get("BENCH_NET_LOG")
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _outside(address) -> bool:
    try:
        return not ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
    except ValueError:
        return str(address[0]) != "localhost"


def _log(self, address) -> None:
    if _LOG and self.family in (socket.AF_INET, socket.AF_INET6) and _outside(address):
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"{time.time():.3f} {address[0]}:{address[1]}\n")


def _guarded_connect(self, address, *args):
    _log(self, address)
    return _connect(self, address, *args)


def _guarded_connect_ex(self, address, *args):
    _log(self, address)
    return _connect_ex(self, address, *args)


if _LOG:
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
