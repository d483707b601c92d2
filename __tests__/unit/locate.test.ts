import { describe, expect, test } from '@jest/globals';
import { indexTrackedFiles, locateFailure, MAX_SCANNED_CHARS, type FailureToLocate } from '../../src/analysis/locate.js';

const tracked = indexTrackedFiles([
  'package.json',
  'src/cart.ts',
  'src/cart.test.ts',
  'web/src/checkout.spec.tsx',
  'tests/test_cart.py',
  'tests/conftest.py',
  'app/src/test/java/com/acme/cart/CartTest.java',
  'app/src/test/kotlin/com/acme/pay/PaymentTest.kt',
  'Tests/Registration.cs',
  'Tests/Shop.Tests/CartTests.cs',
  'cart/cart_test.go',
  'spec/models/cart_spec.rb',
  // Two files of one name: a frame naming only `helpers.ts` or `Util.java` is no answer.
  'src/a/helpers.ts',
  'src/b/helpers.ts',
  'lib/one/com/acme/util/Util.java',
  'lib/two/com/acme/util/Util.java',
  // A vendored dependency that happens to be tracked.
  'vendor/github.com/stretchr/testify/assert/assertions.go',
  'node_modules/expect/build/index.js',
]);
const locate = (failure: FailureToLocate) => locateFailure(tracked, failure);
const fromText = (text: string) => locate({ texts: [text] });

describe('stack frames, one real-looking frame per framework', () => {
  test.each([
    ['Jest, relative', '    at Object.<anonymous> (src/cart.test.ts:42:7)', 'src/cart.test.ts', 42],
    ['Jest, runner path', '    at Object.toBe (/home/runner/work/shop/shop/src/cart.test.ts:42:17)', 'src/cart.test.ts', 42],
    ['Node ESM file URL', '    at file:///home/runner/work/shop/shop/src/cart.test.ts:9:3', 'src/cart.test.ts', 9],
    ['Vitest from a sub-folder', ' ❯ src/checkout.spec.tsx:18:22', 'web/src/checkout.spec.tsx', 18],
    ['Windows runner path', '    at Context.<anonymous> (C:\\a\\shop\\shop\\src\\cart.ts:7:11)', 'src/cart.ts', 7],
    [
      'Python traceback',
      'Traceback (most recent call last):\n  File "/home/runner/work/shop/shop/tests/test_cart.py", line 42, in test_total\n    assert total == 3',
      'tests/test_cart.py',
      42,
    ],
    ['pytest short form', 'tests/test_cart.py:42: AssertionError', 'tests/test_cart.py', 42],
    [
      'JUnit 5',
      'org.opentest4j.AssertionFailedError: expected: <3> but was: <2>\n\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n\tat com.acme.cart.CartTest.total(CartTest.java:42)',
      'app/src/test/java/com/acme/cart/CartTest.java',
      42,
    ],
    [
      'Kotlin, nested lambda',
      '\tat com.acme.pay.PaymentTest$refund$1.invokeSuspend(PaymentTest.kt:31)',
      'app/src/test/kotlin/com/acme/pay/PaymentTest.kt',
      31,
    ],
    [
      '.NET on Linux',
      '   at Shop.Tests.CartTests.Total() in /home/runner/work/shop/shop/Tests/Shop.Tests/CartTests.cs:line 42',
      'Tests/Shop.Tests/CartTests.cs',
      42,
    ],
    [
      '.NET on Windows',
      '   at Shop.Tests.CartTests.Total() in D:\\a\\shop\\shop\\Tests\\Shop.Tests\\CartTests.cs:line 17',
      'Tests/Shop.Tests/CartTests.cs',
      17,
    ],
    ['Go', '--- FAIL: TestTotal (0.00s)\n    cart_test.go:42: got 2, want 3', 'cart/cart_test.go', 42],
    ['Go panic', 'goroutine 7 [running]:\n\t/home/runner/work/shop/shop/cart/cart_test.go:57 +0x1d', 'cart/cart_test.go', 57],
    ['RSpec', "# ./spec/models/cart_spec.rb:12:in `block (2 levels) in <top (required)>'", 'spec/models/cart_spec.rb', 12],
  ])('%s', (_framework, text, path, line) => {
    expect(fromText(text)).toEqual({ path, line, via: 'frame' });
  });

  test('the first frame in a tracked file wins', () => {
    const text = [
      '    at Object.<anonymous> (src/missing.ts:1:1)',
      '    at total (src/cart.ts:10:3)',
      '    at Object.<anonymous> (src/cart.test.ts:42:7)',
    ].join('\n');
    expect(fromText(text)).toEqual({ path: 'src/cart.ts', line: 10, via: 'frame' });
  });

  test('frames in dependency folders are skipped, even when those files are tracked', () => {
    const text = [
      '    at Object.toBe (node_modules/expect/build/index.js:218:20)',
      '\t/home/runner/work/shop/shop/vendor/github.com/stretchr/testify/assert/assertions.go:12',
      '    at Object.<anonymous> (src/cart.test.ts:42:7)',
    ].join('\n');
    expect(fromText(text)).toEqual({ path: 'src/cart.test.ts', line: 42, via: 'frame' });
    expect(fromText('  File "/usr/lib/python3.12/site-packages/pluggy/_hooks.py", line 501')).toBeUndefined();
  });

  test('two candidates are no answer: the next frame, then the suite, is tried', () => {
    expect(fromText('    at run (helpers.ts:3:1)')).toBeUndefined();
    expect(fromText('\tat com.acme.util.Util.check(Util.java:8)')).toBeUndefined();
    expect(fromText('    at run (helpers.ts:3:1)\n    at Object.<anonymous> (src/cart.test.ts:42:7)')).toMatchObject({
      path: 'src/cart.test.ts',
    });
    expect(locate({ texts: ['    at run (helpers.ts:3:1)'], suite: 'com.acme.cart.CartTest' })).toEqual({
      path: 'app/src/test/java/com/acme/cart/CartTest.java',
      via: 'suite',
    });
  });

  test('paths outside the repository never become a path', () => {
    expect(fromText('    at Module._compile (node:internal/modules/cjs/loader:1554:14)')).toBeUndefined();
    expect(fromText('    at /opt/hostedtoolcache/node/24.1.0/x64/lib/cart.ts:1:1')).toBeUndefined();
    expect(fromText('see https://example.com/src/cart.ts:443 for details')).toBeUndefined();
    expect(fromText('    at /home/runner/work/other/lib/unknown.ts:1:1')).toBeUndefined();
  });

  test('a huge message is scanned only at its start', () => {
    const late = `${'x'.repeat(MAX_SCANNED_CHARS)}\n    at Object.<anonymous> (src/cart.test.ts:42:7)`;
    expect(fromText(late)).toBeUndefined();
    const early = `    at Object.<anonymous> (src/cart.test.ts:42:7)\n${'a.b/'.repeat(500_000)}`;
    expect(fromText(early)).toMatchObject({ path: 'src/cart.test.ts', line: 42 });
  });
});

describe('the provider file and line come first', () => {
  test('Testmo automation file and line', () => {
    expect(locate({ file: 'tests/test_cart.py', line: 42, texts: ['  at (src/cart.ts:1:1)'] })).toEqual({
      path: 'tests/test_cart.py',
      line: 42,
      via: 'provider',
    });
  });
  test('an absolute file, a file without a line, a line that is not a line', () => {
    expect(locate({ file: '/home/runner/work/shop/shop/src/cart.ts', line: 3 })).toEqual({ path: 'src/cart.ts', line: 3, via: 'provider' });
    expect(locate({ file: 'src/cart.ts' })).toEqual({ path: 'src/cart.ts', via: 'provider' });
    expect(locate({ file: 'src/cart.ts', line: 0 })).toEqual({ path: 'src/cart.ts', via: 'provider' });
  });
  test('an untracked provider file falls back to the frames', () => {
    expect(locate({ file: 'src/gone.ts', line: 3, texts: ['at (src/cart.ts:5:1)'] })).toEqual({
      path: 'src/cart.ts',
      line: 5,
      via: 'frame',
    });
  });
  test('a provider file outside the repository is not used', () => {
    expect(locate({ file: '../../etc/passwd' })).toBeUndefined();
    expect(locate({ file: 'node_modules/expect/build/index.js' })).toBeUndefined();
  });
});

describe('the folder or suite read as a class or module name', () => {
  test.each([
    ['Java class', { suite: 'com.acme.cart.CartTest' }, 'app/src/test/java/com/acme/cart/CartTest.java'],
    ['Python module', { suite: 'tests.test_cart' }, 'tests/test_cart.py'],
    ['Python class in a module', { suite: 'tests.test_cart.TestCart' }, 'tests/test_cart.py'],
    ['pytest node id', { suite: 'tests/test_cart.py::TestCart' }, 'tests/test_cart.py'],
    ['a folder', { folder: 'Tests/Registration' }, 'Tests/Registration.cs'],
    ['nested Java class', { suite: 'com.acme.cart.CartTest$Totals' }, 'app/src/test/java/com/acme/cart/CartTest.java'],
  ])('%s', (_what, failure, path) => {
    expect(locate(failure)).toEqual({ path, via: 'suite' });
  });
  test('no unique match, no answer', () => {
    expect(locate({ suite: 'helpers' })).toBeUndefined();
    expect(locate({ suite: 'Checkout flow' })).toBeUndefined();
  });
});

test('index: paths that are not repository-relative are left out', () => {
  const index = indexTrackedFiles(['/etc/passwd', '../x.ts', 'a/../../b.ts', './ok.ts', 'ok.ts', '']);
  expect([...index.paths]).toEqual(['ok.ts']);
});
