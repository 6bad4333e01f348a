import { describe, expect, it, vi } from 'vitest';
import { createApiClient, readCookie, type ClientHooks } from '@/api/client';
import { ApiError, unwrap } from '@/api/errors';

type Seen = { method: string; url: string; headers: Headers; body: string };

function fakeServer(status = 200, body: unknown = { ok: true }) {
  const seen: Seen[] = [];
  const fetchImpl = vi.fn(async (input: Request) => {
    seen.push({ method: input.method, url: input.url, headers: input.headers, body: await input.clone().text() });
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  return { seen, fetchImpl: fetchImpl as unknown as typeof fetch };
}

function hooks(over: Partial<ClientHooks> = {}): ClientHooks {
  return { csrfToken: () => 'tok-123', language: () => 'zh-CN', onUnauthorized: vi.fn(), ...over };
}

describe('API client', () => {
  it('sends Accept-Language on every call and no CSRF header on GET', async () => {
    const { seen, fetchImpl } = fakeServer(200, { items: [], total: 0, page: 1, page_size: 20 });
    const api = createApiClient(hooks({ language: () => 'en-US' }), fetchImpl);
    await api.GET('/api/v1/users', { params: { query: { page: 2, page_size: 10 } } });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(new URL(seen[0].url).pathname).toBe('/api/v1/users');
    expect(new URL(seen[0].url).search).toBe('?page=2&page_size=10');
    expect(seen[0].headers.get('Accept-Language')).toBe('en-US');
    expect(seen[0].headers.get('X-CSRF-Token')).toBeNull();
  });

  it('adds X-CSRF-Token to POST, PUT, PATCH and DELETE', async () => {
    const { seen, fetchImpl } = fakeServer(200, {});
    const api = createApiClient(hooks(), fetchImpl);
    await api.POST('/api/v1/users/{id}/disable', { params: { path: { id: 7 } } });
    await api.PUT('/api/v1/users/{id}/roles', { params: { path: { id: 7 } }, body: { role_ids: [1] } });
    await api.PATCH('/api/v1/departments/{id}', { params: { path: { id: 3 } }, body: { version: 1, name: 'x' } });
    await api.DELETE('/api/v1/roles/{id}', { params: { path: { id: 9 } } });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE']);
    for (const s of seen) expect(s.headers.get('X-CSRF-Token')).toBe('tok-123');
    expect(JSON.parse(seen[1].body)).toEqual({ role_ids: [1] });
  });

  it('falls back to the anxin_csrf cookie when no token is known', async () => {
    document.cookie = 'other=1';
    document.cookie = 'anxin_csrf=from-cookie';
    const { seen, fetchImpl } = fakeServer(204);
    const api = createApiClient(hooks({ csrfToken: () => null }), fetchImpl);
    await api.POST('/api/v1/auth/logout');
    expect(seen[0].headers.get('X-CSRF-Token')).toBe('from-cookie');
    expect(readCookie('anxin_csrf', 'a=1; anxin_csrf=x%20y; b=2')).toBe('x y');
    expect(readCookie('missing', 'a=1')).toBeNull();
  });

  it('reports a 401 as an ended session, except for sign-in and the session probe', async () => {
    const body = { error: { code: 'unauthenticated', key: 'auth.session_expired', message: 'm', details: {}, request_id: 'r1' } };
    const onUnauthorized = vi.fn();
    const { fetchImpl } = fakeServer(401, body);
    const api = createApiClient(hooks({ onUnauthorized }), fetchImpl);
    await api.GET('/api/v1/users');
    expect(onUnauthorized).toHaveBeenCalledWith('/api/v1/users');
    onUnauthorized.mockClear();
    await api.POST('/api/v1/auth/login', { body: { username: 'a', password: 'b' } });
    await api.GET('/api/v1/auth/me');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('unwrap returns data or throws ApiError with the server key and details', async () => {
    const ok = fakeServer(200, { items: [], total: 3, page: 1, page_size: 20 });
    const data = await unwrap(createApiClient(hooks(), ok.fetchImpl).GET('/api/v1/roles'));
    expect(data.total).toBe(3);

    const bad = fakeServer(400, {
      error: { code: 'invalid_argument', key: 'identity.phone_invalid', message: '手机号码格式不正确。', details: { field: 'phone' }, request_id: 'abc' },
    });
    const err = await unwrap(createApiClient(hooks(), bad.fetchImpl).GET('/api/v1/roles')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).key).toBe('identity.phone_invalid');
    expect((err as ApiError).field).toBe('phone');
    expect((err as ApiError).requestId).toBe('abc');

    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const offline = await unwrap(createApiClient(hooks(), down).GET('/api/v1/roles')).catch((e: unknown) => e);
    expect((offline as ApiError).status).toBe(0);
    expect((offline as ApiError).key).toBe('network.offline');
  });
});
