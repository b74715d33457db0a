# The layout model in PyTorch: the llama architecture exactly as llama.cpp computes it (RMSNorm,
# RoPE on adjacent pairs, SwiGLU, tied embeddings), so the exported GGUF runs the same in wllama.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Config:
    def __init__(self, vocab, d=192, layers=4, heads=6, ff=512, ctx=512, eps=1e-5, rope_base=10000.0):
        self.vocab, self.d, self.layers, self.heads, self.ff, self.ctx = vocab, d, layers, heads, ff, ctx
        self.eps, self.rope_base = eps, rope_base

    def to_json(self):
        return dict(self.__dict__)


class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg, n):
    hd = cfg.d // cfg.heads
    inv = cfg.rope_base ** (-torch.arange(0, hd, 2, dtype=torch.float32) / hd)
    ang = torch.arange(n, dtype=torch.float32)[:, None] * inv[None, :]
    return ang.cos(), ang.sin()


def rope(x, cos, sin):
    # llama.cpp's LLAMA rope ("normal" mode) rotates adjacent pairs (x0, x1), (x2, x3), … of each
    # head, so weights need no permutation on export (the HF converter's permute undoes HF's halves).
    x0, x1 = x[..., 0::2], x[..., 1::2]
    return torch.stack((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, ff = cfg.d, cfg.ff
        self.heads = cfg.heads
        self.attn_norm = RMSNorm(d, cfg.eps)
        self.wq = nn.Linear(d, d, bias=False)
        self.wk = nn.Linear(d, d, bias=False)
        self.wv = nn.Linear(d, d, bias=False)
        self.wo = nn.Linear(d, d, bias=False)
        self.ffn_norm = RMSNorm(d, cfg.eps)
        self.w_gate = nn.Linear(d, ff, bias=False)
        self.w_up = nn.Linear(d, ff, bias=False)
        self.w_down = nn.Linear(ff, d, bias=False)

    def forward(self, x, cos, sin, mask):
        B, T, D = x.shape
        hd = D // self.heads
        h = self.attn_norm(x)
        q = self.wq(h).view(B, T, self.heads, hd).transpose(1, 2)
        k = self.wk(h).view(B, T, self.heads, hd).transpose(1, 2)
        v = self.wv(h).view(B, T, self.heads, hd).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd)) + mask
        y = F.softmax(att, dim=-1) @ v
        x = x + self.wo(y.transpose(1, 2).reshape(B, T, D))
        h = self.ffn_norm(x)
        return x + self.w_down(F.silu(self.w_gate(h)) * self.w_up(h))


class LayoutModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab, cfg.d)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.norm = RMSNorm(cfg.d, cfg.eps)
        cos, sin = rope_tables(cfg, cfg.ctx)
        self.register_buffer('cos', cos, persistent=False)
        self.register_buffer('sin', sin, persistent=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                std = 0.02 / math.sqrt(2 * cfg.layers) if name.endswith(('wo.weight', 'w_down.weight')) else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.embed(ids)
        mask = torch.full((T, T), float('-inf')).triu(1)
        cos, sin = self.cos[:T], self.sin[:T]
        for b in self.blocks:
            x = b(x, cos, sin, mask)
        # Tied output: llama.cpp uses token_embd when a GGUF has no output tensor.
        return self.norm(x) @ self.embed.weight.t()

    @torch.no_grad()
    def greedy(self, prompt_ids, max_new, eos):
        ids = list(prompt_ids)
        out = []
        for _ in range(max_new):
            if len(ids) >= self.cfg.ctx:
                break
            nxt = int(self(torch.tensor([ids]))[0, -1].argmax())
            if nxt == eos:
                break
            ids.append(nxt)
            out.append(nxt)
        return out
