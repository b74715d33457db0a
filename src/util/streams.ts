// A ReadableStream read as an async iterable in every browser (Safari's streams are not async
// iterable): chunks in order, and the stream cancelled when the reader stops early.

export async function* chunksOf<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Stopped early (a break, a throw, a size limit): nothing more is wanted from the source.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
