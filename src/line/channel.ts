// A text stream the line writes as a station produces it and a reader (the surface) consumes.
export interface TextChannel {
  readonly stream: AsyncIterable<string>;
  push(text: string): void;
  end(): void;
  fail(error: unknown): void;
}

export function textChannel(): TextChannel {
  const queue: string[] = [];
  let done = false;
  let error: unknown;
  let failed = false;
  let wake: (() => void) | undefined;
  const poke = () => { const w = wake; wake = undefined; w?.(); };
  return {
    stream: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (queue.length) { yield queue.shift()!; continue; }
          if (failed) throw error;
          if (done) return;
          await new Promise<void>((r) => { wake = r; });
        }
      },
    },
    push(text) { if (!done && !failed && text) { queue.push(text); poke(); } },
    end() { if (!failed) { done = true; poke(); } },
    fail(e) { if (!done) { failed = true; error = e; poke(); } },
  };
}
