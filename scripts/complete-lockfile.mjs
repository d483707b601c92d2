// Adds lock entries for platform-specific optional packages that the registry reachable from
// this project's machines does not serve (npm leaves them out of package-lock.json, and `npm ci`
// then rejects the lock). They are optional and restricted to other platforms, so npm never
// fetches them here. Run after any `npm install` that rewrites package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

/** `@unrs/resolver-binding-darwin-arm64` → { os: ['darwin'], cpu: ['arm64'] } (libc where named). */
function platformOf(name) {
  const m = name.match(
    /-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-?([a-z0-9]*)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi|wasi))?$/,
  );
  if (!m) return undefined;
  const [, os, cpuRaw, abi] = m;
  if (os === 'wasm32') return { cpu: ['wasm32'] };
  const cpu = cpuRaw === 'ia32' ? 'ia32' : cpuRaw;
  const out = { os: [os], cpu: [cpu] };
  if (abi && /gnu/.test(abi)) out.libc = ['glibc'];
  if (abi && /musl/.test(abi)) out.libc = ['musl'];
  return out;
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `node_modules/${name}`;
    if (packages[where] || packages[`${location}/${where}`]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[where] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: added ${added} entries for other platforms' optional packages.`);
