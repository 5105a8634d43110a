#!/usr/bin/env python3
"""Generates the non-pickle model files of the example ML repository (Python 3 stdlib only).

Planted problems, which the model-scan gate must block:
  chat/tokenizer_config.json   chat template with the CVE-2024-34359 Jinja sandbox escape (MOD071)
  keras-lambda/model.keras     Keras v3 model with a Lambda layer holding marshalled bytecode (MOD050)
Clean controls, which must pass:
  encoder/                     safetensors weights, HF config, ChatML tokenizer config, MIT model card
  classifier/model.keras       Keras v3 Dense model

    python3 examples/ml-repo/models/generate_formats.py
"""
import base64
import json
import marshal
import os
import struct
import zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))

CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
          "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
# Inert payload ('touch /tmp/x'); the scanner never renders templates.
SSTI = ("{% for c in [].__class__.__base__.__subclasses__() %}{% if c.__name__ == 'catch_warnings' %}"
        "{{ c()._module.__builtins__['__import__']('os').system('touch /tmp/x') }}{% endif %}{% endfor %}" + CHATML)


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def safetensors(tensors):
    header, data = {"__metadata__": {"format": "pt"}}, b""
    for name, (dtype, shape, size) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + size]}
        data += b"\0" * size
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def keras(rel, layers):
    model = {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "model", "layers": layers}}
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("metadata.json", json.dumps({"keras_version": "3.8.0"})), ("config.json", json.dumps(model)),
                           ("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 56)):
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def dense(name, units):
    return {"module": "keras.layers", "class_name": "Dense", "registered_name": None, "config": {"name": name, "units": units, "activation": "relu"}}


def main():
    write("encoder/model.safetensors", safetensors({"embed.weight": ("F32", [8, 4], 128), "embed.bias": ("F32", [4], 16)}))
    write("encoder/config.json", json.dumps({"model_type": "bert", "architectures": ["BertModel"], "hidden_size": 4}, indent=2))
    write("encoder/tokenizer_config.json", json.dumps({"bos_token": "<s>", "eos_token": "</s>", "chat_template": CHATML}, indent=2))
    write("encoder/README.md", "---\nlicense: mit\nlibrary_name: transformers\n---\n# Encoder\n\nA tiny example encoder.\n")
    write("chat/tokenizer_config.json", json.dumps({"bos_token": "<s>", "eos_token": "</s>", "chat_template": SSTI}, indent=2))
    keras("classifier/model.keras", [dense("hidden", 8), dense("out", 1)])
    code = base64.b64encode(marshal.dumps(compile("lambda x: x * 2", "<example>", "eval").co_consts[0])).decode()
    lam = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
           "config": {"name": "scale", "function": {"class_name": "__lambda__", "config": {"code": code, "defaults": None, "closure": None}}}}
    keras("keras-lambda/model.keras", [dense("hidden", 8), lam])


if __name__ == "__main__":
    main()
