// A circuit breaker per server instance: after N consecutive upstream failures it opens and
// refuses calls for a cool-down, then lets one probe through (half-open) to test the water.

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) return 'half-open';
    return this.current;
  }

  /** May a call go out now? In half-open, only one probe at a time. */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || this.probing) return false;
    this.current = 'half-open';
    this.probing = true;
    return true;
  }

  /** Seconds until a probe may go out (for Retry-After). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.cooldownMs - this.now()) / 1000));
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  failure(): void {
    this.failures++;
    if (this.current === 'half-open' || this.failures >= this.threshold) {
      this.current = 'open';
      this.openedAt = this.now();
      this.probing = false;
    }
  }

  /** A call that ended without a verdict (the client went away): free the probe slot. */
  release(): void {
    this.probing = false;
  }
}
