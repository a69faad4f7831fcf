import { describe, expect, it } from 'vitest';
import { checkHost } from '../../src/core/spf';
import { ZoneResolver } from '../helpers/zone-resolver';
import { identity, loadSuite } from './suite';

// The fast run of the OpenSPF suite over the in-memory resolver; conformance.test.ts runs it over real DoH.
const scenarios = loadSuite();

describe('RFC 7208 suite (in memory)', () => {
  it('has 16 scenarios and 203 tests', () => {
    expect(scenarios).toHaveLength(16);
    expect(scenarios.reduce((n, s) => n + s.tests.length, 0)).toBe(203);
  });
  for (const scenario of scenarios) {
    describe(scenario.description, () => {
      for (const test of scenario.tests) {
        it(test.id, async () => {
          const resolver = new ZoneResolver(scenario.zone);
          const { domain, sender } = identity(test);
          const evaluation = await checkHost({ ip: test.host, domain, sender, helo: test.helo }, { resolver, budgetMs: 5000 });
          expect(test.results, evaluation.reason).toContain(evaluation.result);
          if (test.explanation === 'DEFAULT') {
            expect(evaluation.explanation).toBeNull();
            expect(evaluation.defaultExplanation).toMatch(/ does not designate .* as a permitted sender$/);
          } else if (test.explanation !== undefined) {
            expect(evaluation.explanation).toBe(test.explanation);
          }
        });
      }
    });
  }
});
