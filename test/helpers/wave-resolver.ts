/**
 * Counts sequential DNS round trips without a clock: queries are held and answered together, one batch (a
 * "wave") at a time, once the code has nothing left to do but wait. A query that needs an earlier answer can
 * only go out in a later wave, so the number of waves is the dependency depth of the work: the number of
 * round trips it takes whatever the network's speed. (A clock-based measure, 100 ms per answer, is in bench/.)
 */
import type { DnsResult, Resolver, RRType } from '../../src/core/dns/types';

export class WaveResolver implements Resolver {
  /** waves answered so far */
  waves = 0;
  /** queries asked, per wave (index 0 = first wave) */
  readonly log: string[][] = [];
  private pending: { name: string; type: RRType; signal?: AbortSignal; resolve: (r: Promise<DnsResult>) => void }[] = [];
  private scheduled = false;

  constructor(private readonly inner: Resolver) {}

  lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    return new Promise<DnsResult>((resolve) => {
      this.pending.push({ name, type, signal, resolve: (r) => resolve(r) });
      this.schedule();
    });
  }

  /** Answers the held queries once several turns of the event loop brought no new one. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    let quiet = 0;
    let seen = this.pending.length;
    const tick = (): void => {
      if (this.pending.length !== seen) {
        seen = this.pending.length;
        quiet = 0;
      } else quiet++;
      if (quiet < 5) {
        setImmediate(tick);
        return;
      }
      const batch = this.pending;
      this.pending = [];
      this.scheduled = false;
      this.waves++;
      this.log.push(batch.map((q) => `${q.type} ${q.name}`));
      for (const q of batch) q.resolve(this.inner.lookup(q.name, q.type, q.signal));
    };
    setImmediate(tick);
  }
}
