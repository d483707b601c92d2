// Runs dist/index.js against the built-in fake provider and fake GitHub, with sample data,
// and prints the job summary and outputs it produced. No account needed.
//   npm run demo            (testmo)
//   npm run demo -- testmo   (or tesults, testomato, eggplant, eggplant-budgets)
import { startFakeGitHub } from '../test-support/fakes/github.mjs';
import { demoSetups as demos } from '../test-support/demo-setups.mjs';
import { runAction } from '../test-support/run-action.mjs';

const name = process.argv[2] ?? 'testmo';
if (!(name in demos)) {
  console.error(`Unknown provider '${name}'. Try one of: ${Object.keys(demos).join(', ')}`);
  process.exit(2);
}
const github = await startFakeGitHub();
const { server, inputs } = await demos[name]();
try {
  // Real time, as a workflow runs it (the test suite's fast clock is for tests).
  const result = await runAction({ inputs, githubApiUrl: github.url, realClock: true });
  const rule = (title) => console.log(`\n\x1b[1m── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\x1b[0m`);
  rule(`step log (node dist/index.js, exit code ${result.code})`);
  console.log(result.stdout.trimEnd());
  rule('job summary ($GITHUB_STEP_SUMMARY)');
  console.log(result.summary.trimEnd());
  rule('outputs ($GITHUB_OUTPUT)');
  for (const [key, value] of Object.entries(result.outputs)) console.log(`${key.padEnd(14)} ${value}`);
  rule('check run sent to the fake GitHub');
  // Only the check-run writes: locating also reads the (empty) tree of the sample commit.
  for (const req of github.requests.filter((r) => r.path.includes('/check-runs'))) {
    const body = JSON.parse(req.body || '{}');
    console.log(
      `${req.method} ${req.path}  title="${body.output?.title}" conclusion=${body.conclusion ?? '(unchanged)'} annotations=${body.output?.annotations?.length ?? 0}`,
    );
  }
  console.log(`\n${server.requests.length} requests to the fake ${name}; the exit code ${result.code} is what the step would end with.`);
} finally {
  await server.close();
  await github.close();
}
