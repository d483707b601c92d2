import { afterEach, describe, expect, test } from '@jest/globals';
import { forgetSecretsForTests, redact, registerSecret } from '../../src/secrets.js';
import { parseRetryAfter } from '../../src/http/retry-policy.js';
import { workflowPath } from '../../src/github/context.js';

afterEach(() => forgetSecretsForTests());

describe('redaction', () => {
  test('credential query parameters are redacted even before any secret is known', () => {
    expect(redact('GET https://www.testomato.com/api/project/1/status?apikey=s3cr3t&x=1')).toBe(
      'GET https://www.testomato.com/api/project/1/status?apikey=***&x=1',
    );
  });
  test('registered secrets are removed in plain, URL-encoded and JSON-escaped forms', () => {
    registerSecret('p@ss/wo"rd');
    expect(redact('a p@ss/wo"rd b p%40ss%2Fwo%22rd c p@ss/wo\\"rd')).toBe('a *** b *** c ***');
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
