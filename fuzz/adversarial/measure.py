#!/usr/bin/env python3
"""Peak memory and wall time of the hostile inputs of issue #8, each scanned by the real CLI in its own process.

Usage: measure.py CLI_DLL [WORK_DIR] [CASE...]    (standard library only; needs GNU time at /usr/bin/time)

Every case builds a small repository under WORK_DIR (default: a temporary folder), runs
`/usr/bin/time -v dotnet CLI_DLL COMMAND .` inside it, and prints one markdown row: exit code, rule ids reported, peak RSS,
wall time, the budget that applies and whether the run stayed inside both 500 MB and that budget.
Cases reuse the committed fixtures under tests/fixtures where they exist; the rest are built here.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
MEMORY_LIMIT_MB = 500
PROCESS_SLACK_SECONDS = 10
EVIL_PICKLE = b"\x80\x02cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."


def write(repo, relative, data):
    path = os.path.join(repo, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def copy(repo, fixture, relative):
    path = os.path.join(repo, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(os.path.join(FIXTURES, fixture), path)


def gguf_string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def gguf_templates(count, size):
    """Defect 7: `count` chat templates of `size` bytes each (the 100 x 1 MB file took 200 s against 120 s)."""
    body = ("{{ message['content'] }} " * (size // 25 + 1))[:size]
    entries = (gguf_string("tokenizer.chat_template" if i == 0 else "tokenizer.chat_template.t%d" % i) + struct.pack("<I", 8) + gguf_string(body) for i in range(count))
    return b"GGUF" + struct.pack("<IQQ", 3, 0, count) + b"".join(entries)


def gguf_tensor_infos(count):
    """`count` real 24-byte tensor infos (empty name, no dimensions, f32, offset 0): held in memory until the data section is known."""
    return b"GGUF" + struct.pack("<IQQ", 3, count, 0) + struct.pack("<QIIQ", 0, 0, 0, 0) * count


def safetensors_big_header(tensors):
    """A header of about 100 MB (the most the reader accepts) naming `tensors` contiguous 4-byte tensors."""
    entries = ",".join('"t%d":{"dtype":"F32","shape":[1],"data_offsets":[%d,%d]}' % (i, 4 * i, 4 * i + 4) for i in range(tensors))
    header = ("{" + entries + "}").encode()
    return struct.pack("<Q", len(header)) + header + b"\0" * (4 * tensors)


def pickle_memo_strings(count, size):
    """Protocol 4: `count` distinct strings of `size` bytes, each memoised and popped, then None."""
    body = b"".join(b"X" + struct.pack("<I", size) + (b"%08d" % i) + b"A" * (size - 8) + b"\x94" + b"0" for i in range(count))
    return b"\x80\x04" + body + b"N."


def msgpack_nils(count):
    """A msgpack array32 of `count` nils."""
    return b"\xdd" + struct.pack(">I", count) + b"\xc0" * count


def gguf_count_lie():
    """A GGUF header declaring 2^62 tensors and 2^62 metadata pairs in a 32-byte file."""
    return b"GGUF" + struct.pack("<IQQ", 3, 1 << 62, 1 << 62) + b"\0" * 8


def nested_zip(depth, fan_out, leaf_bytes):
    """A 42.zip-style bomb: `fan_out` copies of the layer below at each of `depth` layers, the leaf being zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    compressed = b"".join(compressor.compress(chunk) for _ in range(leaf_bytes >> 20)) + compressor.flush()
    layer = raw_zip([("zeros.bin", compressed, crc_of_zeros(leaf_bytes), leaf_bytes)])
    for level in range(depth):
        members = []
        for i in range(fan_out):
            packed = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = packed.compress(layer) + packed.flush()
            members.append(("layer%d_%02d.zip" % (level, i), data, zlib.crc32(layer), len(layer)))
        layer = raw_zip(members)
    return layer


def crc_of_zeros(length):
    crc = 0
    chunk = b"\0" * (1 << 20)
    for _ in range(length >> 20):
        crc = zlib.crc32(chunk, crc)
    return crc


def raw_zip(members):
    """A ZIP of already-deflated members: (name, deflated data, crc, uncompressed size)."""
    local, central = b"", b""
    for name, data, crc, size in members:
        encoded = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0) + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    return local + central + end


def billion_laughs():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append("a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 9)))
    return ("\n".join(lines) + "\n").encode()


def sparse(repo, relative, size, head=b""):
    path = os.path.join(repo, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)


def case_overlap(copies, processors):
    def build(repo):
        for i in range(copies):
            copy(repo, "model-scan/hostile/overlap.zip", "models/overlap%02d.zip" % i)
    return build, {"DOTNET_PROCESSOR_COUNT": str(processors)}


def build_fifo(repo):
    write(repo, "models/real.pkl", EVIL_PICKLE)
    os.mkfifo(os.path.join(repo, "models", "model.pkl"))
    os.mkfifo(os.path.join(repo, "Dockerfile"))


def build_loop(repo):
    write(repo, "models/real.pkl", EVIL_PICKLE)
    os.makedirs(os.path.join(repo, "loop"))
    os.symlink("..", os.path.join(repo, "loop", "up"))
    os.symlink("b", os.path.join(repo, "a"))
    os.symlink("a", os.path.join(repo, "b"))


def build_outside_link(repo):
    os.makedirs(os.path.join(repo, "models"))
    os.symlink("/etc/passwd", os.path.join(repo, "models", "model.pkl"))


def dos_pickles(repo):
    folder = os.path.join(FIXTURES, "model-scan", "dos")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".pkl"):
            copy(repo, os.path.join("model-scan", "dos", name), "models/" + name)


# name, defect or bomb, command, builder, extra environment, budget (seconds) that applies
CASES = [
    ("gitignore-tracked-pickle", "1", "scan", lambda r: (write(r, ".gitignore", b"*.pkl\n"), write(r, "models/model.pkl", EVIL_PICKLE),
                                                         subprocess.run(["git", "-C", r, "init", "-q"], check=True),
                                                         subprocess.run(["git", "-C", r, "add", "-f", "models/model.pkl"], check=True)), {}, 120),
    ("long-first-literal-p0", "2", "model-scan", lambda r: write(r, "models/a.p", b"S'" + b"A" * 600 + b"'\np0\n0cposix\nsystem\n(S'id'\ntR."), {}, 120),
    ("numpy-object-descr", "3", "model-scan", lambda r: copy(r, "model-scan/malicious/object_array.npy", "models/a.npy"), {}, 120),
    ("backslash-name", "4", "model-scan", lambda r: (write(r, ".mlsecops.yml", b'version: 1\ngates:\n  model-scan:\n    exclude: ["**/fixtures/**"]\n'),
                                                      write(r, "models/fixtures\\evil.pkl", EVIL_PICKLE)), {}, 120),
    ("deep-vlen-h5", "5", "model-scan", lambda r: copy(r, "model-scan/hostile/deep-vlen.h5", "models/model.h5"), {}, 120),
    ("policy-45000-flow-seqs", "5", "scan", lambda r: write(r, ".mlsecops.yml", b"version: 1\nrules: " + b"[" * 45000 + b"]" * 45000 + b"\n"), {}, 120),
    ("fifo-model-and-dockerfile", "6", "scan", build_fifo, {}, 120),
    ("gguf-100x1MB-templates", "7", "model-scan", lambda r: write(r, "models/model.gguf", gguf_templates(100, 1 << 20)), {}, 120),
    ("gguf-300x1MB-templates", "7", "model-scan", lambda r: write(r, "models/model.gguf", gguf_templates(300, 1 << 20)), {}, 120),
    ("gguf-8M-tensor-infos", "bomb", "model-scan", lambda r: write(r, "models/model.gguf", gguf_tensor_infos(8_000_000)), {}, 120),
    ("symlink-loops", "8", "scan", build_loop, {}, 120),
    ("overlap-zip-x1", "9", "model-scan", *case_overlap(1, 2), 120),
    ("overlap-zip-x8", "9", "model-scan", *case_overlap(8, 8), 120),
    ("overlap-zip-x16-16cpu", "9", "model-scan", *case_overlap(16, 16), 120),
    ("link-out-of-repo", "10", "model-scan", build_outside_link, {}, 120),
    ("budget-then-payload", "11", "model-scan", lambda r: (write(r, ".mlsecops.yml", b"version: 1\ngates:\n  model-scan:\n    max-pickle-opcodes: 70000\n"),
                                                           copy(r, "model-scan/hostile/budget_then_payload.zip", "models/m.zip")), {}, 120),
    ("esc-names-empty-pkl", "12", "model-scan", lambda r: (write(r, "models/a\x1b[2Kb.pkl", EVIL_PICKLE), write(r, "models/empty.pkl", b"")), {"GITHUB_ACTIONS": "true"}, 120),
    ("pickle-dos-fixtures", "bomb", "model-scan", dos_pickles, {}, 120),
    ("zip-ratio-bomb", "bomb", "model-scan", lambda r: copy(r, "model-scan/malicious/bomb.zip", "models/bomb.zip"), {}, 120),
    ("nested-zip-16x16x16-256MiB", "bomb", "model-scan", lambda r: write(r, "models/42.zip", nested_zip(3, 16, 256 << 20)), {}, 120),
    ("keras-zip-bomb", "bomb", "model-scan", lambda r: copy(r, "model-scan/formats/keras/bomb.keras", "models/bomb.keras"), {}, 120),
    ("keras-deep-json", "bomb", "model-scan", lambda r: copy(r, "model-scan/formats/keras/deep-json.keras", "models/deep.keras"), {}, 120),
    ("onnx-deep-subgraphs", "bomb", "model-scan", lambda r: copy(r, "model-scan/formats/onnx/deep-subgraphs/model.onnx", "models/model.onnx"), {}, 120),
    ("savedmodel-attr-bomb", "bomb", "model-scan", lambda r: copy(r, "model-scan/formats/tensorflow/attr-bomb/saved_model.pb", "models/saved_model.pb"), {}, 120),
    ("gguf-count-lie", "bomb", "model-scan", lambda r: write(r, "models/lie.gguf", gguf_count_lie()), {}, 120),
    ("sparse-10GB-safetensors", "bomb", "model-scan", lambda r: sparse(r, "models/model.safetensors", 10 << 30, struct.pack("<Q", 2) + b"{}"), {}, 120),
    ("sparse-10GB-pickle", "bomb", "model-scan", lambda r: sparse(r, "models/model.pkl", 10 << 30, b"\x80\x04"), {}, 120),
    ("safetensors-100MB-header", "bomb", "model-scan", lambda r: write(r, "models/model.safetensors", safetensors_big_header(1_400_000)), {}, 120),
    ("pickle-200x1MB-memo-strings", "bomb", "model-scan", lambda r: write(r, "models/model.pkl", pickle_memo_strings(200, 1 << 20)), {}, 120),
    ("flax-50M-item-array", "bomb", "model-scan", lambda r: write(r, "models/flax_model.msgpack", msgpack_nils(50_000_000)), {}, 120),
    ("billion-laughs-manifest", "bomb", "deploy-audit", lambda r: write(r, "deploy/manifest.yaml", billion_laughs()), {}, 120),
    ("billion-laughs-policy", "bomb", "scan", lambda r: write(r, ".mlsecops.yml", b"version: 1\n" + billion_laughs()), {}, 120),
    ("sparse-10GB-csv", "bomb", "data-check", lambda r: sparse(r, "data/train.csv", 10 << 30, b"a,b\n1,2\n"), {}, 300),
    ("jsonl-100k-nesting", "bomb", "data-check", lambda r: write(r, "data/train.jsonl", b"[" * 100000 + b"\n"), {}, 300),
    ("csv-64MB-one-line", "bomb", "data-check", lambda r: write(r, "data/train.csv", b"a," * (32 << 20) + b"\n"), {}, 300),
]


def run(cli, work, case):
    name, defect, command, build, environment, budget = case
    repo = os.path.join(work, name)
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    build(repo)
    env = dict(os.environ, **environment)
    result = subprocess.run(["/usr/bin/time", "-v", "dotnet", cli, command, "."], cwd=repo, env=env, capture_output=True, text=True, errors="replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) // 1024
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", result.stderr).group(1)
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(clock.split(":"))))
    code = re.search(r"Exit status: (\d+)", result.stderr)
    status = int(code.group(1)) if code else -1
    # The budget is the gate's per-file allowance; the process also starts .NET, discovers files and writes its report.
    ok = rss <= MEMORY_LIMIT_MB and seconds <= budget + PROCESS_SLACK_SECONDS and status in (0, 1, 2)
    rules = " ".join(sorted(set(re.findall(r"\b(?:MOD|POL|DAT|DEP|DES)\d{3}\b", result.stdout + result.stderr))))
    print("| %s | %s | %s | %d | %s | %d | %.1f | %d | %s |" % (name, defect, command, status, rules or "-", rss, seconds, budget, "ok" if ok else "DEFECT"), flush=True)
    shutil.rmtree(repo, ignore_errors=True)
    return ok


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cli = os.path.abspath(sys.argv[1])
    work = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="mlsecops-adversarial-")
    only = set(sys.argv[3:])
    print("| case | defect | command | exit | rules reported | peak RSS MB | wall s | budget s | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    failed = sum(not run(cli, work, case) for case in CASES if not only or case[0] in only)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
