#!/usr/bin/env python3
"""Generates the example models (stdlib only; nothing is ever unpickled).

- sentiment/model.pt: a clean PyTorch-layout state dict (ZIP with archive/data.pkl, archive/data/0, archive/version).
- legacy/classifier.pkl: a planted malicious pickle whose loading would run `os.system("echo pwned")`.
"""
import io
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def bu(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def g(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def state_dict():
    storage = b"(" + bu("storage") + g("torch", "FloatStorage") + bu("0") + bu("cpu") + b"K\x04tQ"
    tensor = g("torch._utils", "_rebuild_tensor_v2") + b"(" + storage + b"K\x00(K\x02K\x02t(K\x02K\x01t\x89" + g("collections", "OrderedDict") + b")RtR"
    return b"\x80\x02" + g("collections", "OrderedDict") + b")R(" + bu("classifier.weight") + tensor + b"u."


def write(relative, data):
    path = os.path.join(HERE, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def member(name):
    return zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))


buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr(member("archive/data.pkl"), state_dict())
    z.writestr(member("archive/byteorder"), b"little")
    z.writestr(member("archive/data/0"), struct.pack("<4f", 0.1, 0.2, 0.3, 0.4))
    z.writestr(member("archive/version"), b"3\n")
write("sentiment/model.pt", buf.getvalue())
write("legacy/classifier.pkl", b"\x80\x02" + g("posix", "system") + bu("echo pwned") + b"\x85R.")
