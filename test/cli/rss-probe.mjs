// Preloaded into a CLI child process by hostile-input.test.ts (`node --import ./rss-probe.mjs ...`): when the
// process exits, however it exits, its peak resident set size (KiB, from getrusage) goes to the file named by
// RSS_PROBE_FILE. The CLI itself is not changed.
import { writeFileSync } from 'node:fs';

const file = process.env.RSS_PROBE_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
