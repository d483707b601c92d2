// @ts-check
/**
 * A fake GitHub API: check runs, issue comments (paged with `Link` headers as GitHub pages them)
 * and the pull-request lookups the comment needs. Records every request. Every JSON body sent is
 * checked against GitHub's published OpenAPI description: an invalid one is answered 422 and
 * kept in `validationErrors`. `forbidden` answers 403 to everything, as GitHub does for a token
 * without `checks: write`; `commentsForbidden` answers 403 to writing comments, as it does for a
 * token without `pull-requests: write` (pull requests from forks).
 *
 * Repository contents, for locating tests and reading CODEOWNERS: `setCommit(sha, files)` stores a
 * commit's files as git trees, read by the Git Trees API (a recursive answer truncated beyond
 * `recursiveTreeLimit` entries, as GitHub truncates large trees) and the contents API (base64 in
 * JSON up to 1 MB, raw bytes with the raw media type). These answers are checked against the
 * OpenAPI description too. `contentsForbidden` answers 403 to both, as GitHub does for a token
 * without `contents: read`.
 */
import { createHash } from 'node:crypto';
import { startLoopbackServer } from '../loopback-server.mjs';
import { requestBodyErrors, responseBodyErrors } from '../openapi.mjs';

/** The login GITHUB_TOKEN's comments are written by. */
export const ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
/** GitHub's numeric id of the repository, used in its `Link` headers. */
export const REPOSITORY_ID = 1296269;
/** GitHub's limit for a comment's body. */
const COMMENT_BODY_MAX = 65536;

/**
 * @typedef {{ login: string, id: number, type: string }} User
 * @typedef {{ id: number, issue: number, body: string, user: User, created_at: string, updated_at: string }} Comment
 * @typedef {{ number: number, state?: string, headSha: string, headRepo?: string, headRef?: string, baseRepo?: string,
 *   listedForCommit?: boolean }} Pull  `listedForCommit: false`: the commit's pull list leaves it out (as it may for forks)
 */

/**
 * @typedef {{ name: string, type: 'blob' | 'tree', sha: string, mode: string, size?: number }} TreeEntry
 * @param {{ forbidden?: boolean, commentsForbidden?: boolean, contentsForbidden?: boolean, recursiveTreeLimit?: number,
 *   latencyMs?: number }} [options]
 */
export async function startFakeGitHub(options = {}) {
  let nextId = 7000;
  let nextCommentId = 900001;
  let clock = Date.parse('2026-11-23T09:00:00Z');
  /** @type {Map<number, { create: any, updates: any[] }>} */
  const checkRuns = new Map();
  /** @type {Comment[]} */
  const comments = [];
  /** @type {Pull[]} */
  const pulls = [];
  /** @type {string[]} */
  const validationErrors = [];
  let baseUrl = '';
  /** @type {Map<string, string>} commit SHA → root tree SHA */
  const commits = new Map();
  /** @type {Map<string, TreeEntry[]>} */
  const trees = new Map();
  /** @type {Map<string, Buffer>} */
  const blobs = new Map();
  /** The commit a contents read without `ref` gets. */
  let defaultBranchSha = '';

  const forbidden = (/** @type {string} */ docs) => ({
    status: 403,
    json: { message: 'Resource not accessible by integration', documentation_url: `https://docs.github.com/rest/${docs}` },
  });
  const notFound = { status: 404, json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

  /** @param {string} owner @param {string} repo @param {Comment} c */
  const commentJson = (owner, repo, c) => ({
    id: c.id,
    node_id: `IC_kwDO${c.id}`,
    url: `${baseUrl}/repos/${owner}/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${baseUrl}/repos/${owner}/${repo}/issues/${c.issue}`,
    body: c.body,
    user: { ...c.user, node_id: `U_${c.user.id}`, site_admin: false },
    author_association: c.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    created_at: c.created_at,
    updated_at: c.updated_at,
  });
  /** @param {Pull} p */
  const pullJson = (p) => ({
    number: p.number,
    state: p.state ?? 'open',
    head: { sha: p.headSha, ref: p.headRef ?? 'feature', repo: { full_name: p.headRepo ?? 'octo-org/shop' } },
    base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: p.baseRepo ?? 'octo-org/shop' } },
  });
  /**
   * Checks an answer against GitHub's OpenAPI description; a mismatch is kept in validationErrors.
   * @param {string} path @param {{ status?: number, json?: unknown, headers?: Record<string, string> }} answer
   */
  const checked = (path, answer) => {
    // The description's {path} is one segment: ask about the template, not the nested path.
    const operationPath = path.replace(/^(\/repos\/[^/]+\/[^/]+\/contents\/).+$/, '$1x');
    validationErrors.push(...responseBodyErrors('GET', operationPath, answer.status ?? 200, answer.json));
    return answer;
  };
  /** @param {string} rootSha @param {string} path @returns {TreeEntry | undefined} */
  const lookup = (rootSha, path) => {
    if (!trees.has(rootSha)) return undefined;
    /** @type {TreeEntry | undefined} */
    let entry = { name: '', type: 'tree', sha: rootSha, mode: '040000' };
    for (const name of path.split('/').filter((n) => n !== '')) {
      if (entry?.type !== 'tree') return undefined;
      entry = trees.get(entry.sha)?.find((e) => e.name === name);
    }
    return entry;
  };
  /** @param {string} owner @param {string} repo @param {string} ref @param {string} path @param {TreeEntry} e */
  const contentEntry = (owner, repo, ref, path, e) => {
    const self = `${baseUrl}/repos/${owner}/${repo}/contents/${path}?ref=${ref}`;
    const git = `${baseUrl}/repos/${owner}/${repo}/git/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`;
    const html = `https://github.com/${owner}/${repo}/${e.type === 'blob' ? 'blob' : 'tree'}/${ref}/${path}`;
    return {
      type: e.type === 'blob' ? 'file' : 'dir',
      size: e.size ?? 0,
      name: e.name,
      path,
      sha: e.sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: e.type === 'blob' ? `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${path}` : null,
      _links: { self, git, html },
    };
  };
  const gitSha = (/** @type {string} */ kind, /** @type {Buffer | string} */ data) =>
    createHash('sha1')
      .update(`${kind} ${Buffer.byteLength(data)}\0`)
      .update(data)
      .digest('hex');
  const tick = () => new Date((clock += 60_000)).toISOString().replace(/\.\d+Z$/, 'Z');

  const server = await startLoopbackServer(
    (req) => {
      if (!String(req.headers.authorization ?? '').match(/^(token|bearer) \S+/i)) {
        return { status: 401, json: { message: 'Requires authentication' } };
      }
      if (options.forbidden) return forbidden('checks/runs#create-a-check-run');
      /** @type {any} */
      let body;
      if (req.method !== 'GET' && req.body) {
        try {
          body = JSON.parse(req.body);
        } catch {
          return { status: 400, json: { message: 'Problems parsing JSON' } };
        }
        const errors = requestBodyErrors(req.method, req.path, body);
        if (errors.length > 0) {
          validationErrors.push(...errors);
          return { status: 422, json: { message: 'Invalid request.', errors } };
        }
      }

      let m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/check-runs$/);
      if (m && req.method === 'POST') {
        const id = nextId++;
        checkRuns.set(id, { create: body, updates: [] });
        return {
          status: 201,
          json: {
            id,
            head_sha: body.head_sha,
            name: body.name,
            status: body.status,
            conclusion: body.conclusion ?? null,
            html_url: `https://github.com/${m[1]}/${m[2]}/runs/${id}`,
          },
        };
      }
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/);
      if (m && req.method === 'PATCH') {
        const run = checkRuns.get(Number(m[3]));
        if (!run) return notFound;
        run.updates.push(body);
        return { json: { id: Number(m[3]), html_url: `https://github.com/${m[1]}/${m[2]}/runs/${m[3]}` } };
      }

      // Issue comments: listed oldest first, 30 a page unless per_page (at most 100) says otherwise.
      // GitHub's Link header points at /repositories/{id}/..., not at the path that was asked.
      m =
        req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/) ??
        req.path.match(/^\/repositories\/(\d+)()\/issues\/(\d+)\/comments$/);
      if (m && req.method === 'GET') {
        const [owner, repo] = req.path.startsWith('/repositories/') ? ['octo-org', 'shop'] : [m[1] ?? '', m[2] ?? ''];
        if (req.path.startsWith('/repositories/') && Number(m[1]) !== REPOSITORY_ID) return notFound;
        const issue = Number(m[3]);
        const perPage = Math.min(100, Math.max(1, Number(req.query.per_page ?? 30) || 30));
        const page = Math.max(1, Number(req.query.page ?? 1) || 1);
        const all = comments.filter((c) => c.issue === issue);
        const lastPage = Math.max(1, Math.ceil(all.length / perPage));
        const pageUrl = (/** @type {number} */ p) =>
          `${baseUrl}/repositories/${REPOSITORY_ID}/issues/${issue}/comments?per_page=${perPage}&page=${p}`;
        const links = [];
        if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
        if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
        if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
        return {
          headers: /** @type {Record<string, string>} */ (links.length ? { link: links.join(', ') } : {}),
          json: all.slice((page - 1) * perPage, page * perPage).map((c) => commentJson(owner, repo, c)),
        };
      }
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/);
      if (m && req.method === 'POST') {
        if (options.commentsForbidden) return forbidden('issues/comments#create-an-issue-comment');
        if (body.body.length > COMMENT_BODY_MAX) return bodyTooLong();
        const at = tick();
        /** @type {Comment} */
        const comment = { id: nextCommentId++, issue: Number(m[3]), body: body.body, user: ACTIONS_BOT, created_at: at, updated_at: at };
        comments.push(comment);
        return { status: 201, json: commentJson(m[1] ?? '', m[2] ?? '', comment) };
      }
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/);
      if (m && req.method === 'PATCH') {
        if (options.commentsForbidden) return forbidden('issues/comments#update-an-issue-comment');
        const comment = comments.find((c) => c.id === Number(m?.[3]));
        if (!comment) return notFound;
        if (body.body.length > COMMENT_BODY_MAX) return bodyTooLong();
        comment.body = body.body;
        comment.updated_at = tick();
        return { json: commentJson(m[1] ?? '', m[2] ?? '', comment) };
      }

      // Git trees and contents.
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/);
      if (m && req.method === 'GET') {
        if (options.contentsForbidden) return forbidden('git/trees#get-a-tree');
        const rootSha = commits.get(m[3] ?? '') ?? m[3] ?? '';
        if (!trees.has(rootSha)) return checked(req.path, notFound);
        const recursive =
          req.query.recursive !== undefined && req.query.recursive !== '' && req.query.recursive !== '0' && req.query.recursive !== 'false';
        /** @type {any[]} */
        const entries = [];
        const limit = options.recursiveTreeLimit ?? 100_000;
        let truncated = false;
        const walk = (/** @type {string} */ sha, /** @type {string} */ prefix) => {
          for (const entry of trees.get(sha) ?? []) {
            if (entries.length >= limit) {
              truncated = true;
              return;
            }
            const path = prefix + entry.name;
            entries.push({
              path,
              mode: entry.mode,
              type: entry.type,
              sha: entry.sha,
              ...(entry.type === 'blob' ? { size: entry.size } : {}),
              url: `${baseUrl}/repos/${m?.[1]}/${m?.[2]}/git/${entry.type === 'blob' ? 'blobs' : 'trees'}/${entry.sha}`,
            });
            if (recursive && entry.type === 'tree') walk(entry.sha, `${path}/`);
          }
        };
        walk(rootSha, '');
        return checked(req.path, {
          json: { sha: rootSha, url: `${baseUrl}/repos/${m[1]}/${m[2]}/git/trees/${rootSha}`, tree: entries, truncated },
        });
      }
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/);
      if (m && req.method === 'GET') {
        if (options.contentsForbidden) return forbidden('repos/contents#get-repository-content');
        const [owner, repo] = [m[1] ?? '', m[2] ?? ''];
        const path = decodeURIComponent(m[3] ?? '');
        const ref = req.query.ref ?? defaultBranchSha;
        const found = lookup(commits.get(ref) ?? ref, path);
        if (!found) return checked(req.path, notFound);
        if (found.type === 'tree') {
          return checked(req.path, {
            json: (trees.get(found.sha) ?? []).map((e) => contentEntry(owner, repo, ref, `${path}/${e.name}`, e)),
          });
        }
        const bytes = blobs.get(found.sha) ?? Buffer.alloc(0);
        if (String(req.headers.accept ?? '').includes('raw')) {
          return { headers: { 'content-type': 'application/vnd.github.raw+json; charset=utf-8' }, text: bytes.toString('utf8') };
        }
        const large = bytes.length > 1024 * 1024;
        return checked(req.path, {
          json: {
            ...contentEntry(owner, repo, ref, path, found),
            encoding: large ? 'none' : 'base64',
            content: large ? '' : (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n'),
          },
        });
      }

      // Pull requests: by commit, and by head (`owner:branch`) for forks.
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})\/pulls$/);
      if (m && req.method === 'GET') {
        const full = `${m[1]}/${m[2]}`;
        return {
          json: pulls
            .filter((p) => p.headSha === m?.[3] && (p.baseRepo ?? 'octo-org/shop') === full && p.listedForCommit !== false)
            .map(pullJson),
        };
      }
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/pulls$/);
      if (m && req.method === 'GET') {
        const [headOwner, headRef] = String(req.query.head ?? '').split(':');
        const state = req.query.state ?? 'open';
        return {
          json: pulls
            .filter((p) => state === 'all' || (p.state ?? 'open') === state)
            .filter(
              (p) =>
                !req.query.head || ((p.headRepo ?? 'octo-org/shop').split('/')[0] === headOwner && (p.headRef ?? 'feature') === headRef),
            )
            .map(pullJson),
        };
      }
      return notFound;
    },
    { latencyMs: options.latencyMs },
  );
  baseUrl = server.url;

  const bodyTooLong = () => ({
    status: 422,
    json: {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
    },
  });

  const forgetRequests = server.reset;
  return Object.assign(server, {
    checkRuns,
    comments,
    pulls,
    validationErrors,
    /** Forgets requests, faults, check runs, comments and pulls: ids start again. */
    reset() {
      forgetRequests();
      checkRuns.clear();
      comments.length = 0;
      pulls.length = 0;
      validationErrors.length = 0;
      commits.clear();
      trees.clear();
      blobs.clear();
      defaultBranchSha = '';
      nextId = 7000;
      nextCommentId = 900001;
    },
    /**
     * Stores a commit's files (path → content; a list of paths gets empty files) as git trees.
     * The first commit stored is the default branch's, unless `defaultBranch` says otherwise.
     * @param {string} sha @param {Record<string, string> | string[]} files @param {{ defaultBranch?: boolean }} [options]
     */
    setCommit(sha, files, options = {}) {
      const entries = Array.isArray(files) ? files.map((p) => /** @type {[string, string]} */ ([p, ''])) : Object.entries(files);
      /** @typedef {{ files: Map<string, Buffer>, dirs: Map<string, Dir> }} Dir */
      /** @type {Dir} */
      const root = { files: new Map(), dirs: new Map() };
      for (const [path, content] of entries) {
        const names = path.split('/');
        let dir = root;
        for (const name of names.slice(0, -1)) {
          let next = dir.dirs.get(name);
          if (!next) dir.dirs.set(name, (next = { files: new Map(), dirs: new Map() }));
          dir = next;
        }
        dir.files.set(names.at(-1) ?? '', Buffer.from(content, 'utf8'));
      }
      /** @param {Dir} dir @returns {string} */
      const store = (dir) => {
        /** @type {TreeEntry[]} */
        const list = [];
        for (const [name, sub] of dir.dirs) list.push({ name, type: 'tree', mode: '040000', sha: store(sub) });
        for (const [name, bytes] of dir.files) {
          const blobSha = gitSha('blob', bytes);
          blobs.set(blobSha, bytes);
          list.push({ name, type: 'blob', mode: '100644', sha: blobSha, size: bytes.length });
        }
        list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const treeSha = gitSha('tree', list.map((e) => `${e.mode} ${e.name} ${e.sha}`).join('\n'));
        trees.set(treeSha, list);
        return treeSha;
      };
      commits.set(sha, store(root));
      if (options.defaultBranch ?? !defaultBranchSha) defaultBranchSha = sha;
    },
    /** Requests for trees and contents, as made. */
    contentRequests() {
      return server.requests.filter((r) => /\/git\/trees\/|\/contents\//.test(r.path));
    },
    /** Every annotation sent, in order, across the create and its updates. */
    annotations() {
      return [...checkRuns.values()].flatMap((r) => [r.create, ...r.updates]).flatMap((b) => b.output?.annotations ?? []);
    },
    /**
     * Adds a comment as someone else wrote it (or as the bot, with `user: ACTIONS_BOT`).
     * @param {number} issue @param {string} body @param {User} [user]
     */
    addComment(issue, body, user = { login: 'octocat', id: 583231, type: 'User' }) {
      const at = tick();
      const comment = { id: nextCommentId++, issue, body, user, created_at: at, updated_at: at };
      comments.push(comment);
      return comment;
    },
    /** @param {number} issue */
    commentsOn(issue) {
      return comments.filter((c) => c.issue === issue);
    },
    /** @param {Pull} pull */
    addPull(pull) {
      pulls.push(pull);
    },
  });
}
