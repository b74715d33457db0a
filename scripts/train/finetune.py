# `jig train --from`: fine-tunes Jig's layout model from an existing GGUF (its weights and its
# tokenizer) on accepted layouts, a few hundred steps, and exports the new GGUF with Jig's writer.
#
#   python3 scripts/train/finetune.py --base models/jig-layout-v1.gguf --data pairs.jsonl --out models/jig-layout-v2.gguf
#
# pairs.jsonl: {intent, text, weight} lines (text: the layout in the model's output form). Progress is
# one JSON object a line on stdout ({"step", "steps", "loss", "etaSeconds"}); the last line is the report.
import argparse
import hashlib
import json
import math
import os
import random
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import spm  # noqa: E402
from model import Config, LayoutModel  # noqa: E402
from train import encode_rows, eval_loss, export, tensors  # noqa: E402

SCALARS = {0: '<B', 1: '<b', 2: '<H', 3: '<h', 4: '<I', 5: '<i', 6: '<f', 7: '<?', 10: '<Q', 11: '<q', 12: '<d'}


def read_gguf(path):
    """The metadata and tensors of a GGUF v3 file with F32/F16 tensors (what Jig's writer makes)."""
    buf = open(path, 'rb').read()
    pos = 0

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from(fmt, buf, pos)[0]
        pos += struct.calcsize(fmt)
        return v

    def string():
        nonlocal pos
        n = take('<Q')
        s = buf[pos:pos + n].decode('utf-8')
        pos += n
        return s

    def value(t):
        if t == 8:
            return string()
        if t == 9:
            it, n = take('<I'), take('<Q')
            return [value(it) for _ in range(n)]
        return take(SCALARS[t])

    if buf[:4] != b'GGUF':
        raise ValueError('%s is not a GGUF file' % path)
    pos = 4
    version, n_tensors, n_kv = take('<I'), take('<Q'), take('<Q')
    if version != 3:
        raise ValueError('%s is GGUF version %d; this reader takes version 3' % (path, version))
    meta = {}
    for _ in range(n_kv):
        k = string()
        meta[k] = value(take('<I'))
    infos = []
    for _ in range(n_tensors):
        name = string()
        dims = [take('<Q') for _ in range(take('<I'))]
        infos.append((name, dims, take('<I'), take('<Q')))
    align = meta.get('general.alignment', 32)
    base = pos + (-pos) % align
    out = {}
    for name, dims, gtype, offset in infos:
        if gtype not in (0, 1):
            raise ValueError('tensor %s has GGUF type %d; only F32 and F16 are read' % (name, gtype))
        count = int(np.prod(dims))
        dt = np.float32 if gtype == 0 else np.float16
        a = np.frombuffer(buf, dtype=dt, count=count, offset=base + offset).astype(np.float32)
        out[name] = a.reshape(list(reversed(dims)))
    return meta, out


def model_from_gguf(path):
    meta, t = read_gguf(path)
    vocab = spm.Vocab.from_json({'tokens': meta['tokenizer.ggml.tokens'], 'scores': meta['tokenizer.ggml.scores'], 'types': meta['tokenizer.ggml.token_type']})
    cfg = Config(len(vocab.tokens), meta['llama.embedding_length'], meta['llama.block_count'], meta['llama.attention.head_count'],
                 meta['llama.feed_forward_length'], meta['llama.context_length'], meta['llama.attention.layer_norm_rms_epsilon'], meta.get('llama.rope.freq_base', 10000.0))
    model = LayoutModel(cfg)
    sd = {'embed.weight': t['token_embd.weight'], 'norm.weight': t['output_norm.weight']}
    names = {'attn_norm.weight': 'attn_norm', 'wq.weight': 'attn_q', 'wk.weight': 'attn_k', 'wv.weight': 'attn_v', 'wo.weight': 'attn_output',
             'ffn_norm.weight': 'ffn_norm', 'w_gate.weight': 'ffn_gate', 'w_up.weight': 'ffn_up', 'w_down.weight': 'ffn_down'}
    for i in range(cfg.layers):
        for k, g in names.items():
            sd['blocks.%d.%s' % (i, k)] = t['blk.%d.%s.weight' % (i, g)]
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()})
    return model, vocab, cfg, meta


def emit(obj):
    print(json.dumps(obj), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--base', required=True)
    ap.add_argument('--data', required=True, help='JSONL of {intent, text, weight}')
    ap.add_argument('--out', required=True)
    ap.add_argument('--name', default=None)
    ap.add_argument('--steps', type=int, default=300)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=5e-4)
    ap.add_argument('--seed', type=int, default=20261205)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(int(os.environ.get('JIG_TRAIN_THREADS', '1')))
    rng = random.Random(a.seed)
    t0 = time.time()
    model, vocab, cfg, meta = model_from_gguf(a.base)
    rows = [json.loads(l) for l in open(a.data) if l.strip()]
    if not rows:
        raise SystemExit('no training pairs in %s' % a.data)
    # A pair's weight is how many times it is seen per pass: feedback counts, repetition carries it.
    weighted = []
    for r in rows:
        weighted += [r] * max(1, min(8, int(round(r.get('weight', 1)))))
    samples = encode_rows(vocab, weighted, cfg.ctx)
    held = encode_rows(vocab, [r for r in rows if r.get('heldout')], cfg.ctx) or samples[: min(16, len(samples))]
    if not samples:
        raise SystemExit('every pair is longer than the model context (%d tokens)' % cfg.ctx)
    emit({'phase': 'loaded', 'base': os.path.basename(a.base), 'pairs': len(rows), 'samples': len(samples), 'params': sum(p.numel() for p in model.parameters()), 'seconds': round(time.time() - t0, 1)})

    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.0)
    warm = max(1, min(20, a.steps // 10))
    before = eval_loss(model, held)
    start = time.time()
    order = []
    losses = []
    log = []
    for step in range(1, a.steps + 1):
        if len(order) < a.batch:
            fresh = list(range(len(samples)))
            rng.shuffle(fresh)
            order += fresh
        idx, order = order[:a.batch], order[a.batch:]
        lr = a.lr * min(1.0, step / warm) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / a.steps)))
        for g in opt.param_groups:
            g['lr'] = lr
        x, y = tensors(samples, idx)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        if step % 10 == 0 or step == a.steps:
            el = time.time() - start
            entry = {'step': step, 'steps': a.steps, 'loss': round(sum(losses[-10:]) / len(losses[-10:]), 4), 'lr': round(lr, 6), 'seconds': round(el, 1), 'etaSeconds': round(el / step * (a.steps - step), 1)}
            log.append(entry)
            emit(entry)
    after = eval_loss(model, held)
    name = a.name or os.path.splitext(os.path.basename(a.out))[0]
    data = export(model, vocab, cfg, a.out, name)
    emit({'phase': 'done', 'name': name, 'file': a.out, 'bytes': len(data), 'sha256': hashlib.sha256(data).hexdigest(), 'steps': a.steps, 'batch': a.batch, 'lr': a.lr, 'seed': a.seed,
          'pairs': len(rows), 'samples': len(samples), 'lossBefore': round(before, 4), 'lossAfter': round(after, 4), 'seconds': round(time.time() - start, 1),
          'threads': torch.get_num_threads(), 'torch': torch.__version__, 'base': os.path.basename(a.base), 'log': log,
          'config': cfg.to_json()})


if __name__ == '__main__':
    main()
