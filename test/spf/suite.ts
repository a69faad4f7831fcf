/** Reads the vendored OpenSPF RFC 7208 suite and turns each scenario's zone into what a driver serves. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { ZoneData, ZoneEntry } from '../helpers/zone';
import type { SpfResult } from '../../src/core/spf';

export interface SuiteTest {
  id: string;
  scenario: string;
  helo: string;
  host: string;
  mailfrom: string;
  results: SpfResult[];
  explanation?: string;
}

export interface Scenario {
  description: string;
  tests: SuiteTest[];
  zone: ZoneData;
}

/**
 * The suite drivers' convention (README): an SPF record is also served as TXT for a name that has no
 * TXT entry at all; "TXT: NONE" is such an entry (it stops the copying) but serves nothing. Copies go
 * after a TIMEOUT marker, as in pyspf's driver, so they do not shield the marker.
 */
export function driverZone(zonedata: Record<string, unknown[]>): ZoneData {
  const zone: ZoneData = {};
  for (const [name, entries] of Object.entries(zonedata ?? {})) {
    const list = (entries ?? []) as ZoneEntry[];
    const hasTxt = list.some((e) => e !== 'TIMEOUT' && 'TXT' in e);
    const served: ZoneEntry[] = list.filter((e) => e === 'TIMEOUT' || !('TXT' in e && e.TXT === 'NONE'));
    if (!hasTxt) {
      for (const e of list) if (e !== 'TIMEOUT' && 'SPF' in e) served.push({ TXT: e.SPF });
    }
    zone[name] = served;
  }
  return zone;
}

export function loadSuite(): Scenario[] {
  const path = fileURLToPath(new URL('../fixtures/spf-suite/rfc7208-tests.yml', import.meta.url));
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const scenarios: Scenario[] = [];
  for (const doc of docs) {
    if (!('toJS' in doc)) throw new Error('YAML error in the suite');
    const data = doc.toJS() as { description: string; tests: Record<string, Record<string, unknown>>; zonedata: Record<string, unknown[]> };
    if (!data) continue;
    const tests = Object.entries(data.tests).map(([id, t]) => ({
      id,
      scenario: data.description,
      helo: String(t.helo),
      host: String(t.host),
      mailfrom: String(t.mailfrom ?? ''),
      results: (Array.isArray(t.result) ? t.result : [t.result]) as SpfResult[],
      ...(t.explanation !== undefined ? { explanation: String(t.explanation) } : {}),
    }));
    scenarios.push({ description: data.description, tests, zone: driverZone(data.zonedata) });
  }
  return scenarios;
}

/** The identity the driver checks: the MAIL FROM domain, or the HELO name for the null sender (RFC 7208 section 2.4). */
export function identity(test: SuiteTest): { domain: string; sender: string } {
  if (test.mailfrom === '') return { domain: test.helo, sender: '' };
  const at = test.mailfrom.lastIndexOf('@');
  return { domain: test.mailfrom.slice(at + 1), sender: test.mailfrom };
}
