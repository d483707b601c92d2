// Preloaded into the action's process by the benchmark (NODE_OPTIONS=--import): on exit, writes
// the process's peak resident set size (kB) to BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
