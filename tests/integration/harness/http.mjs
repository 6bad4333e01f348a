// Plain HTTP against a running server: one request, a client bound to a base URL, the common
// error shape, Set-Cookie parsing and the department list read page by page.

/**
 * One HTTP request. `json` is sent as application/json; `body` is sent as-is (string or Buffer).
 * Resolves {status, headers (Headers), text, json (parsed or undefined)}.
 */
export async function request(base, method, urlPath, { json, body, headers = {}, signal } = {}) {
  const h = { ...headers };
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  const res = await fetch(base + urlPath, { method, headers: h, body: payload, signal });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: parsed };
}

/** Convenience wrapper bound to one server base URL. */
export function client(base) {
  return {
    get: (p, o) => request(base, 'GET', p, o),
    post: (p, json, o = {}) => request(base, 'POST', p, { ...o, json }),
    patch: (p, json, o = {}) => request(base, 'PATCH', p, { ...o, json }),
    del: (p, o) => request(base, 'DELETE', p, o),
    raw: (method, p, o) => request(base, method, p, o),
  };
}

/** Asserts the common error shape and returns the error object. */
export function expectError(assert, res, { status, code, key } = {}) {
  const ctx = `response ${res.status} ${res.text}`;
  if (status !== undefined) assert.equal(res.status, status, ctx);
  assert.ok(res.json && typeof res.json === 'object', `error body must be JSON: ${ctx}`);
  const e = res.json.error;
  assert.ok(e && typeof e === 'object', `missing "error" object: ${ctx}`);
  assert.deepEqual(Object.keys(e).sort(), ['code', 'details', 'key', 'message', 'request_id'], ctx);
  assert.equal(typeof e.code, 'string', ctx);
  assert.equal(typeof e.key, 'string', ctx);
  assert.equal(typeof e.message, 'string', ctx);
  assert.ok(e.message.length > 0, ctx);
  assert.ok(e.details && typeof e.details === 'object' && !Array.isArray(e.details), ctx);
  assert.equal(typeof e.request_id, 'string', ctx);
  assert.ok(e.request_id.length > 0, ctx);
  assert.equal(e.request_id, res.headers.get('x-request-id'), `request_id must equal X-Request-Id: ${ctx}`);
  if (code !== undefined) assert.equal(e.code, code, ctx);
  if (key !== undefined) {
    if (Array.isArray(key)) assert.ok(key.includes(e.key), `key ${e.key} not in ${key.join(', ')}: ${ctx}`);
    else assert.equal(e.key, key, ctx);
  }
  return e;
}

/** The Set-Cookie values of a response as {name: {value, attributes: [..], raw}}. */
export function parseSetCookies(headers) {
  const out = {};
  const list = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
  for (const raw of list) {
    const [pair, ...attrs] = raw.split(';').map((x) => x.trim());
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attributes: attrs, raw };
  }
  return out;
}

/** Reads all items of the department list (page by page) through the session client `c`. */
export async function listAllDepartments(c, query = '') {
  const items = [];
  let total = 0;
  for (let page = 1; page < 10_000; page += 1) {
    const sep = query ? '&' : '';
    const r = await c.get(`/api/v1/departments?${query}${sep}page=${page}&page_size=200`);
    if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.text}`);
    total = r.json.total;
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= total) break;
  }
  return { items, total };
}

/** The total number of departments (read through the session client `c`). */
export async function departmentTotal(c) {
  const r = await c.get('/api/v1/departments?page_size=1');
  if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.text}`);
  return r.json.total;
}
