# The layout model's tokenizer: llama.cpp's SPM ("llama") algorithm, as wllama runs it, and the
# learner that picks its merge pieces from the dataset. Training tokenizes with this file only.
import heapq
import json

SPACE = '\u2581'
UNK, BOS, EOS = 0, 1, 2


def byte_piece(b):
    return '<0x%02X>' % b


class Vocab:
    """tokens, scores, types as written to GGUF: <unk>, <s>, </s>, 128 byte tokens, the space, merges."""

    def __init__(self, merges):
        self.tokens = ['<unk>', '<s>', '</s>'] + [byte_piece(b) for b in range(128)] + [SPACE] + list(merges)
        self.types = [2, 3, 3] + [6] * 128 + [1] + [1] * len(merges)
        # Scores fall with merge rank, so the SPM queue merges the earliest-learned pair first.
        self.scores = [0.0] * (3 + 128 + 1) + [-float(i + 1) for i in range(len(merges))]
        self.index = {}
        for i, t in enumerate(self.tokens):
            if self.types[i] in (1,):  # only normal pieces are looked up by text
                self.index.setdefault(t, i)
        self.byte_id = {b: 3 + b for b in range(128)}

    def to_json(self):
        return {'tokens': self.tokens, 'scores': self.scores, 'types': self.types}

    @staticmethod
    def from_json(d):
        v = Vocab([])
        v.tokens, v.scores, v.types = d['tokens'], d['scores'], d['types']
        v.index = {}
        for i, t in enumerate(v.tokens):
            if v.types[i] == 1:
                v.index.setdefault(t, i)
        return v


def escape(text):
    # tokenizer.ggml.add_space_prefix is false: no leading space, every space becomes the SPM space.
    return text.replace(' ', SPACE)


def encode(vocab, text):
    """llama.cpp's llm_tokenizer_spm_session.tokenize on escaped text (no BOS/EOS)."""
    text = escape(text)
    if not text:
        return []
    # Symbols are UTF-8 characters; llama.cpp works on bytes, and ours are ASCII plus the space.
    sym_text = list(text)
    prev = [i - 1 for i in range(len(sym_text))]
    nxt = [i + 1 if i + 1 < len(sym_text) else -1 for i in range(len(sym_text))]
    alive = [True] * len(sym_text)
    size = [len(s.encode('utf-8')) for s in sym_text]
    heap = []
    rev_merge = {}

    def try_add(left, right):
        if left == -1 or right == -1:
            return
        t = sym_text[left] + sym_text[right]
        tid = vocab.index.get(t)
        if tid is None:
            return
        # llama.cpp's queue: highest score first; on a tie, the leftmost pair.
        heapq.heappush(heap, (-vocab.scores[tid], left, right, len(t.encode('utf-8'))))
        rev_merge[t] = (left, right)

    for i in range(1, len(sym_text)):
        try_add(i - 1, i)
    while heap:
        _, left, right, nbytes = heapq.heappop(heap)
        if not alive[left] or not alive[right] or size[left] + size[right] != nbytes:
            continue
        sym_text[left] = sym_text[left] + sym_text[right]
        size[left] += size[right]
        alive[right] = False
        nxt[left] = nxt[right]
        if nxt[right] != -1:
            prev[nxt[right]] = left
        try_add(prev[left], left)
        try_add(left, nxt[left])

    out = []
    i = 0
    while i != -1:
        t = sym_text[i]
        tid = vocab.index.get(t)
        if tid is not None:
            out.append(tid)
        else:
            # A symbol that formed no token is written as its bytes (merged symbols are always pieces).
            for b in t.encode('utf-8'):
                if b >= 128:
                    raise ValueError('non-ASCII byte %d in %r: the vocabulary has ASCII bytes only' % (b, text))
                out.append(vocab.byte_id[b])
        i = nxt[i]
    return out


def decode(vocab, ids):
    out = bytearray()
    for i in ids:
        if vocab.types[i] == 6:
            out.append(int(vocab.tokens[i][3:5], 16))
        elif vocab.types[i] == 1:
            out += vocab.tokens[i].replace(SPACE, ' ').encode('utf-8')
    return out.decode('utf-8')


def chunks_of(text, kind):
    """Pieces are learned inside chunks: JSON splits before each comma, prompts before each space."""
    text = escape(text)
    sep = ',' if kind == 'json' else SPACE
    parts, cur = [], ''
    for ch in text:
        if ch == sep and cur:
            parts.append(cur)
            cur = ''
        cur += ch
    if cur:
        parts.append(cur)
    return parts


def learn(texts, n_merges, max_len=40):
    """Byte-pair merges over weighted chunks, most frequent pair first (ties: smallest pair text)."""
    counts = {}
    for text, kind in texts:
        for c in chunks_of(text, kind):
            counts[c] = counts.get(c, 0) + 1
    words = [list(w) for w in counts]
    freq = list(counts.values())
    pairs = {}
    where = {}
    for wi, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pairs[(a, b)] = pairs.get((a, b), 0) + freq[wi]
            where.setdefault((a, b), set()).add(wi)
    merges = []
    while len(merges) < n_merges and pairs:
        (a, b), n = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if n < 2:
            break
        merged = a + b
        merges.append(merged)
        del pairs[(a, b)]
        for wi in where.pop((a, b), ()):
            w = words[wi]
            f = freq[wi]
            for x, y in zip(w, w[1:]):
                if (x, y) in pairs:
                    pairs[(x, y)] -= f
                    if pairs[(x, y)] <= 0:
                        del pairs[(x, y)]
            out = []
            i = 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(merged)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            words[wi] = out
            for x, y in zip(out, out[1:]):
                if len(x) + len(y) > max_len:
                    continue
                pairs[(x, y)] = pairs.get((x, y), 0) + f
                where.setdefault((x, y), set()).add(wi)
    return merges
