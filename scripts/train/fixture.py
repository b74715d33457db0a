# Last step of `npm run train`: what the browser test holds wllama to. For ~50 dataset samples and a
# few awkward strings, the token ids of scripts/train/spm.py and the PyTorch model's five likeliest
# next tokens after them; and the PyTorch greedy layout for five held-out intents.
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, HERE)
import spm  # noqa: E402
from model import Config, LayoutModel  # noqa: E402


def prompt_of(intent):
    return 'Intent: %s\nLayout: ' % intent


def load(work):
    ck = torch.load(os.path.join(work, 'model.pt'))
    c = ck['config']
    cfg = Config(c['vocab'], c['d'], c['layers'], c['heads'], c['ff'], c['ctx'], c['eps'], c['rope_base'])
    model = LayoutModel(cfg)
    model.load_state_dict(ck['state'])
    # The GGUF stores matrices as F16: compute with the same rounded weights.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 2:
                p.copy_(p.half().float())
    model.eval()
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', default=os.path.join(HERE, 'work'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'models', 'jig-layout-v1.tokens.json'))
    ap.add_argument('--greedy', type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(int(os.environ.get('JIG_TRAIN_THREADS', '2')))
    vocab = spm.Vocab.from_json(json.load(open(os.path.join(a.work, 'tokenizer.json'))))
    rows = [json.loads(l) for l in open(os.path.join(a.work, 'train.jsonl'))][:25]
    valid = [json.loads(l) for l in open(os.path.join(a.work, 'valid.jsonl'))]
    heldout = json.load(open(os.path.join(ROOT, 'eval', 'model-heldout.json')))
    model = load(a.work)

    texts = []
    for r in rows + valid[:10]:
        texts += [prompt_of(r['intent']), r['text']]
    texts += [h['intent'] for h in heldout[-10:]]
    # Spaces in runs and at the ends, every printable ASCII sign, control bytes, and piece
    # fragments glued together, where a wrong merge order or space rule would show.
    texts += ['  leading and trailing  ', 'a  b   c', '~!@#$%^&*()_+`-={}|[]:;<>?,./', '\t\n\r tabs and newlines', 'propsprops":"":{"type":"type":"',
              'Intent: A page\nLayout: ', '{"version":1,"tree":{"type":"text","props":{"text":"a  b"}}}']
    cases = []
    for t in texts:
        ids = spm.encode(vocab, t)
        assert spm.decode(vocab, ids) == t, t
        with torch.no_grad():
            logp = torch.log_softmax(model(torch.tensor([[spm.BOS] + ids]))[0, -1], -1)
        top = torch.topk(logp, 5)
        cases.append({'text': t, 'ids': ids, 'next': [{'id': int(i), 'logprob': round(float(v), 4)} for v, i in zip(top.values, top.indices)]})

    greedy = []
    for h in heldout[:: max(1, len(heldout) // a.greedy)][:a.greedy]:
        ids = [spm.BOS] + spm.encode(vocab, prompt_of(h['intent']))
        out = model.greedy(ids, 400, spm.EOS)
        greedy.append({'intent': h['intent'], 'class': h['class'], 'text': spm.decode(vocab, out), 'tokens': len(out)})

    with open(a.out, 'w') as f:
        json.dump({'note': 'From scripts/train/fixture.py: ids of spm.py (no BOS/EOS), the PyTorch model\'s top-5 next tokens after BOS + ids, and its greedy layouts.',
                   'vocab': len(vocab.tokens), 'cases': cases, 'greedy': greedy}, f, indent=0)
        f.write('\n')
    print(json.dumps({'cases': len(cases), 'greedy': [g['tokens'] for g in greedy]}))


if __name__ == '__main__':
    main()
