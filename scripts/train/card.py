# Writes the model's catalog entry (models/<name>.json) and model card (models/<name>.md) from
# what the dataset, tokenizer and training steps recorded in the work folder.
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))


def svg(log, w=560, h=220, pad=36):
    pts = [(e['step'], e['loss']) for e in log]
    held = [(e['step'], e['heldoutLoss']) for e in log if 'heldoutLoss' in e]
    xmax = max(s for s, _ in pts)
    ymax = max(l for _, l in pts + held)
    X = lambda s: pad + (w - 2 * pad) * s / xmax
    Y = lambda l: h - pad - (h - 2 * pad) * l / ymax
    line = ' '.join('%.1f,%.1f' % (X(s), Y(l)) for s, l in pts)
    dots = ''.join('<circle cx="%.1f" cy="%.1f" r="3" fill="#c0392b"/>' % (X(s), Y(l)) for s, l in held)
    ticks = ''.join('<text x="%d" y="%.1f" font-size="10" text-anchor="end">%.1f</text>' % (pad - 4, Y(v) + 3, v) for v in [0, ymax / 2, ymax])
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">'
            '<rect width="100%%" height="100%%" fill="white"/>'
            '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>%s'
            '<polyline fill="none" stroke="#2c6fbb" stroke-width="1.5" points="%s"/>%s'
            '<text x="%d" y="%d" font-size="11" text-anchor="end">step %d</text>'
            '<text x="%d" y="16" font-size="11">training loss (blue, mean of 25 steps), held-out loss (red)</text></svg>\n') % (
        w, h, pad, h - pad, w - pad, h - pad, pad, pad, pad, h - pad, ticks, line, dots, w - pad, h - 8, xmax, pad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', default=os.path.join(HERE, 'work'))
    ap.add_argument('--name', default='jig-layout-v1')
    a = ap.parse_args()
    rep = json.load(open(os.path.join(a.work, 'train-report.json')))
    log = json.load(open(os.path.join(a.work, 'loss.json')))
    summary = json.load(open(os.path.join(a.work, 'summary.json')))
    fixture = json.load(open(os.path.join(ROOT, 'models', a.name + '.tokens.json')))
    c = rep['config']
    entry = {
        'name': a.name, 'file': a.name + '.gguf', 'bytes': rep['bytes'], 'sha256': rep['sha256'], 'contextSize': c['ctx'], 'vocabSize': c['vocab'],
        'parameters': rep['params'],
        'trainedOn': '%d intents (%d distinct phrasings, 18 classes; %d of them on the first %d tokens of their layout only) paired with nested layouts built from the built-in catalog and the site recipes; every layout passes the seven gates' % (summary['train'], summary['uniqueIntents'], rep.get('prefixSamples', 0), rep.get('prefixTokens', 0)),
        'promptFormat': 'jig-layout-v1',
    }
    with open(os.path.join(ROOT, 'models', a.name + '.json'), 'w') as f:
        json.dump(entry, f, indent=1)
        f.write('\n')
    with open(os.path.join(ROOT, 'models', a.name + '.loss.svg'), 'w') as f:
        f.write(svg(log))
    rows = [e for e in log if 'heldoutLoss' in e or e['step'] % 200 == 0 or e is log[-1]]
    table = '\n'.join('| %d | %d | %d | %.3f | %s | %s |' % (e['step'], e['epoch'], e['seconds'], e['loss'], ('%.3f' % e['heldoutLoss']) if 'heldoutLoss' in e else '', ('%.5f' % e['lr']) if 'lr' in e else '') for e in rows)
    def wrote(g):
        try:
            return 'titled "%s"' % json.loads(g['text']).get('title', '')
        except ValueError:
            return 'not JSON'
    greedy = '\n'.join('- `%s` (held-out class %s): %d tokens, %s' % (g['intent'], g['class'], g['tokens'], wrote(g)) for g in fixture.get('greedy', []))
    requests = ('' if not summary.get('requests') else
                '\n\nThen %d from `scripts/train/requests.json`: %s requests written the way people write'
                ' them, by writers who read neither the templates nor any held-out set, each paired with %d'
                ' layouts of its class (every other one a prefix row); %d that repeated an eval intent or a held-out'
                " phrasing's words were left out." % (summary['requests'], format(summary['requestsRead'], ','),
                                                      summary['perRequest'], summary['requestsRefused']))
    card = f"""# {a.name}

Jig's own layout model: reads an intent, writes a layout in the nested generation form
(docs/engines.md, "The nested form"). The contract (prompt, output text, tokenizer) is in [README.md](README.md).

| | |
|---|---|
| File | `{a.name}.gguf`, {rep['bytes']:,} bytes (GGUF v3; F16 matrices, F32 norms) |
| sha256 | `{rep['sha256']}` |
| Architecture | llama (RMSNorm, RoPE base 10000 on adjacent pairs, SwiGLU, tied embeddings) |
| Size | {rep['params']:,} parameters: d={c['d']}, {c['layers']} layers, {c['heads']} heads, ff={c['ff']}, context {c['ctx']} |
| Vocabulary | {c['vocab']} tokens: 3 special, 128 ASCII bytes, `▁`, {c['vocab'] - 132} pieces learned on the dataset (llama.cpp SPM) |
| Seed | {rep['seed']} (weights, data order) |
| Training | {rep['steps']} steps of {rep['batch']} samples ({rep['epochs']} epochs), AdamW lr {rep['lr']} (warm-up 50 steps, cosine to 10%), {rep['seconds']} s on {rep['threads']} CPU thread(s) at {rep['tokensPerSecond']} tokens/s, PyTorch {rep['torch']} |
| Final loss | training {rep['finalLoss']}, held-out {rep['finalHeldoutLoss']} (per layout token) |

## Data

Built by `scripts/train/dataset.ts` from the built-in catalog and the site's recipes (the forms,
dashboards, workflows and content of eval/templates.ts, demo/examples and the clinic), seeded:
18 intent classes (newsletter, contact, booking, checkout address, login, signup, settings,
survey, wizard, dashboard, FAQ, pricing, profile, order status, search, RSVP, support ticket,
job application), {summary['train']} samples, {summary['uniqueIntents']} distinct intent texts, {summary['layoutChars']:,} characters
of whole layouts (mean {summary['meanChars']}, longest {summary['maxChars']}), {rep['trainTokens']:,} tokens with the prompts.
Every layout passes all seven gates once flattened. `--from FILE` adds the layouts people
rated up in a tuning dataset (JSONL).

The samples: {summary['train'] - summary.get('extra', 0) - summary.get('prefix', 0) - summary.get('requests', 0)} from each class's own phrasings and subjects (260 a class, some
wrapped the way people ask: "I need …", "… for our website"), then {summary.get('extra', 0)} from
`scripts/train/phrasings.ts`, the ways of asking a class has beyond its templates: names for the
UI ("mailing list form", "stepper form"), what it lets people do ("so members can sign back in"),
whole requests, terse and casual forms, and more subjects a class's titles follow; and
{summary.get('prefix', 0)} more of those trained on their layout's first {rep.get('prefixTokens', 0)} tokens only (`train.py
--prefix-tokens`): the part where the model commits to a kind of layout, at about half the tokens,
so the model meets many more requests for the same minutes.{requests}

**Held out** (never trained on): in each class about 15% of the phrasings and one subject (the
samples from phrasings.ts use no class's held-out subject and no request with a held-out phrasing's
words); the
{summary['valid']} samples written from them give the held-out loss. `eval/model-heldout.json` lists
{summary['heldout']} held-out intents with their fit checks: those {summary['valid']} plus 23 written by hand in words no
template uses.

## Loss

![loss curve]({a.name}.loss.svg)

| step | epoch | seconds | training loss | held-out loss | lr |
|---:|---:|---:|---:|---:|---:|
{table}

The training run's wall-time budget sets its schedule (`--minutes`): on a busier or quieter
machine the same command takes another number of steps. `--steps {rep['steps']}` replays the
step count with a step-based schedule; data order and initial weights follow the seed either way.

## Checked against wllama

`models/{a.name}.tokens.json` holds, for {len(fixture['cases'])} texts (prompts and layouts from the dataset,
held-out intents, awkward strings), the token ids of `scripts/train/spm.py` and the PyTorch
model's five likeliest next tokens, plus greedy layouts for held-out intents:

{greedy}

`test/browser/engines/{'layout-model_test.ts'}` loads the GGUF in wllama in Chromium and requires the same
token counts, the same next tokens (logprobs within 0.05) and the same greedy text.

## Command

```
npm run train            # node scripts/train/run.mjs: dataset, tokenizer, train, fixture, card
{rep['command']}
```
"""
    with open(os.path.join(ROOT, 'models', a.name + '.md'), 'w') as f:
        f.write(card)
    print(json.dumps(entry))


if __name__ == '__main__':
    main()
