import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import type { Role } from '../lib/auth/permissions';
import { adminRoutes, ALL, type AdminRoute } from './admin-routes';
import { signInAs } from './fixtures/auth';

/**
 * The authorisation matrix (QUALITY.md): every route of e2e/admin-routes.ts × every role and anonymous,
 * each request sent plain and with the x-middleware-subrequest header of the 2025 middleware bypass.
 * Only allowed cells may succeed; every refusal must be the right one (sign-in for anonymous, 403 else).
 */
const BYPASS = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' };

/** Server action ids of this build, by file and export name. */
function actionId(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8'));
  for (const [id, v] of Object.entries<{ filename?: string; exportedName?: string }>(manifest.node))
    if (v.filename === file && v.exportedName === name) return id;
  throw new Error(`server action ${name} in ${file} not found in the build`);
}

type Verdict = 'allowed' | 'to-sign-in' | 'forbidden' | 'other';

async function probe(api: APIRequestContext, route: AdminRoute, extra: Record<string, string>): Promise<{ verdict: Verdict; detail: string }> {
  if (route.kind === 'action') {
    const args = route.args?.({ slug: 'tiktok' }) ?? [];
    // React's reply encoding: argument list in field 0, the FormData argument as "$K1" (left empty:
    // allowed cells answer with a validation error and change nothing).
    const res = await api.post(route.path, {
      headers: { ...extra, 'Next-Action': actionId(route.file, route.action), Accept: 'text/x-component' },
      multipart: { '0': JSON.stringify([...args, {}, '$K1']) },
      maxRedirects: 0,
    });
    const redirect = res.headers()['x-action-redirect'] ?? '';
    const detail = `${res.status()} ${redirect}`;
    if (redirect.startsWith('/admin/sign-in')) return { verdict: 'to-sign-in', detail };
    if (res.status() === 403) return { verdict: 'forbidden', detail };
    return { verdict: res.status() === 200 ? 'allowed' : 'other', detail };
  }
  const res = await api.fetch(route.path, { method: route.kind === 'api' ? route.method : 'GET', headers: extra, maxRedirects: 0 });
  const location = res.headers()['location'] ?? '';
  const detail = `${res.status()} ${location}`;
  if (res.status() === 401 || (res.status() >= 300 && res.status() < 400 && location.includes('/admin/sign-in'))) return { verdict: 'to-sign-in', detail };
  if (res.status() === 403) return { verdict: 'forbidden', detail };
  if (res.status() === 200 || (res.status() >= 300 && res.status() < 400)) return { verdict: 'allowed', detail };
  return { verdict: 'other', detail };
}

const label = (r: AdminRoute) => (r.kind === 'action' ? `action ${r.action} @ ${r.path}` : `${r.kind === 'api' ? r.method : 'GET'} ${r.path}`);

async function walk(api: APIRequestContext, who: Role | 'anonymous') {
  const failures: string[] = [];
  for (const route of adminRoutes) {
    const expected: Verdict = who === 'anonymous' ? 'to-sign-in' : route.allowed.includes(who) ? 'allowed' : 'forbidden';
    for (const headers of [{}, BYPASS]) {
      const { verdict, detail } = await probe(api, route, headers);
      if (verdict !== expected) failures.push(`${who} ${label(route)}${headers === BYPASS ? ' [bypass header]' : ''}: expected ${expected}, got ${verdict} (${detail})`);
    }
  }
  expect(failures, failures.join('\n')).toEqual([]);
}

test('anonymous requests never reach an admin page, action or route handler', async () => {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  await walk(api, 'anonymous');
  await api.dispose();
});

for (const role of ALL) {
  test(`${role}: only the allowed cells of the matrix succeed`, async ({ page }) => {
    await signInAs(page, role, '/admin');
    await walk(page.request, role);
  });
}
