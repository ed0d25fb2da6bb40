"""The offline guard itself: a test that reaches beyond loopback fails, loopback still works."""
import socket

import pytest

from tests.conftest import NetworkBlocked


def test_public_address_is_refused():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_name_resolution_is_refused():
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 443)


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        client = socket.create_connection(server.getsockname(), timeout=1)
        client.close()
    finally:
        server.close()
