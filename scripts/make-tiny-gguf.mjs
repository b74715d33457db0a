#!/usr/bin/env node
// Writes test/fixtures/models/tiny.gguf: a ~360 kB llama model with random F32 weights from a
// fixed seed and an ASCII byte vocabulary, so wllama can run real inference in tests offline.
// Deterministic and idempotent: the file is rewritten only when its bytes would differ.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'models', 'tiny.gguf');

const N_EMBD = 64,
  N_LAYER = 2,
  N_HEAD = 4,
  N_FF = 128,
  N_CTX = 2048,
  SEED = 20261125;
const ALIGN = 32;

// GGUF value types.
const T = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 };

// Vocabulary: <unk>, <s>, </s>, one byte token per ASCII byte, and the SentencePiece space.
// Only ASCII bytes: a full 256-byte vocabulary lets sampling produce invalid UTF-8.
const tokens = ['<unk>', '<s>', '</s>'];
const types = [2, 3, 3]; // unknown, control, control
for (let b = 0; b < 128; b++) {
  tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  types.push(6);
}
tokens.push('\u2581');
types.push(1); // normal
const N_VOCAB = tokens.length;

const metadata = [
  ['general.architecture', T.string, 'llama'],
  ['general.name', T.string, 'jig-tiny-random'],
  ['general.alignment', T.u32, ALIGN],
  ['llama.context_length', T.u32, N_CTX],
  ['llama.embedding_length', T.u32, N_EMBD],
  ['llama.block_count', T.u32, N_LAYER],
  ['llama.feed_forward_length', T.u32, N_FF],
  ['llama.attention.head_count', T.u32, N_HEAD],
  ['llama.attention.head_count_kv', T.u32, N_HEAD],
  ['llama.rope.dimension_count', T.u32, N_EMBD / N_HEAD],
  ['llama.attention.layer_norm_rms_epsilon', T.f32, 1e-5],
  ['tokenizer.ggml.model', T.string, 'llama'],
  ['tokenizer.ggml.tokens', T.array, { type: T.string, values: tokens }],
  ['tokenizer.ggml.scores', T.array, { type: T.f32, values: tokens.map(() => 0) }],
  ['tokenizer.ggml.token_type', T.array, { type: T.i32, values: types }],
  ['tokenizer.ggml.bos_token_id', T.u32, 1],
  ['tokenizer.ggml.eos_token_id', T.u32, 2],
  ['tokenizer.ggml.unknown_token_id', T.u32, 0],
];

// ggml shapes list the innermost dimension first.
const tensors = [
  ['token_embd.weight', [N_EMBD, N_VOCAB]],
  ['output_norm.weight', [N_EMBD], 'ones'],
];
for (let i = 0; i < N_LAYER; i++) {
  const p = `blk.${i}.`;
  tensors.push(
    [`${p}attn_norm.weight`, [N_EMBD], 'ones'],
    [`${p}attn_q.weight`, [N_EMBD, N_EMBD]],
    [`${p}attn_k.weight`, [N_EMBD, N_EMBD]],
    [`${p}attn_v.weight`, [N_EMBD, N_EMBD]],
    [`${p}attn_output.weight`, [N_EMBD, N_EMBD]],
    [`${p}ffn_norm.weight`, [N_EMBD], 'ones'],
    [`${p}ffn_gate.weight`, [N_EMBD, N_FF]],
    [`${p}ffn_up.weight`, [N_EMBD, N_FF]],
    [`${p}ffn_down.weight`, [N_FF, N_EMBD]],
  );
}

class Writer {
  chunks = [];
  size = 0;
  push(buf) {
    this.chunks.push(buf);
    this.size += buf.length;
  }
  u32(v) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad() {
    const n = (ALIGN - (this.size % ALIGN)) % ALIGN;
    if (n) this.push(Buffer.alloc(n));
  }
  value(type, v) {
    switch (type) {
      case T.u32:
        return this.u32(v);
      case T.i32:
        return this.i32(v);
      case T.f32:
        return this.f32(v);
      case T.bool:
        return this.push(Buffer.from([v ? 1 : 0]));
      case T.string:
        return this.str(v);
      case T.array:
        this.u32(v.type);
        this.u64(v.values.length);
        for (const x of v.values) this.value(v.type, x);
        return;
      default:
        throw new Error(`unknown GGUF type ${type}`);
    }
  }
}

// mulberry32: a small seeded generator, so every run writes the same bytes.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeTinyGguf() {
  const w = new Writer();
  w.push(Buffer.from('GGUF', 'ascii'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, type, value] of metadata) {
    w.str(key);
    w.u32(type);
    w.value(type, value);
  }

  const random = rng(SEED);
  const datas = [];
  let offset = 0;
  for (const [name, dims, init] of tensors) {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = Buffer.alloc(count * 4);
    const scale = 1 / Math.sqrt(dims[0]);
    for (let i = 0; i < count; i++) data.writeFloatLE(init === 'ones' ? 1 : (random() * 2 - 1) * scale, i * 4);
    w.str(name);
    w.u32(dims.length);
    for (const d of dims) w.u64(d);
    w.u32(0); // F32
    w.u64(offset);
    datas.push(data);
    offset += data.length + ((ALIGN - (data.length % ALIGN)) % ALIGN);
  }
  w.pad();
  for (const data of datas) {
    w.push(data);
    w.pad();
  }
  return Buffer.concat(w.chunks);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const bytes = makeTinyGguf();
  if (existsSync(OUT) && readFileSync(OUT).equals(bytes)) {
    console.log(`tiny.gguf is up to date (${bytes.length} bytes)`);
  } else {
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, bytes);
    console.log(`wrote ${OUT} (${bytes.length} bytes, vocabulary ${N_VOCAB})`);
  }
}
