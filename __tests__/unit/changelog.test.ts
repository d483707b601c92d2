import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changelogSection } from '../../scripts/changelog-section.mjs';
import { ROOT } from '../../test-support/run-action.mjs';

const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const version: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

describe('the release notes come from CHANGELOG.md', () => {
  const sample = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '### Added',
    '- next',
    '',
    '## [1.1.0] - 2026-12-01',
    '',
    '### Fixed',
    '- a fix',
    '',
    '## [1.0.0] - 2026-11-23',
    '',
    '- first',
    '',
    '[Unreleased]: https://example.invalid/compare/v1.1.0...HEAD',
    '[1.1.0]: https://example.invalid/releases/tag/v1.1.0',
  ].join('\n');

  test('one version, up to the next version or the link definitions, without its heading', () => {
    expect(changelogSection(sample, '1.1.0')).toBe('### Fixed\n- a fix');
    expect(changelogSection(sample, 'v1.0.0')).toBe('- first');
    expect(changelogSection(sample, 'Unreleased')).toBe('### Added\n- next');
  });

  test('no section for an unknown version, nor for a prefix of one', () => {
    expect(changelogSection(sample, '2.0.0')).toBeUndefined();
    expect(changelogSection(sample, '1.1')).toBeUndefined();
  });

  test("CHANGELOG.md has Unreleased and a non-empty section for package.json's version", () => {
    expect(changelogSection(changelog, 'Unreleased')).toMatch(/^### /);
    expect(changelogSection(changelog, version)).toMatch(/^### Added\n/);
    expect(changelog).toContain(`[${version}]: https://github.com/`);
  });

  test('the script prints the section, a pre-release falls back to its version, and an unknown version fails', () => {
    const run = (arg: string) => spawnSync(process.execPath, [join(ROOT, 'scripts', 'changelog-section.mjs'), arg], { encoding: 'utf8' });
    const released = run(`v${version}`);
    expect(released.status).toBe(0);
    expect(released.stdout.trim()).toBe(changelogSection(changelog, version));
    expect(run(`v${version}-rc.1`).stdout).toBe(released.stdout);
    const unknown = run('v99.0.0');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no section '## [99.0.0]'");
  });
});
