// Prints one version's section of CHANGELOG.md (Keep a Changelog), without its heading: the body
// of that version's GitHub release. A pre-release (1.2.0-rc.1) without its own section gets its
// version's (1.2.0). Fails when the changelog has no such section.
//   node scripts/changelog-section.mjs 1.2.0        (or v1.2.0)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The lines under `## [version]` up to the next `## ` heading or the link definitions at the end.
 * @param {string} changelog @param {string} version
 * @returns {string | undefined}
 */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const wanted = version.replace(/^v/, '');
  const start = lines.findIndex((line) => line.startsWith(`## [${wanted}]`));
  if (start === -1) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]: /.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const version = (process.argv[2] ?? '').replace(/^v/, '');
  const changelog = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8');
  const section = changelogSection(changelog, version) || changelogSection(changelog, version.replace(/-.*$/, ''));
  if (!section) {
    console.error(`CHANGELOG.md has no section '## [${version}]' with any text: add one before tagging.`);
    process.exit(1);
  }
  console.log(section);
}
