// A call that runs once at a time: a second call while the first runs shares its promise.
export function singleFlight<A extends unknown[], T>(run: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let inflight: Promise<T> | undefined;
  return (...args) =>
    (inflight ??= run(...args).finally(() => {
      inflight = undefined;
    }));
}
