// @ts-check
/**
 * Request bodies checked against GitHub's published OpenAPI description of api.github.com
 * (@octokit/openapi), so that the fake GitHub refuses what the real one would refuse. Loaded once,
 * on first use; each operation's schema is compiled once.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

const SPEC_ID = 'https://api.github.com/openapi.json';

/** @type {{ spec: any, ajv: Ajv, routes: { method: string, pattern: RegExp, template: string }[] } | undefined} */
let loaded;
/** @type {Map<string, import('ajv').ValidateFunction | null>} */
const compiled = new Map();

function load() {
  if (loaded) return loaded;
  const path = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  // OpenAPI 3.0 is JSON Schema with extras: Ajv reads `nullable` itself; `example`, `x-github`,
  // `discriminator` and the like are ignored (strict: false). Formats used in request bodies:
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  for (const format of ['uri', 'email', 'date', 'uri-template', 'hostname', 'ipv4', 'ipv6', 'uuid', 'binary', 'repo.nwo', 'ssh-key']) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema({ ...spec, $id: SPEC_ID }, SPEC_ID);
  const routes = [];
  for (const [template, operations] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const method of Object.keys(/** @type {object} */ (operations))) routes.push({ method: method.toUpperCase(), pattern, template });
  }
  loaded = { spec, ajv, routes };
  return loaded;
}

/** `/repos/{owner}/{repo}` → `~1repos~1%7Bowner%7D~1%7Brepo%7D`, a JSON pointer segment in a URI. */
const pointer = (/** @type {string[]} */ segments) =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/**
 * The operation GitHub documents for a request (literal path segments win over templated ones).
 * @param {string} method @param {string} path
 */
export function findOperation(method, path) {
  const { spec, routes } = load();
  const candidates = routes.filter((r) => r.method === method && r.pattern.test(path));
  candidates.sort((a, b) => (a.template.match(/\{/g) ?? []).length - (b.template.match(/\{/g) ?? []).length);
  const route = candidates[0];
  if (!route) return undefined;
  return { template: route.template, operation: spec.paths[route.template][method.toLowerCase()] };
}

/**
 * Errors in a request's JSON body, as GitHub's OpenAPI description defines it; [] when valid.
 * @param {string} method @param {string} path @param {unknown} body
 * @returns {string[]}
 */
export function requestBodyErrors(method, path, body) {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path} is not an operation of api.github.com`];
  const key = `${method} ${found.template}`;
  if (!compiled.has(key)) {
    const schema = found.operation.requestBody?.content?.['application/json']?.schema;
    const ref = `${SPEC_ID}#/${pointer(['paths', found.template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'])}`;
    compiled.set(key, schema ? load().ajv.compile({ $ref: ref }) : null);
  }
  const validate = compiled.get(key);
  if (!validate) return body === undefined ? [] : [`${key} takes no JSON body`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${key}: body${e.instancePath} ${e.message ?? 'is invalid'}`);
}

/** @type {Map<string, import('ajv').ValidateFunction | null>} */
const compiledResponses = new Map();

/**
 * Errors in a JSON answer the fake gives, as GitHub's OpenAPI description defines the
 * operation's answer with that status; [] when valid (or when GitHub documents no JSON for it).
 * @param {string} method @param {string} path @param {number} status @param {unknown} body
 * @returns {string[]}
 */
export function responseBodyErrors(method, path, status, body) {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path} is not an operation of api.github.com`];
  const key = `${method} ${found.template} ${status}`;
  if (!compiledResponses.has(key)) {
    let response = found.operation.responses?.[String(status)];
    const segments = ['paths', found.template, method.toLowerCase(), 'responses', String(status)];
    let ref = `${SPEC_ID}#/${pointer(segments)}`;
    // A shared response (`#/components/responses/not_found`) is followed to its definition.
    if (response?.$ref) {
      const name = String(response.$ref).replace('#/components/responses/', '');
      response = load().spec.components.responses[name];
      ref = `${SPEC_ID}#/${pointer(['components', 'responses', name])}`;
    }
    const schema = response?.content?.['application/json']?.schema;
    compiledResponses.set(key, schema ? load().ajv.compile({ $ref: `${ref}/content/application~1json/schema` }) : null);
  }
  const validate = compiledResponses.get(key);
  if (!validate) return [];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${key}: answer${e.instancePath} ${e.message ?? 'is invalid'}`);
}
