# Steps 3 and 4 of `npm run train`: trains the layout model on the tokenized dataset (seeded, a
# fixed data order, two threads) and exports it to GGUF with Jig's writer, with its catalog entry.
import argparse
import hashlib
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'gguf'))
import spm  # noqa: E402
from model import Config, LayoutModel  # noqa: E402
from writer import ARRAY, F32, I32, STRING, U32, BOOL, GgufWriter  # noqa: E402


def prompt_of(intent):
    return 'Intent: %s\nLayout: ' % intent


def encode_rows(vocab, rows, ctx, prefix_tokens=0):
    """[BOS] prompt layout [EOS]; prompt and layout are tokenized apart, as the engine does. A
    row marked `prefix` keeps only its layout's first prefix_tokens tokens (no EOS): the part
    where the model commits to a kind of layout, so many more requests fit in the same time."""
    out = []
    for r in rows:
        if r.get('prefix') and not prefix_tokens:
            continue
        p = [spm.BOS] + spm.encode(vocab, prompt_of(r['intent']))
        c = spm.encode(vocab, r['text']) + [spm.EOS]
        if r.get('prefix'):
            c = c[:prefix_tokens]
        if len(p) + len(c) <= ctx:
            out.append((p, c))
    return out


def batches(samples, batch, rng):
    """One epoch: shuffled, then grouped by length so little of a batch is padding."""
    order = list(range(len(samples)))
    rng.shuffle(order)
    groups = []
    span = batch * 16
    for i in range(0, len(order), span):
        chunk = sorted(order[i:i + span], key=lambda j: len(samples[j][0]) + len(samples[j][1]))
        groups += [chunk[k:k + batch] for k in range(0, len(chunk), batch)]
    rng.shuffle(groups)
    return groups


def tensors(samples, idx):
    T = max(len(samples[j][0]) + len(samples[j][1]) for j in idx) - 1
    x = torch.full((len(idx), T), spm.EOS, dtype=torch.long)
    y = torch.full((len(idx), T), -100, dtype=torch.long)
    for b, j in enumerate(idx):
        p, c = samples[j]
        seq = p + c
        x[b, :len(seq) - 1] = torch.tensor(seq[:-1])
        # Loss on the layout and its EOS only: the intent is given, never generated.
        y[b, len(p) - 1:len(seq) - 1] = torch.tensor(c)
    return x, y


@torch.no_grad()
def eval_loss(model, samples, batch=16):
    model.eval()
    tot, n = 0.0, 0
    for i in range(0, len(samples), batch):
        x, y = tensors(samples, list(range(i, min(i + batch, len(samples)))))
        logits = model(x)
        tot += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100, reduction='sum').item()
        n += int((y != -100).sum())
    model.train()
    return tot / n


def export(model, vocab, cfg, path, name):
    w = GgufWriter()
    w.add('general.architecture', STRING, 'llama')
    w.add('general.name', STRING, name)
    w.add('llama.context_length', U32, cfg.ctx)
    w.add('llama.embedding_length', U32, cfg.d)
    w.add('llama.block_count', U32, cfg.layers)
    w.add('llama.feed_forward_length', U32, cfg.ff)
    w.add('llama.attention.head_count', U32, cfg.heads)
    w.add('llama.attention.head_count_kv', U32, cfg.heads)
    w.add('llama.rope.dimension_count', U32, cfg.d // cfg.heads)
    w.add('llama.rope.freq_base', F32, cfg.rope_base)
    w.add('llama.attention.layer_norm_rms_epsilon', F32, cfg.eps)
    w.add('llama.vocab_size', U32, cfg.vocab)
    w.add('tokenizer.ggml.model', STRING, 'llama')
    w.add('tokenizer.ggml.tokens', ARRAY, vocab.tokens, STRING)
    w.add('tokenizer.ggml.scores', ARRAY, vocab.scores, F32)
    w.add('tokenizer.ggml.token_type', ARRAY, vocab.types, I32)
    w.add('tokenizer.ggml.bos_token_id', U32, spm.BOS)
    w.add('tokenizer.ggml.eos_token_id', U32, spm.EOS)
    w.add('tokenizer.ggml.unknown_token_id', U32, spm.UNK)
    w.add('tokenizer.ggml.add_bos_token', BOOL, True)
    w.add('tokenizer.ggml.add_eos_token', BOOL, False)
    w.add('tokenizer.ggml.add_space_prefix', BOOL, False)
    sd = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}
    w.tensor('token_embd.weight', sd['embed.weight'], f16=True)
    w.tensor('output_norm.weight', sd['norm.weight'])
    names = {'attn_norm.weight': 'attn_norm', 'wq.weight': 'attn_q', 'wk.weight': 'attn_k', 'wv.weight': 'attn_v', 'wo.weight': 'attn_output',
             'ffn_norm.weight': 'ffn_norm', 'w_gate.weight': 'ffn_gate', 'w_up.weight': 'ffn_up', 'w_down.weight': 'ffn_down'}
    for i in range(cfg.layers):
        for k, g in names.items():
            a = sd['blocks.%d.%s' % (i, k)]
            w.tensor('blk.%d.%s.weight' % (i, g), a, f16=a.ndim == 2)
    data = w.to_bytes()
    with open(path, 'wb') as f:
        f.write(data)
    return data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', default=os.path.join(HERE, 'work'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'models'))
    ap.add_argument('--name', default='jig-layout-v1')
    ap.add_argument('--seed', type=int, default=20261205)
    ap.add_argument('--steps', type=int, default=0, help='train this many steps (the schedule follows steps: a rerun is step-for-step the same)')
    ap.add_argument('--minutes', type=float, default=25.0, help='without --steps: train for this wall time, the schedule following the clock')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--d', type=int, default=128)
    ap.add_argument('--layers', type=int, default=4)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--ff', type=int, default=384)
    ap.add_argument('--ctx', type=int, default=512)
    ap.add_argument('--prefix-tokens', type=int, default=48, help="train rows marked prefix on their layout's first N tokens (0: leave them out)")
    ap.add_argument('--bench', type=float, default=0, help='only measure tokens/s for this many seconds')
    ap.add_argument('--like', default=None, help="take the model's shape (d, layers, heads, ff, ctx) from this GGUF")
    a = ap.parse_args()
    if a.like:
        from finetune import read_gguf  # a retraining from scratch keeps the shape of the model it replaces
        meta, _ = read_gguf(a.like)
        a.d, a.layers, a.heads = meta['llama.embedding_length'], meta['llama.block_count'], meta['llama.attention.head_count']
        a.ff, a.ctx = meta['llama.feed_forward_length'], meta['llama.context_length']

    torch.manual_seed(a.seed)
    torch.set_num_threads(int(os.environ.get("JIG_TRAIN_THREADS", "2")))
    rng = random.Random(a.seed)
    vocab = spm.Vocab.from_json(json.load(open(os.path.join(a.work, 'tokenizer.json'))))
    rows = [json.loads(l) for l in open(os.path.join(a.work, 'train.jsonl'))]
    valid_rows = [json.loads(l) for l in open(os.path.join(a.work, 'valid.jsonl'))]
    t0 = time.time()
    train = encode_rows(vocab, rows, a.ctx, a.prefix_tokens)
    valid = encode_rows(vocab, valid_rows, a.ctx)
    train_tokens = sum(len(p) + len(c) for p, c in train)
    print('encoded %d samples (%d tokens), %d held-out in %.1fs' % (len(train), train_tokens, len(valid), time.time() - t0), flush=True)

    cfg = Config(len(vocab.tokens), a.d, a.layers, a.heads, a.ff, a.ctx)
    model = LayoutModel(cfg)
    params = sum(p.numel() for p in model.parameters())
    decay = [p for p in model.parameters() if p.dim() == 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': no_decay, 'weight_decay': 0.0}], lr=a.lr, betas=(0.9, 0.95))
    warm = 50 if not a.steps else min(50, a.steps // 10)

    def progress(step):
        # On a shared machine the speed varies; a wall-time budget still ends annealed.
        return step / a.steps if a.steps else (time.time() - start) / (a.minutes * 60)

    def lr_at(step):
        if step < warm:
            return a.lr * (step + 1) / warm
        return a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress(step)))))

    log = []
    lrs = []
    step, epoch, seen = 0, 0, 0
    start = time.time()
    window, wtok = [], 0
    print('params %d, vocab %d, steps %s, batch %d, threads %d' % (params, cfg.vocab, a.steps or '%g min' % a.minutes, a.batch, torch.get_num_threads()), flush=True)
    done = False
    while not done:
        for idx in batches(train, a.batch, rng):
            lr = lr_at(step)
            for g in opt.param_groups:
                g['lr'] = lr
            x, y = tensors(train, idx)
            logits = model(x)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            seen += x.numel()
            window.append(loss.item())
            elapsed = time.time() - start
            if a.bench and elapsed > a.bench:
                print(json.dumps({'bench': True, 'steps': step, 'seconds': round(elapsed, 1), 'tokensPerSecond': round(seen / elapsed), 'loss': round(loss.item(), 3)}), flush=True)
                return
            lrs.append(lr)
            if step % 25 == 0:
                entry = {'step': step, 'epoch': epoch, 'seconds': round(elapsed), 'loss': round(sum(window) / len(window), 4), 'lr': round(lr, 6)}
                window = []
                if step % 500 == 0:
                    entry['heldoutLoss'] = round(eval_loss(model, valid), 4)
                log.append(entry)
                print(json.dumps(entry), flush=True)
                with open(os.path.join(a.work, 'loss.json'), 'w') as f:
                    json.dump(log, f)
            if (a.steps and step >= a.steps) or (not a.steps and progress(step) >= 1):
                done = True
                break
        epoch += 1

    elapsed = time.time() - start
    if not log or log[-1]['step'] != step:
        log.append({'step': step, 'epoch': epoch, 'seconds': round(elapsed), 'loss': round(sum(window) / max(1, len(window)), 4)})
    log[-1]['heldoutLoss'] = round(eval_loss(model, valid), 4)
    torch.save({'config': cfg.to_json(), 'state': model.state_dict()}, os.path.join(a.work, 'model.pt'))
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, a.name + '.gguf')
    data = export(model, vocab, cfg, path, a.name)
    sha = hashlib.sha256(data).hexdigest()
    report = {
        'name': a.name, 'seed': a.seed, 'steps': step, 'budget': ('%d steps' % a.steps) if a.steps else ('%g minutes' % a.minutes), 'threads': torch.get_num_threads(), 'batch': a.batch, 'lr': a.lr, 'epochs': round(step * a.batch / len(train), 2),
        'seconds': round(elapsed), 'tokensPerSecond': round(seen / elapsed), 'params': params, 'config': cfg.to_json(),
        'trainSamples': len(train), 'prefixSamples': sum(1 for r in rows if r.get('prefix')) if a.prefix_tokens else 0, 'prefixTokens': a.prefix_tokens, 'trainTokens': train_tokens, 'heldoutSamples': len(valid), 'bytes': len(data), 'sha256': sha,
        'finalLoss': log[-1]['loss'], 'finalHeldoutLoss': log[-1].get('heldoutLoss'), 'command': ' '.join(['python3'] + sys.argv),
        'torch': torch.__version__,
    }
    with open(os.path.join(a.work, 'loss.json'), 'w') as f:
        json.dump(log, f)
    with open(os.path.join(a.work, 'lr.json'), 'w') as f:
        json.dump(lrs, f)
    with open(os.path.join(a.work, 'train-report.json'), 'w') as f:
        json.dump(report, f, indent=1)
    print(json.dumps(report), flush=True)


if __name__ == '__main__':
    main()
