# Step 2 of `npm run train`: learns the layout model's SPM vocabulary (the pieces and their merge
# order) from the dataset and writes it for training and export.
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
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(os.path.join(a.work, 'train.jsonl'))]
    texts = []
    for r in rows:
        texts.append((prompt_of(r['intent']), 'prompt'))
        texts.append((r['text'], 'json'))
    merges = spm.learn(texts, a.vocab - 132)
    vocab = spm.Vocab(merges)
    with open(os.path.join(a.work, 'tokenizer.json'), 'w') as f:
        json.dump(vocab.to_json(), f)
    n = sum(len(spm.encode(vocab, r['text'])) for r in rows[:500])
    print(json.dumps({'vocab': len(vocab.tokens), 'merges': len(merges), 'meanLayoutTokens': round(n / 500, 1)}))


if __name__ == '__main__':
    main()
