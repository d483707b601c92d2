// Runs before `npm test`: the e2e suites spawn dist/index.js, so a bundle older than the sources
// would test yesterday's code. When any source is newer than the bundle, rebuild it first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'index.js');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const sources = ['src', 'package.json', 'package-lock.json', 'tsconfig.json'].map((p) => join(root, p)).filter(existsSync);
const newestSource = Math.max(...sources.map(newestMtime));
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource) process.exit(0);

console.log(
  existsSync(bundle) ? 'dist/ is older than src/: rebuilding it before the tests.' : 'dist/ is missing: building it before the tests.',
);
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed, so the tests would run a stale dist/index.js: fix the build first.');
  process.exit(1);
}
