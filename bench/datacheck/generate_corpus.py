#!/usr/bin/env python3
"""Writes a ~200 MB CSV and a ~200 MB JSON Lines corpus (chat-like text with rare planted PII and keys) to OUT (default /tmp/dc-bench).

Not committed output: run `python3 generate_corpus.py [OUT]`, then time `mlsecops data-check OUT`, `cat` and `rg` (see README.md).
"""
import json, os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dc-bench"
os.makedirs(os.path.join(out, "data"), exist_ok=True)
rng = random.Random(42)
words = ("the model answer user question data train label value system shipping order refund product review quality price "
         "delivery version 1.2.3 timestamp 2024-05-01 support ticket account update please thanks hello world").split()


def sentence():
    text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
    r = rng.random()
    if r < 0.001:
        text += " contact jane.doe@gmail.com"
    elif r < 0.0015:
        text += " card 4111 1111 1111 1111"
    elif r < 0.0017:
        text += " key AKIAZ7Q3KJ5D2PSWLN4X"
    return text


target = 200 * 1024 * 1024
with open(os.path.join(out, "data", "chat.csv"), "w") as f:
    f.write("id,user,text,label\n")
    i = size = 0
    while size < target:
        line = f'{i},u{i % 997},"{sentence()}",{i % 2}\n'
        f.write(line)
        size += len(line)
        i += 1
with open(os.path.join(out, "data", "chat.jsonl"), "w") as f:
    i = size = 0
    while size < target:
        line = json.dumps({"id": i, "messages": [{"role": "user", "content": sentence()}, {"role": "assistant", "content": sentence()}]}) + "\n"
        f.write(line)
        size += len(line)
        i += 1
