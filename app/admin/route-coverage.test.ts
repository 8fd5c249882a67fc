import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminRoutes } from '@/e2e/admin-routes';

/**
 * Keeps the authorisation matrix (e2e/admin-routes.ts) complete: every page, route handler and server
 * action under app/admin and app/api/admin must be a row of the table (so e2e/authz.spec.ts probes it for
 * every role), and must call the guard itself — a layout or the proxy is not an authorisation boundary.
 * Rows marked 'anyone' (sign-in, accepting an invitation) are the reviewed exceptions to the guard rule.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GUARD = /\brequire(Staff|StaffApi|FreshAuth)\(/;
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(rel) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

const files = [...walk('app/admin'), ...walk('app/api/admin')];
const source = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const isActionFile = (text: string) => /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(text);

/** The URL pattern of a page or route file: app/admin/[slug]/claims/page.tsx → /admin/[slug]/claims. */
function urlPattern(file: string): string {
  return file.replace(/^app/, '').replace(/\/(page\.tsx|route\.ts)$/, '') || '/';
}

/** Which file a concrete path is served by: static segments win over [dynamic] ones, as in Next. */
function servedBy(urlPath: string, candidates: string[]): string | undefined {
  const segments = urlPath.split('?')[0].split('/').filter(Boolean);
  const fits = candidates.filter((file) => {
    const pattern = urlPattern(file).split('/').filter(Boolean);
    return pattern.length === segments.length && pattern.every((p, i) => /^\[\w+\]$/.test(p) || p === segments[i]);
  });
  const dynamicCount = (file: string) => urlPattern(file).split('/').filter((p) => p.startsWith('[')).length;
  return fits.sort((a, b) => dynamicCount(a) - dynamicCount(b))[0];
}

/** Each exported function of a module with its body (up to the next top-level export). */
function exportedFunctions(text: string): { name: string; body: string }[] {
  const starts = [...text.matchAll(/^export (?:default )?(?:async )?function (\w+)/gm)];
  return starts.map((m, i) => ({ name: m[1], body: text.slice(m.index, starts[i + 1]?.index ?? text.length) }));
}

/** The guard must come before the first database access of the function. */
function guardedBeforeDb(body: string): boolean {
  const guard = body.search(GUARD);
  const db = body.search(/\bgetDb\(/);
  return guard >= 0 && (db < 0 || guard < db);
}

const pages = files.filter((f) => f.endsWith('/page.tsx'));
const handlers = files.filter((f) => f.endsWith('/route.ts'));
const actionFiles = files.filter((f) => isActionFile(source(f)));
const rowsOf = (kind: 'page' | 'api') => adminRoutes.filter((r) => r.kind === kind);
/** Public cells: pages and handlers by file, actions by file + export (a new export there is not exempt). */
const publicCells = new Set(
  adminRoutes
    .filter((r) => r.allowed === 'anyone')
    .map((r) => (r.kind === 'action' ? `${r.file}#${r.action}` : `${servedBy(r.path, r.kind === 'page' ? pages : handlers)}#${r.kind === 'page' ? 'default' : r.method}`)),
);

describe('the authorisation matrix covers the whole console', () => {
  it('finds the console files (the walk itself works)', () => {
    expect(pages).toContain('app/admin/[slug]/claims/[claimId]/page.tsx');
    expect(handlers).toContain('app/api/admin/[slug]/reports/[kind]/route.ts');
    expect(actionFiles).toContain('app/admin/users/actions.ts');
  });

  it('every page is a row of the table', () => {
    const covered = new Set(rowsOf('page').map((r) => servedBy(r.path, pages)));
    expect(pages.filter((p) => !covered.has(p))).toEqual([]);
  });

  it('every method of every route handler is a row of the table', () => {
    const missing = handlers.flatMap((file) => {
      const methods = exportedFunctions(source(file)).map((f) => f.name).filter((n) => HTTP_METHODS.includes(n));
      expect(methods.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
      return methods.filter((m) => !rowsOf('api').some((r) => r.kind === 'api' && r.method === m && servedBy(r.path, handlers) === file)).map((m) => `${m} ${file}`);
    });
    expect(missing).toEqual([]);
  });

  it('every exported server action is a row of the table', () => {
    const missing = actionFiles.flatMap((file) =>
      exportedFunctions(source(file))
        .filter(({ name }) => !adminRoutes.some((r) => r.kind === 'action' && r.file === file && r.action === name))
        .map(({ name }) => `${name} in ${file}`),
    );
    expect(missing).toEqual([]);
  });

  it('every row points at something that exists', () => {
    const dangling = adminRoutes.flatMap((r) => {
      if (r.kind === 'page') return servedBy(r.path, pages) ? [] : [`page ${r.path}`];
      if (r.kind === 'api') return servedBy(r.path, handlers) ? [] : [`${r.method} ${r.path}`];
      return exportedFunctions(fs.existsSync(path.join(ROOT, r.file)) ? source(r.file) : '').some((f) => f.name === r.action) ? [] : [`${r.action} in ${r.file}`];
    });
    expect(dangling).toEqual([]);
  });

  it('every page, action and route handler calls the guard before touching the database (public ones excepted)', () => {
    const unguarded = [
      ...pages.flatMap((f) => exportedFunctions(source(f)).filter((fn) => /^export default/.test(fn.body)).map((fn) => ({ where: f, key: `${f}#default`, ...fn }))),
      ...handlers.flatMap((f) => exportedFunctions(source(f)).filter((fn) => HTTP_METHODS.includes(fn.name)).map((fn) => ({ where: f, key: `${f}#${fn.name}`, ...fn }))),
      ...actionFiles.flatMap((f) => exportedFunctions(source(f)).map((fn) => ({ where: f, key: `${f}#${fn.name}`, ...fn }))),
    ]
      .filter((fn) => !publicCells.has(fn.key) && !guardedBeforeDb(fn.body))
      .map((fn) => `${fn.name} in ${fn.where}`);
    expect(unguarded).toEqual([]);
  });

  it('no server action is declared inline, where the table could not name it', () => {
    const inline = files.filter((f) => !isActionFile(source(f)) && /['"]use server['"]/.test(source(f)));
    expect(inline).toEqual([]);
  });
});
