// Runs before `npm test`: the e2e suites spawn dist/index.js, so a bundle of other sources would
// test other code. `npm run build` records a digest of what it bundled (dist/sources.sha256); when
// the sources' content differs from it, or dist/ is missing, the bundle is rebuilt first.
// Content, not modification times: a fresh clone gives every file the time of the checkout.
// `node scripts/check-dist-fresh.mjs --record` (the end of `npm run build`) writes the digest.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'index.js');
const record = join(root, 'dist', 'sources.sha256');

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** SHA-256 over each source's path and content (line endings as LF, as git may check them out otherwise). */
export function sourcesDigest() {
  const hash = createHash('sha256');
  const sources = ['src', 'package.json', 'package-lock.json', 'tsconfig.json'].map((p) => join(root, p)).filter(existsSync);
  for (const file of sources.flatMap(files)) {
    hash.update(`${relative(root, file).split(sep).join('/')}\0`);
    hash.update(readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}

if (process.argv.includes('--record')) {
  writeFileSync(record, `${sourcesDigest()}\n`);
  process.exit(0);
}

const recorded = existsSync(record) ? readFileSync(record, 'utf8').trim() : '';
if (existsSync(bundle) && recorded === sourcesDigest()) process.exit(0);

console.log(
  existsSync(bundle)
    ? 'dist/ was bundled from other sources: rebuilding it before the tests.'
    : 'dist/ is missing: building it before the tests.',
);
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed, so the tests would run a stale dist/index.js: fix the build first.');
  process.exit(1);
}
