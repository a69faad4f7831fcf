import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import { checkHost, DEFAULT_EXPLANATION } from '../../src/core/spf';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import { identity, loadSuite } from './suite';

// The OpenSPF RFC 7208 suite, every scenario served by the local DoH server and evaluated through the
// real DoH client: one vitest test per suite test. TIMEOUT entries hang, so the client's timeout is short.
const scenarios = loadSuite();
let server: DohServer;

beforeAll(async () => {
  server = await startDohServer({ timeoutBehaviour: 'hang' });
});
afterAll(async () => {
  await server?.close();
});

describe('RFC 7208 suite over DoH', () => {
  it('holds 16 scenarios and 203 tests', () => {
    expect(scenarios).toHaveLength(16);
    expect(scenarios.reduce((n, s) => n + s.tests.length, 0)).toBe(203);
  });

  for (const scenario of scenarios) {
    describe(scenario.description, () => {
      for (const test of scenario.tests) {
        for (const style of ['cloudflare', 'google'] as const) {
          // both JSON dialects (quoted TXT strings vs. joined) give the same verdicts
          if (style === 'google' && !test.explanation && !/record|txt|exp|macro/i.test(scenario.description)) continue;
          it(`${test.id}${style === 'google' ? ' (Google-style endpoint)' : ''}`, async () => {
            server.setZone(scenario.zone);
            // a path of its own per test, so late queries of an earlier test (cancelled prefetches) are told apart
            const prefix = `/${style}-${test.id}`;
            const endpoint = `${server.url}${prefix}${style === 'google' ? '/resolve' : '/dns-query'}`;
            // short only where the zone has a TIMEOUT entry (it hangs); elsewhere long enough that a busy machine
            // cannot turn a slow answer into a timeout
            const hangs = JSON.stringify(scenario.zone).includes('TIMEOUT');
            const resolver = new DohResolver({ endpoints: [endpoint], timeoutMs: hangs ? 300 : 5_000 });
            const { domain, sender } = identity(test);
            const evaluation = await checkHost({ ip: test.host, domain, sender, helo: test.helo }, { resolver, budgetMs: 10_000 });
            expect(test.results, evaluation.reason).toContain(evaluation.result);
            // every query the server saw was counted by the engine
            const seen = server.queries.filter((q) => q.path.startsWith(`${prefix}/`));
            expect(seen.length > 0).toBe(evaluation.queries > 0);
            expect(seen.length).toBeLessThanOrEqual(evaluation.queries);
            if (test.explanation === 'DEFAULT') {
              // no exp= applies: the engine's own words (DEFAULT_EXPLANATION) with the client address
              expect(evaluation.explanation).toBeNull();
              expect(DEFAULT_EXPLANATION).toBe('%{d} does not designate %{c} as a permitted sender');
              expect(evaluation.defaultExplanation).toMatch(new RegExp(`^[a-z0-9.]+ does not designate ${test.host.toLowerCase().replace(/\./g, '\\.')} as a permitted sender$`));
            } else if (test.explanation !== undefined) {
              expect(evaluation.explanation).toBe(test.explanation);
            }
          });
        }
      }
    });
  }
});
