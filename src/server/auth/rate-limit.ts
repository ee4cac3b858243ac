/**
 * Counts failed attempts per key within a sliding window. In memory: enough for one process;
 * several instances would need a shared counter.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until the key may try again, or 0 if it may try now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  // Bounds memory when many keys are tried once.
  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (!times.some((t) => t > now - this.windowMs)) this.failures.delete(key);
    }
  }
}

/**
 * Counts every request per key within a sliding window (public forms: intake, booking), so one
 * client cannot fill the inbox. Same memory bounds as FailureLimiter.
 */
export class RequestLimiter {
  private readonly counter: FailureLimiter;

  constructor(maxRequests: number, windowMs: number) {
    this.counter = new FailureLimiter(maxRequests, windowMs);
  }

  /** Counts one request; milliseconds to wait when over the limit (the request is then not counted), else 0. */
  take(key: string, now: number): number {
    const wait = this.counter.retryAfter(key, now);
    if (wait === 0) this.counter.fail(key, now);
    return wait;
  }
}
