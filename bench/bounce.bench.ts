/**
 * Bounce reader throughput and growth. Run: npx tsx bench/bounce.bench.ts
 * Prints MB/s on a 1 MB mailbox-like text (the corpus messages one after another) and, for
 * adversarial inputs of doubling size, the time of each size over the time of the smallest:
 * linear work doubles with the size (ratios near 1, 2, 4, 8), backtracking would explode.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { looksLikeBounce, readBounce, readBounceText } from '../src/core/bounce/index';
import { HEAD_CHARS } from '../src/core/bounce/prefilter-rules';
import { round, writeResult } from './lib';

const corpusDir = fileURLToPath(new URL('../test/fixtures/bounce-corpus/full/', import.meta.url));
const messages = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.eml'))
  .sort()
  .map((name) => readFileSync(corpusDir + name, 'latin1'));

function best(run: () => unknown, rounds: number): number {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

async function bestAsync(run: () => Promise<unknown>, rounds: number): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

// A mailbox-like megabyte: the corpus repeated as an mbox would hold it.
let mailbox = '';
while (mailbox.length < 1_000_000) mailbox += messages.join('\n');
mailbox = mailbox.slice(0, 1_000_000);
const megabytes = mailbox.length / 1_000_000;

const textMs = best(() => readBounceText(mailbox), 10);
const prefilterMs = best(() => looksLikeBounce(mailbox), 50);
const corpusBytes = messages.reduce((sum, message) => sum + message.length, 0);
const perMessageMs = best(() => messages.forEach((message) => readBounceText(message)), 20);
const mimeMs = await bestAsync(async () => {
  for (const message of messages) await readBounce(message);
}, 10);

console.log('Mailbox-like text, 1 MB');
console.log(`  readBounceText    ${(megabytes / (textMs / 1000)).toFixed(1).padStart(8)} MB/s  (${textMs.toFixed(1)} ms)`);
console.log(`  looksLikeBounce   ${(megabytes / (prefilterMs / 1000)).toFixed(1).padStart(8)} MB/s  (${prefilterMs.toFixed(2)} ms; it reads the first ${HEAD_CHARS / 1000} kB)`);
console.log(`Corpus, ${messages.length} messages, ${(corpusBytes / 1000).toFixed(0)} kB`);
console.log(`  readBounceText    ${(corpusBytes / 1e6 / (perMessageMs / 1000)).toFixed(1).padStart(8)} MB/s  (${(perMessageMs / messages.length).toFixed(3)} ms per message)`);
console.log(`  readBounce (MIME) ${(corpusBytes / 1e6 / (mimeMs / 1000)).toFixed(1).padStart(8)} MB/s  (${(mimeMs / messages.length).toFixed(3)} ms per message)`);

const SHAPES: Record<string, string> = {
  'ip: [': 'ip: [',
  '[[[[': '[',
  'spf ': 'spf ',
  'SPF check for [': 'SPF check for [',
  '550-5.7.26 ': '550-5.7.26 ',
  '550-5.7.26 x\\n': '550-5.7.26 x\n',
  'aaaa (no spaces)': 'a',
  '1.1.1.1.': '1.1.1.1.',
  ':::': ':',
  'a.a.a.': 'a.',
  '<a@b.c>: ': '<a@b.c>: ',
  'Diagnostic-Code lines': 'Diagnostic-Code: smtp; 550 x\n',
  'Postfix reply lines': 'host a.b[192.0.2.1] said: 550 x\n',
  '<<< 550- lines': '<<< 550-5.7.1 x\n',
  '(reason: 550 ': '(reason: 550 ',
  'empty lines': '\n',
  'header lines': 'X-A: b\n',
  'Exim rejection lines': 'H=a [192.0.2.1] F=<a@b.c> rejected RCPT <d@e.f>: SPF x\n',
  'Postfix delivery lines without a reply': 'postfix/smtp[1]: ABCDE1: to=<a@b.c>, dsn=5.7.26, status=bounced\n',
};
const SIZES = [125_000, 250_000, 500_000, 1_000_000];
console.log('\nAdversarial inputs: time at 125k / 250k / 500k / 1M chars, and each over the 125k time (linear: 1, 2, 4, 8)');
const adversarial: { shape: string; ms: number[]; ratios: number[] }[] = [];
for (const [name, unit] of Object.entries(SHAPES)) {
  const times = SIZES.map((size) => {
    const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    return best(() => readBounceText(text), 5);
  });
  const base = Math.max(times[0] as number, 0.05);
  adversarial.push({ shape: name, ms: times.map((ms) => round(ms)), ratios: times.map((ms) => round(ms / base)) });
  console.log(
    `  ${name.padEnd(24)} ${times.map((ms) => ms.toFixed(1).padStart(7)).join(' ')} ms   ratios ${times.map((ms) => (ms / base).toFixed(1).padStart(5)).join(' ')}`,
  );
}

// issue 12: the inputs that took 79 s ("550 5.7.1 " + 256k blanks), 478 ms per page change (the pre-filter on
// "550" + 20k blanks) and 10 s (a 1 MB HTML part of "<"), and what normalise() undoes, at the same sizes
const mimeHtml = (size: number): string => 'MIME-Version: 1.0\nContent-Type: text/html\n\n' + '<'.repeat(size);
// each input is made before the clock starts: the time is the reader's, not the making of a megabyte of blanks
const repeatedTo = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const WHOLE: Record<string, { input: (size: number) => string; run: (input: string) => Promise<unknown> | unknown }> = {
  // size characters in all, so that the 1M point is not cut at the reader's 1M-character cap (MAX_INPUT_CHARS), which
  // would drop the closing 'x' and time another text: blanks that end a line stay, blanks inside one become one space
  "'550 5.7.1 ' + blanks + 'x'": { input: (size) => '550 5.7.1 ' + ' '.repeat(size - 11) + 'x', run: readBounceText },
  "'550 5.7.1 ' + blanks": { input: (size) => '550 5.7.1 ' + ' '.repeat(size - 10), run: readBounceText },
  // the pre-filter reads the first HEAD_CHARS of any text: its time stays flat past them
  "pre-filter '550' + blanks": { input: (size) => '550' + ' '.repeat(size), run: looksLikeBounce },
  // a line full of the wordings' keywords: the wording rows run on it (prefilter.ts holdsRefusalWording), in parts V8
  // optimises (wordings.ts REFUSAL_WORDING_PARTS; the whole alternation was 20 times slower here)
  "pre-filter 'SPF ' line": { input: (size) => repeatedTo('SPF ', size), run: looksLikeBounce },
  // reply lines with a keyword, each with a keyword line under it: each line is read alone and with the reply line
  // it continues (a reply a page wrapped without a continuation marker)
  'pre-filter reply lines over keyword lines': { input: (size) => repeatedTo('554 x spf y\nspf z w\n', size), run: looksLikeBounce },
  "MIME HTML part of '<'": { input: mimeHtml, run: readBounce },
  'quoted folded reply lines': { input: (size) => repeatedTo('> 550-5.7.26 x [\n', size), run: readBounceText },
  'entities and markdown': { input: (size) => repeatedTo('&amp;`**', size), run: readBounceText },
};
console.log('\nIssue 12 inputs: ms at 125k / 250k / 500k / 1M chars, ratios, and ms per 100 kB at 1M');
for (const [name, { input, run }] of Object.entries(WHOLE)) {
  const times: number[] = [];
  for (const size of SIZES) {
    const text = input(size);
    times.push(await bestAsync(async () => run(text), 3));
  }
  const base = Math.max(times[0] as number, 0.05);
  const per100k = (times[times.length - 1] as number) / ((SIZES[SIZES.length - 1] as number) / 100_000);
  adversarial.push({ shape: name, ms: times.map((ms) => round(ms)), ratios: times.map((ms) => round(ms / base)) });
  console.log(
    `  ${name.padEnd(28)} ${times.map((ms) => ms.toFixed(1).padStart(7)).join(' ')} ms   ratios ${times.map((ms) => (ms / base).toFixed(1).padStart(5)).join(' ')}   ${per100k.toFixed(2)} ms/100 kB`,
  );
}

// 8 times the text: a linear reader takes about 8 times as long; a quadratic one 64 times
const growth = adversarial.map((a) => ({ shape: a.shape, ratio: a.ratios[a.ratios.length - 1] as number, slowestMs: a.ms[a.ms.length - 1] as number }));
const worst = growth.reduce((a, b) => (b.ratio > a.ratio ? b : a));
const slowest = growth.reduce((a, b) => (b.slowestMs > a.slowestMs ? b : a));
writeResult({
  bench: 'bounce',
  summary: [
    { metric: 'Bounce reader (readBounceText) on a 1 MB mailbox text', value: `${(megabytes / (textMs / 1000)).toFixed(0)} MB/s` },
    { metric: 'Bounce reader with MIME (readBounce), corpus messages', value: `${(corpusBytes / 1e6 / (mimeMs / 1000)).toFixed(1)} MB/s` },
    { metric: 'Bounce reader scan cost per 100 kB (mailbox text)', value: `${(textMs / (mailbox.length / 100_000)).toFixed(2)} ms` },
    {
      metric: 'Bounce reader, adversarial input 8x longer: time ratio (worst shape)',
      value: `${worst.ratio.toFixed(1)}x (${worst.shape})`,
      target: '< 16x (linear is 8x, quadratic 64x)',
      met: worst.ratio < 16,
      note: `${Object.keys(SHAPES).length + Object.keys(WHOLE).length} shapes; slowest at 1M chars: ${slowest.slowestMs.toFixed(0)} ms (${slowest.shape})`,
    },
  ],
  tables: [
    {
      title: 'Bounce reader on adversarial inputs: ms at 125k / 250k / 500k / 1M characters (linear growth: 1, 2, 4, 8)',
      header: ['shape', ...SIZES.map((size) => `${size / 1000}k ms`), 'ratio at 1M'],
      rows: adversarial.map((a) => [a.shape, ...a.ms.map((ms) => ms.toFixed(1)), `${(a.ratios[a.ratios.length - 1] as number).toFixed(1)}x`]),
    },
  ],
  details: {
    mailboxMBps: round(megabytes / (textMs / 1000), 1),
    prefilterMBps: round(megabytes / (prefilterMs / 1000), 1),
    corpus: { messages: messages.length, bytes: corpusBytes, textMsPerMessage: round(perMessageMs / messages.length, 3), mimeMsPerMessage: round(mimeMs / messages.length, 3) },
    sizes: SIZES,
    adversarial,
  },
});
