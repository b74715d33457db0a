// Whether Chrome's built-in Prompt API can run here, and the typed shape of the part of it
// Jig uses (lib.dom has no types for it yet). Small, so capability detection can import it.
import { errorText } from '../engine.js';

export type PromptApiAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

/** The part of the Prompt API this engine uses (it has no TypeScript types in lib.dom yet). */
export interface LanguageModelSession {
  promptStreaming(
    input: string,
    opts?: { responseConstraint?: object; omitResponseConstraintInput?: boolean; signal?: AbortSignal },
  ): ReadableStream<string>;
  measureContextUsage?(input: string): Promise<number>;
  measureInputUsage?(input: string): Promise<number>;
  clone(opts?: { signal?: AbortSignal }): Promise<LanguageModelSession>;
  destroy(): void;
  readonly contextWindow?: number;
  readonly contextUsage?: number;
  readonly inputQuota?: number;
  readonly inputUsage?: number;
}
interface CreateMonitor extends EventTarget {}
interface LanguageModelStatic {
  availability(opts?: object): Promise<PromptApiAvailability>;
  create(opts?: {
    initialPrompts?: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
    expectedInputs?: Array<{ type: 'text'; languages?: string[] }>;
    expectedOutputs?: Array<{ type: 'text'; languages?: string[] }>;
    monitor?: (m: CreateMonitor) => void;
    signal?: AbortSignal;
  }): Promise<LanguageModelSession>;
}

export const TEXT_IO = {
  expectedInputs: [{ type: 'text' as const, languages: ['en'] }],
  expectedOutputs: [{ type: 'text' as const, languages: ['en'] }],
};

export function api(): LanguageModelStatic | undefined {
  return (globalThis as { LanguageModel?: LanguageModelStatic }).LanguageModel;
}

/** What the Prompt API says about this browser, with a sentence for the trace. Never throws. */
export async function promptApiAvailability(): Promise<{ availability: PromptApiAvailability; reason: string }> {
  const LM = api();
  if (!LM) {
    return {
      availability: 'unavailable',
      reason:
        globalThis.isSecureContext === false
          ? 'the Prompt API needs a secure context (https or localhost)'
          : 'this browser has no LanguageModel global (Chrome 138+ on desktop with the built-in model; not this build, or disabled by policy)',
    };
  }
  try {
    const availability = await LM.availability(TEXT_IO);
    const reason =
      {
        unavailable: 'the browser says its built-in model cannot run on this device (hardware, free storage or policy)',
        downloadable: 'the built-in model can run but must be downloaded first (needs a click to start)',
        downloading: 'the browser is downloading its built-in model',
        available: 'the built-in model is ready',
      }[availability] ?? `the Prompt API answered "${availability}"`;
    return { availability, reason };
  } catch (e) {
    return { availability: 'unavailable', reason: `LanguageModel.availability() failed: ${errorText(e)}` };
  }
}
