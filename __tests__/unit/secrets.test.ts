import { afterEach, describe, expect, test } from '@jest/globals';
import { forgetSecretsForTests, redact, registerSecret } from '../../src/secrets.js';
import { escapeInline } from '../../src/render/markdown.js';
import { parseRetryAfter } from '../../src/http/retry-policy.js';
import { workflowPath } from '../../src/github/context.js';

afterEach(() => forgetSecretsForTests());

const TOKEN = 'testmo_api_Zx9eyJpdiI6Ik1zTjNQ';

describe('redaction', () => {
  test('credential query parameters are redacted even before any secret is known', () => {
    expect(redact('GET https://www.testomato.com/api/project/1/status?apikey=s3cr3t&x=1')).toBe(
      'GET https://www.testomato.com/api/project/1/status?apikey=***&x=1',
    );
  });
  test('a credential parameter does not stop at an escaped character, but at an escaped &', () => {
    expect(redact('?apikey=ab&#95;cd%5Fef\\u005fgh&amp;x=1')).toBe('?apikey=***&amp;x=1');
    expect(redact('/x?api_key=ab%5fcd%26y=2')).toBe('/x?api_key=***%26y=2');
    expect(redact('see https://h/x%3Fapikey%3Dsecret-value')).toBe('see https://h/x%3Fapikey%3D***');
  });
  test('registered secrets are removed in plain, URL-encoded and JSON-escaped forms', () => {
    registerSecret('p@ss/wo"rd');
    expect(redact('a p@ss/wo"rd b p%40ss%2Fwo%22rd c p@ss/wo\\"rd')).toBe('a *** b *** c ***');
  });
  test('lower-case percent-encoding, HTML entities of every kind, Markdown escapes', () => {
    registerSecret(TOKEN);
    const forms = [
      TOKEN.replace(/_/g, '%5f'),
      TOKEN.replace(/_/g, '%5F'),
      TOKEN.replace(/_/g, '&#95;'),
      TOKEN.replace(/_/g, '&#x5F;'),
      TOKEN.replace(/_/g, '&#x5f;'),
      TOKEN.replace(/_/g, '&lowbar;'),
      TOKEN.replace(/_/g, '\\_'),
      TOKEN.replace(/_/g, '\\u005f'),
      escapeInline(TOKEN),
    ];
    for (const form of forms) expect(redact(`<${form}>`)).toBe('<***>');
  });
  test('base64 of the secret and of wrappers such as user:secret (HTTP Basic), standard and url-safe', () => {
    registerSecret(TOKEN);
    for (const wrapped of [TOKEN, `user:${TOKEN}`, `ab:${TOKEN}:x`, `${TOKEN}\n`]) {
      const b64 = Buffer.from(wrapped).toString('base64');
      expect(redact(`Basic ${b64}`)).not.toContain(b64.slice(8, 30));
      expect(redact(Buffer.from(wrapped).toString('base64url'))).toContain('***');
    }
  });
  test('a cut secret: a prefix of 8+ characters at the end or before an ellipsis, or most of the secret anywhere', () => {
    registerSecret(TOKEN);
    expect(redact(`token ${TOKEN.slice(0, 10)}`)).toBe('token ***');
    expect(redact(`token ${TOKEN.slice(0, 10)}… more`)).toBe('token ***… more');
    expect(redact(`x ${TOKEN.slice(0, 26)}Q y`)).toBe('x ***Q y');
    // Short shared prefixes in ordinary text stay.
    expect(redact('the testmo_api client works')).toBe('the testmo_api client works');
  });
  test('a text is searched in full whether an escape sits next to the secret, far from it, or nowhere', () => {
    registerSecret(TOKEN);
    const escapedHead = `${TOKEN.slice(0, 3)}%${TOKEN.charCodeAt(3).toString(16)}${TOKEN.slice(4)}`;
    const cases: [string, string][] = [
      [`plain ${TOKEN} text`, 'plain *** text'],
      [`${TOKEN.slice(0, 8)}`, '***'],
      [`${TOKEN.slice(0, 7)}`, TOKEN.slice(0, 7)],
      [`far & away ${TOKEN.slice(0, 9)}`, 'far & away ***'],
      [`an escaped head ${escapedHead}`, 'an escaped head ***'],
      [`an escaped head ${escapedHead.slice(0, 10)}`, 'an escaped head ***'],
      [`50% of ${TOKEN.slice(0, 30)} and more`, '50% of *** and more'],
    ];
    for (const [text, expected] of cases) expect(redact(text)).toBe(expected);
    // A credential parameter after an encoded `?` only.
    expect(redact('x%3Ftoken%3Dabc')).toBe('x%3Ftoken%3D***');
  });
  test('longest secret first; short values are not treated as secrets', () => {
    registerSecret('abcdefgh');
    registerSecret('abcdefgh-more');
    registerSecret('k');
    expect(redact('abcdefgh-more abcdefgh k')).toBe('*** *** k');
  });
});

describe('Retry-After', () => {
  test('seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('workflow path for annotations', () => {
  test('from GITHUB_WORKFLOW_REF', () => {
    expect(workflowPath('octo/app/.github/workflows/ci.yml@refs/pull/1/merge', 'octo/app')).toBe('.github/workflows/ci.yml');
    expect(workflowPath(undefined, 'octo/app')).toBe('.github');
  });
});
