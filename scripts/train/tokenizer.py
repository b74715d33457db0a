# Step 2 of `npm run train`: learns the layout model's SPM vocabulary from the dataset and writes
# it, plus the token ids of 50 samples that the browser test compares with wllama's tokenizer.
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spm  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def prompt_of(intent):
    return 'Intent: %s\nLayout: ' % intent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', default=os.path.join(ROOT, 'scripts', 'train', 'work'))
    ap.add_argument('--vocab', type=int, default=1024)
    ap.add_argument('--fixture', default=os.path.join(ROOT, 'models', 'jig-layout-v1.tokens.json'))
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(os.path.join(a.work, 'train.jsonl'))]
    valid = [json.loads(l) for l in open(os.path.join(a.work, 'valid.jsonl'))]
    texts = []
    for r in rows:
        texts.append((prompt_of(r['intent']), 'prompt'))
        texts.append((r['text'], 'json'))
    merges = spm.learn(texts, a.vocab - 132)
    vocab = spm.Vocab(merges)
    with open(os.path.join(a.work, 'tokenizer.json'), 'w') as f:
        json.dump(vocab.to_json(), f)
    # The fixture: prompts and layouts, seen and held out, plus strings that stress the merge queue.
    cases = []
    for r in rows[:30] + valid[:15]:
        cases.append(prompt_of(r['intent']))
        cases.append(r['text'])
    cases += ['', ' ', '  leading and trailing  ', 'Intent: A page\nLayout: ', '{"version":1,"tree":{"type":"text","props":{"text":"a  b"}}}',
              '~!@#$%^&*()_+`-={}|[]:;<>?,./', '\t\n\r tabs and newlines', 'propsprops":"":{"type":"type":"']
    fixture = {'note': 'Token ids from scripts/train/spm.py (llama.cpp SPM, add_space_prefix false, no BOS/EOS).',
               'vocab': len(vocab.tokens), 'cases': [{'text': t, 'ids': spm.encode(vocab, t)} for t in cases]}
    for c in fixture['cases']:
        assert spm.decode(vocab, c['ids']) == c['text'], c['text']
    with open(a.fixture, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    n = sum(len(spm.encode(vocab, r['text'])) for r in rows[:500])
    print(json.dumps({'vocab': len(vocab.tokens), 'merges': len(merges), 'meanLayoutTokens': round(n / 500, 1), 'fixtureCases': len(cases)}))


if __name__ == '__main__':
    main()
