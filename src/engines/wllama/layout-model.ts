// Jig's own layout model (models/jig-layout-v1.*): its catalog entry and the prompt it was trained
// on. It reads an intent and writes the nested generation form, decoded under the catalog's grammar.

/** What a site needs to know to serve and load the model. */
export interface LayoutModelEntry {
  /** The name traces and events use. */
  name: string;
  /** The GGUF file, relative to the package's models/ folder. */
  file: string;
  bytes: number;
  sha256: string;
  /**
   * Context window it was trained with, in tokens. Load it with more (1024): llama.cpp refuses
   * a request whose prompt and token budget together pass the window, and layouts stay short.
   */
  contextSize: number;
  vocabSize: number;
  /** One line on its training data. */
  trainedOn: string;
  /** How it reads a request (see layoutPrompt). */
  promptFormat: 'jig-layout-v1';
}

/**
 * Jig's layout model, version 1. Its facts mirror models/jig-layout-v1.json (a test keeps them
 * equal), so the page that loads it needs no JSON import.
 */
export const JIG_LAYOUT_V1: LayoutModelEntry = {
  name: 'jig-layout-v1',
  file: 'jig-layout-v1.gguf',
  bytes: 1_997_632,
  sha256: 'd21d4d4e90c0de9ea1b8cafd5ef84b6e823ecd98314e9c49cf6187b8b3279c93',
  contextSize: 512,
  vocabSize: 1024,
  trainedOn:
    '36696 intents (26710 distinct phrasings, 18 classes; 15108 of them on the first 48 tokens of their layout only) paired with nested layouts built from the built-in catalog and the site recipes; every layout passes the seven gates',
  promptFormat: 'jig-layout-v1',
};

/** Longest intent the prompt carries; the rest is cut so the layout keeps its context. */
const MAX_INTENT = 300;

/**
 * The text the model continues, exactly as in training (after the BOS token llama.cpp adds):
 * `Intent: <intent>\nLayout: `. The intent is one line of printable text.
 */
export function layoutPrompt(intent: string): string {
  // eslint-disable-next-line no-control-regex
  const line = intent
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INTENT);
  return `Intent: ${line}\nLayout: `;
}
