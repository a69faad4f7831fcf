import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import { checkHost } from '../../src/core/spf';
import type { Evaluation } from '../../src/core/spf';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import { COMPANY_CLIENTS, COMPANY_ZONE } from './provider-zones';

// Over the real DoH server with latency, the parallel evaluator gives what the strictly sequential one gives.
let server: DohServer;
beforeAll(async () => {
  server = await startDohServer({ zone: COMPANY_ZONE, latencyMs: 15 });
});
afterAll(async () => {
  await server?.close();
});

async function run(ip: string, parallel: boolean, path: string): Promise<{ evaluation: Evaluation; seen: string[] }> {
  const resolver = new DohResolver({ endpoints: [`${server.url}/${path}/dns-query`], timeoutMs: 3000 });
  const evaluation = await checkHost({ ip, domain: 'example.com', sender: 'billing@example.com', helo: 'mail.example.com' }, { resolver, parallel });
  const seen = server.queries.filter((q) => q.path.startsWith(`/${path}/`)).map((q) => `${q.type} ${q.name}`);
  return { evaluation, seen };
}

describe('prefetch over DoH with latency', () => {
  for (const [label, ip] of Object.entries(COMPANY_CLIENTS)) {
    it(`${label} (${ip}): same verdict, trace and counts as sequential; no more queries`, async () => {
      const sequential = await run(ip, false, `seq-${label}`);
      const parallel = await run(ip, true, `par-${label}`);
      expect(parallel.evaluation.result).toBe(sequential.evaluation.result);
      expect(parallel.evaluation.matchedPath).toEqual(sequential.evaluation.matchedPath);
      expect(parallel.evaluation.lookups).toEqual(sequential.evaluation.lookups);
      expect(parallel.evaluation.reason).toBe(sequential.evaluation.reason);
      expect(parallel.evaluation.trace).toEqual(sequential.evaluation.trace);
      if (label === 'unlisted') {
        // nothing matched: the sequential walk asked everything, so prefetching may not add anything
        expect(new Set(parallel.seen)).toEqual(new Set(sequential.seen));
        expect(parallel.evaluation.queries).toBe(sequential.evaluation.queries);
      }
      expect(parallel.evaluation.queries).toBeLessThanOrEqual(14);
    });
  }

  it('the unlisted client fails after exactly the 10 lookups of the tree', async () => {
    const { evaluation, seen } = await run(COMPANY_CLIENTS.unlisted, true, 'count');
    expect(evaluation.result).toBe('fail');
    expect(evaluation.lookups).toEqual({ count: 10, void: 0 });
    expect(new Set(seen).size).toBe(seen.length);
  });
});
