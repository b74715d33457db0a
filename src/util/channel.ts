// A stream one side pushes into as things happen and the other reads at its own pace: an
// engine's chunks, a station's text for the surface, the premium client's callbacks as events.
export interface Channel<T> {
  readonly stream: AsyncIterable<T>;
  push(value: T): void;
  end(): void;
  fail(error: unknown): void;
}

export function channel<T>(): Channel<T> {
  const queue: T[] = [];
  let done = false;
  let error: unknown;
  let failed = false;
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    stream: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (queue.length) {
            yield queue.shift()!;
            continue;
          }
          if (failed) throw error;
          if (done) return;
          await new Promise<void>((r) => {
            wake = r;
          });
        }
      },
    },
    push(value) {
      if (!done && !failed) {
        queue.push(value);
        poke();
      }
    },
    end() {
      if (!failed) {
        done = true;
        poke();
      }
    },
    fail(e) {
      if (!done) {
        failed = true;
        error = e;
        poke();
      }
    },
  };
}

/** A channel of text that drops empty chunks (a reader wakes only for text). */
export function textChannel(): Channel<string> {
  const c = channel<string>();
  return {
    ...c,
    push: (text) => {
      if (text) c.push(text);
    },
  };
}
