import { ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { registerSecret } from '../secrets.js';

/**
 * The proxy for a request, chosen as Octokit's client (@actions/http-client) chooses it:
 * `https_proxy`/`HTTPS_PROXY` for https, `http_proxy`/`HTTP_PROXY` for http; none for loopback
 * hosts or a host that `no_proxy`/`NO_PROXY` lists (`*`, a host, `host:port`, or a domain that
 * matches its subdomains, with or without a leading dot). Pure, for tests.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (bypassesProxy(url, env)) return undefined;
  const value = url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
  if (!value) return undefined;
  try {
    // `proxy.corp:8080` (no scheme) is an http proxy.
    const proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    return proxy.protocol === 'http:' || proxy.protocol === 'https:' ? proxy : undefined;
  } catch {
    return undefined;
  }
}

function bypassesProxy(url: URL, env: NodeJS.ProcessEnv): boolean {
  const host = url.hostname.toLowerCase();
  if (!host) return false;
  if (host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '[0:0:0:0:0:0:0:1]') return true;
  const list = env.no_proxy || env.NO_PROXY || '';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hosts = [host, `${host}:${port}`];
  return list
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
    .some((item) => item === '*' || hosts.some((h) => h === item || h.endsWith(item.startsWith('.') ? item : `.${item}`)));
}

const agents = new Map<string, Dispatcher>();

function agentFor(proxy: URL): Dispatcher {
  let agent = agents.get(proxy.href);
  if (!agent) {
    // A proxy password is a credential too.
    if (proxy.password) registerSecret(decodeURIComponent(proxy.password));
    agent = new ProxyAgent({ uri: proxy.href });
    agents.set(proxy.href, agent);
  }
  return agent;
}

/**
 * fetch, through the proxy the environment names for this URL. Node's own fetch ignores proxy
 * variables, so a proxied request goes through undici (the version Octokit's client bundles)
 * with its ProxyAgent; every other request through Node's fetch.
 */
export function fetchMaybeProxied(url: URL, init: RequestInit): Promise<Response> {
  const proxy = proxyFor(url);
  if (!proxy) return fetch(url, init);
  return undiciFetch(url, { ...(init as object), dispatcher: agentFor(proxy) }) as unknown as Promise<Response>;
}
