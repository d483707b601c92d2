import { describe, expect, test } from '@jest/globals';
import { CODEOWNERS_MAX_BYTES, parseCodeOwners } from '../../src/analysis/codeowners.js';

const ownersOf = (file: string, path: string) => parseCodeOwners(file).ownersOf(path);

describe('CODEOWNERS patterns, by the rules GitHub documents', () => {
  test.each([
    // pattern, path, matches
    ['*', 'README.md', true],
    ['*', 'deep/down/file.ts', true],
    ['*.js', 'src/app.js', true],
    ['*.js', 'src/app.ts', false],
    ['/build/logs/', 'build/logs/a.log', true],
    ['/build/logs/', 'build/logs/deep/a.log', true],
    ['/build/logs/', 'x/build/logs/a.log', false],
    ['/build/logs/', 'build/logs', false], // a file named so is not the directory
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['docs/*', 'x/docs/a.md', false], // a slash inside anchors at the root
    ['apps/', 'apps/a.js', true],
    ['apps/', 'deep/apps/b/a.js', true],
    ['apps/', 'apps', false],
    ['/docs/', 'docs/a/b.md', true],
    ['**/logs', 'build/logs/a.log', true],
    ['**/logs', 'deeply/nested/logs/x', true],
    ['**/logs', 'logs/x', true],
    ['**/logs', 'catalogs/x', false],
    ['/apps/github', 'apps/github/index.js', true],
    ['/apps/github', 'apps/githubber/index.js', false],
    ['src/**/test_*.py', 'src/test_a.py', true],
    ['src/**/test_*.py', 'src/a/b/test_a.py', true],
    ['src/**/test_*.py', 'src/a/b/atest_a.py', false],
    ['docs/**', 'docs/a/b.md', true],
    ['docs/**', 'docs', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file12.txt', false],
    ['Makefile', 'tools/Makefile', true],
    ['/Makefile', 'tools/Makefile', false],
    ['a/*/c', 'a/b/c', true],
    ['a/*/c', 'a/b/x/c', false],
    ['/path\\ with\\ spaces/', 'path with spaces/a.txt', true],
    ['/pages/\\[org\\]/', 'pages/[org]/index.tsx', true],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(ownersOf(`${pattern} @acme/owners`, path)).toEqual(matches ? ['@acme/owners'] : []);
  });
});

describe('CODEOWNERS lines', () => {
  const file = [
    '# This is a comment.',
    '',
    '*       @global-owner1 @global-owner2',
    '*.js    @js-owner #This is an inline comment.',
    '*.go docs@example.com',
    '/apps/ @octocat',
    '/apps/github',
    '/apps/legacy/ @acme/legacy',
    '   /scripts/   @doctocat   @octocat   ',
  ].join('\n');
  const owners = parseCodeOwners(file);

  test('the last matching pattern wins', () => {
    expect(owners.ownersOf('README.md')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners.ownersOf('src/app.js')).toEqual(['@js-owner']);
    expect(owners.ownersOf('apps/app.js')).toEqual(['@octocat']); // /apps/ comes after *.js
    expect(owners.ownersOf('apps/legacy/app.js')).toEqual(['@acme/legacy']);
    expect(owners.ownersOf('main.go')).toEqual(['docs@example.com']);
    expect(owners.ownersOf('scripts/build.sh')).toEqual(['@doctocat', '@octocat']);
  });
  test('a line without owners leaves its paths unowned', () => {
    expect(owners.ownersOf('apps/github/index.js')).toEqual([]);
  });
  test('rules keep their line numbers; comments and blank lines are not rules', () => {
    expect(owners.rules.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(owners.skipped).toEqual([]);
  });

  test('what GitHub does not support is skipped, as GitHub skips invalid lines', () => {
    const parsed = parseCodeOwners(
      ['* @all', '!*.md @negated', '*.[ch] @c-people', '\\#notes @hash', 'docs/ not-an-owner', 'src/ @ok'].join('\n'),
    );
    expect(parsed.rules.map((r) => r.pattern)).toEqual(['*', 'src/']);
    expect(parsed.skipped.map((s) => s.line)).toEqual([2, 3, 4, 5]);
    expect(parsed.ownersOf('README.md')).toEqual(['@all']);
    expect(parsed.ownersOf('a.c')).toEqual(['@all']);
    expect(parsed.ownersOf('docs/a.md')).toEqual(['@all']);
  });

  test('Windows line ends and a leading ./ in the path', () => {
    expect(parseCodeOwners('* @a\r\n/src/ @b\r\n').ownersOf('./src/x.ts')).toEqual(['@b']);
  });

  test('a file of 3 MB or more is not read, as GitHub does not load it', () => {
    const big = parseCodeOwners(`* @a\n${'#'.repeat(CODEOWNERS_MAX_BYTES)}`);
    expect(big.tooLarge).toBe(true);
    expect(big.ownersOf('x')).toEqual([]);
  });

  test('matching stays bounded on adversarial patterns', () => {
    // Exponential for a backtracking matcher; quadratic at worst here.
    const pattern = `${'*a'.repeat(200)}b`;
    const parsed = parseCodeOwners(`${pattern} @x\n${'**/'.repeat(200)}z @y`);
    const name = 'a'.repeat(4000);
    expect(parsed.ownersOf(name)).toEqual([]);
    expect(parsed.ownersOf(`${'a/'.repeat(1000)}b`)).toEqual([]);
    expect(parsed.ownersOf(`${'a/'.repeat(1000)}z`)).toEqual(['@y']);
  });
});
