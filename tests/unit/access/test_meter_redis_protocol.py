"""The meter's Redis commands are framed exactly as redis-py frames them."""

import pytest
from redis._parsers.encoders import Encoder
from redis.connection import PythonRespSerializer

from herald.access.meter_redis import _command


@pytest.mark.parametrize("parts", [
    ("GET", "herald:1:access:page:example.org/europe/story/?#full"),
    ("EVALSHA", "0" * 40, 3, "herald:1:meter:a:692:ab", "k2", "k3", 33, 1, 20753, ""),
    ("GET", "clé-non-ascii"),
])
def test_commands_are_framed_as_redis_py_frames_them(parts):
    packer = PythonRespSerializer(6000, Encoder("utf-8", "strict", False).encode)
    assert _command(*parts) == b"".join(packer.pack(*parts))
