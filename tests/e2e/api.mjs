// A small API client for test setup from Node: one session (cookies and CSRF token), JSON in and out.
// Used where the browser is not what is being tested (accounts, the emergency organisation).

export class ApiSession {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
  }

  async call(method, path, body) {
    const headers = { 'Accept-Language': 'zh-CN' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    if (data && typeof data === 'object' && typeof data.csrf_token === 'string') this.csrf = data.csrf_token;
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 400)}`);
    return data;
  }

  get(path) {
    return this.call('GET', path);
  }
  post(path, body) {
    return this.call('POST', path, body ?? {});
  }
  put(path, body) {
    return this.call('PUT', path, body);
  }

  /**
   * Signs in with a one-time password and sets the account's own password (the first sign-in asks
   * for it), leaving a full session.
   */
  static async firstSignIn(base, username, oneTimePassword, newPassword) {
    const s = new ApiSession(base);
    const me = await s.post('/api/v1/auth/login', { username, password: oneTimePassword });
    if (me.pending === 'password_change') {
      await s.post('/api/v1/auth/password', { current_password: oneTimePassword, new_password: newPassword });
      const after = await s.get('/api/v1/auth/me');
      if (after.pending) throw new Error(`${username}: still pending ${after.pending} after the password change`);
      s.user = after.user;
    } else if (me.pending) {
      throw new Error(`${username}: unexpected sign-in step ${me.pending}`);
    } else {
      s.user = me.user;
    }
    return s;
  }
}
