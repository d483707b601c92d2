import { describe, expect, test } from '@jest/globals';
import { proxyFor } from '../../src/http/proxy.js';

const u = (s: string) => new URL(s);

describe('proxy choice, as Octokit makes it', () => {
  test('https_proxy for https, http_proxy for http, lower case first', () => {
    const env = { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'proxy.corp:8080' };
    expect(proxyFor(u('https://api.testmo.net/x'), env)?.host).toBe('lower:3128');
    expect(proxyFor(u('http://api.testmo.net/x'), env)?.href).toBe('http://proxy.corp:8080/');
    expect(proxyFor(u('https://x.test'), {})).toBeUndefined();
  });
  test('NO_PROXY: *, hosts, host:port, domains with or without a dot; loopback never proxied', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'internal.corp, .example.org,api.x.test:8443' };
    expect(proxyFor(u('https://a.internal.corp'), env)).toBeUndefined();
    expect(proxyFor(u('https://internal.corp'), env)).toBeUndefined();
    expect(proxyFor(u('https://www.example.org'), env)).toBeUndefined();
    expect(proxyFor(u('https://api.x.test:8443'), env)).toBeUndefined();
    expect(proxyFor(u('https://api.x.test'), env)).toBeDefined();
    expect(proxyFor(u('https://notinternal.corp'), env)).toBeDefined();
    expect(proxyFor(u('https://127.0.0.1:9'), env)).toBeUndefined();
    expect(proxyFor(u('https://anything'), { ...env, no_proxy: '*' })).toBeUndefined();
  });
});
