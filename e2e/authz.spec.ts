import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser } from '@playwright/test';
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

/**
 * Real IDs for the placeholders of detail paths, read from the list pages by an administrator, so an
 * allowed role is shown to reach a record that exists (a made-up ID would only prove a 404).
 */
let ids: Record<string, string> = {};

async function resolveIds(browser: Browser): Promise<Record<string, string>> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInAs(page, 'admin', '/admin');
  const html = async (path: string) => {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    return res.text();
  };
  const first = (text: string, re: RegExp, what: string) => {
    const m = text.match(re);
    if (!m) throw new Error(`no ${what} in the demo to probe`);
    return m[1];
  };
  const objections = await html('/admin/tiktok/objections');
  const withDocument = [...objections.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].find((row) => row[1].includes('attached'));
  const found = {
    claim: first(await html('/admin/tiktok/claims'), /href="\/admin\/tiktok\/claims\/(CL-[0-9A-Z-]+)"/, 'claim'),
    optOut: first(await html('/admin/tiktok/opt-outs'), /href="\/admin\/tiktok\/opt-outs\/(EX-[0-9A-Z-]+)"/, 'opt-out'),
    objection: first(objections, /href="\/admin\/tiktok\/objections\/(OB-[0-9A-Z-]+)"/, 'objection'),
    objectionWithDocument: first(withDocument?.[1] ?? '', /href="\/admin\/tiktok\/objections\/(OB-[0-9A-Z-]+)"/, 'objection with a document'),
  };
  await context.close();
  return found;
}

const fill = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!ids[name]) throw new Error(`no ID resolved for {${name}} in ${path}`);
    return ids[name];
  });

async function probe(api: APIRequestContext, route: AdminRoute, extra: Record<string, string>): Promise<{ verdict: Verdict; detail: string }> {
  if (route.kind === 'action') {
    const args = route.args?.({ slug: 'tiktok' }) ?? [];
    // React's reply encoding: argument list in field 0, the FormData argument as "$K1" (left empty:
    // allowed cells answer with a validation error and change nothing).
    const res = await api.post(fill(route.path), {
      headers: { ...extra, 'Next-Action': actionId(route.file, route.action), Accept: 'text/x-component' },
      multipart: { '0': JSON.stringify([...args, {}, '$K1']) },
      maxRedirects: 0,
    });
    const redirect = res.headers()['x-action-redirect'] ?? '';
    const outcome = actionOutcome(await res.text());
    const detail = `${res.status()} ${redirect} action: ${outcome}`;
    // A guard's redirect carries no action result; a result next to the redirect would mean the action ran.
    if (redirect.startsWith('/admin/sign-in')) return { verdict: outcome === 'ok' ? 'other' : 'to-sign-in', detail };
    // The action's own result decides, not the status: the status is the page's re-render after the
    // action (a page that refuses would hide an action that did not), or 200 on a page without it.
    if (outcome === 'forbidden') return { verdict: 'forbidden', detail };
    return { verdict: outcome === 'ok' && res.status() < 400 ? 'allowed' : 'other', detail };
  }
  const res = await api.fetch(fill(route.path), { method: route.kind === 'api' ? route.method : 'GET', headers: extra, maxRedirects: 0 });
  const location = res.headers()['location'] ?? '';
  const detail = `${res.status()} ${location}`;
  if (res.status() === 401 || (res.status() >= 300 && res.status() < 400 && location.includes('/admin/sign-in'))) return { verdict: 'to-sign-in', detail };
  if (res.status() === 403) return { verdict: 'forbidden', detail };
  if (res.status() === 200 || (res.status() >= 300 && res.status() < 400) || res.status() === route.reached) return { verdict: 'allowed', detail };
  return { verdict: 'other', detail };
}

/**
 * What the server action itself answered, from the React Flight reply: row 0 carries `"a":"$@N"`, and
 * row N is either the returned value or `E{"digest":…}` when the action threw (forbidden() → …;403).
 */
function actionOutcome(body: string): 'ok' | 'forbidden' | string {
  const ref = body.match(/^0:\{"a":"\$@(\w+)"/m);
  if (!ref) return body.match(/^0:\{"a":/m) ? 'ok' : 'no action result';
  const thrown = body.match(new RegExp(`^${ref[1]}:E(\\{.*\\})$`, 'm'));
  if (!thrown) return 'ok';
  const digest = (JSON.parse(thrown[1]) as { digest?: string }).digest ?? 'error';
  return digest === 'NEXT_HTTP_ERROR_FALLBACK;403' ? 'forbidden' : `threw ${digest}`;
}

const label = (r: AdminRoute) => (r.kind === 'action' ? `action ${r.action} @ ${r.path}` : `${r.kind === 'api' ? r.method : 'GET'} ${r.path}`);

async function walk(api: APIRequestContext, who: Role | 'anonymous') {
  const failures: string[] = [];
  for (const route of adminRoutes) {
    const expected: Verdict = route.allowed === 'anyone' || (who !== 'anonymous' && route.allowed.includes(who)) ? 'allowed' : who === 'anonymous' ? 'to-sign-in' : 'forbidden';
    for (const headers of [{}, BYPASS]) {
      const { verdict, detail } = await probe(api, route, headers);
      if (verdict !== expected) failures.push(`${who} ${label(route)}${headers === BYPASS ? ' [bypass header]' : ''}: expected ${expected}, got ${verdict} (${detail})`);
    }
  }
  expect(failures, failures.join('\n')).toEqual([]);
}

test.beforeAll(async ({ browser }) => {
  ids = await resolveIds(browser);
});

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
