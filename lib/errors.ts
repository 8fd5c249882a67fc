/**
 * One way to fail. A use case that refuses something throws an AppError with a stable code; each edge
 * maps the code once: the CLI to an exit code (INTERFACES.md §1), a server action to form state, a route
 * handler to an HTTP status. Anything that is not an AppError is a bug and is reported as `internal`
 * (its own exit code and a 500), never as bad input.
 *
 * Messages are shown to the person who made the request, so they never hold personal data.
 */

export const ERROR_CODES = [
  'bad_input', // the input is wrong: a field, a file line, a value
  'usage', // the command or request is malformed (unknown option, missing argument, ambiguous settlement)
  'unauthenticated',
  'forbidden',
  'cross_origin', // a state-changing request from another site
  'not_found',
  'conflict', // the request is valid but the current state refuses it (e.g. a transition that is not allowed)
  'too_large', // a body or upload over its limit
  'rate_limited',
  'misconfigured', // the installation is missing a setting it needs
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorOptions = {
  /** The form field or CSV column the error is about, so a form can place it beside the field. */
  field?: string;
  /** Further lines: `file:line:column (field): message` for imports, one per problem. */
  details?: string[];
  cause?: unknown;
};

export class AppError extends Error {
  readonly field?: string;
  readonly details: string[];
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: AppErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.field = opts.field;
    this.details = opts.details ?? [];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Duck-typed so a ZodError from another copy of zod (the CLI's tsx loader, Next's bundle) still counts. */
type ZodLike = { name: 'ZodError'; issues: { path: PropertyKey[]; message: string }[] };
const isZodError = (e: unknown): e is ZodLike =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);

/**
 * Any thrown value as an AppError: an AppError as it is, a zod failure as `bad_input` (one detail line per
 * issue, `path: message`, and the first issue's path as the field), anything else as `internal` with a
 * fixed message — the original message may hold a SQL fragment or a personal value, so it is kept only
 * as the cause (for a developer's stack trace), never shown.
 */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (isZodError(e)) {
    const details = e.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
    const first = e.issues[0]?.path;
    return new AppError('bad_input', 'invalid input', { details, field: first?.length ? first.map(String).join('.') : undefined, cause: e });
  }
  return new AppError('internal', 'internal error', { cause: e });
}

/**
 * CLI exit codes. 0/1/2 are INTERFACES.md §1; an unexpected crash gets 70 (EX_SOFTWARE in sysexits.h) and a
 * missing setting 78 (EX_CONFIG), so a script can tell "fix your file" from "file a bug" from "fix the set-up".
 */
export const EXIT_CODES: Record<ErrorCode, number> = {
  bad_input: 1,
  not_found: 1,
  conflict: 1,
  too_large: 1,
  forbidden: 1,
  unauthenticated: 1,
  cross_origin: 1,
  rate_limited: 1,
  usage: 2,
  misconfigured: 78,
  internal: 70,
};

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  usage: 400,
  unauthenticated: 401,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  misconfigured: 500,
  internal: 500,
};

export function exitCodeOf(e: unknown): number {
  return EXIT_CODES[toAppError(e).code];
}

export function httpStatusOf(e: unknown): number {
  return HTTP_STATUS[toAppError(e).code];
}

/** A JSON error response for route handlers; an unexpected error says only that it is internal. */
export function errorResponse(e: unknown): Response {
  const app = toAppError(e);
  return Response.json(
    { error: app.message, code: app.code, ...(app.field ? { field: app.field } : {}) },
    { status: HTTP_STATUS[app.code], headers: { 'Cache-Control': 'no-store' } },
  );
}

/** What a form shows: a message, and the same message beside its field when the error names one. */
export type FormFailure = { error: string; fieldErrors?: Record<string, string> };

/**
 * An error as form state (server actions). zod failures put each issue beside its field; an AppError
 * its message (and beside its field); anything else is not the user's to fix, so it is rethrown for
 * Next's error boundary (which shows a generic page and logs the digest, never the message).
 */
export function formFailure(e: unknown): FormFailure {
  if (isZodError(e)) {
    const fieldErrors: Record<string, string> = {};
    for (const i of e.issues) fieldErrors[i.path.map(String).join('.') || 'form'] ??= i.message;
    return { error: 'Please correct the fields marked below.', fieldErrors };
  }
  if (isAppError(e) && e.code !== 'internal' && e.code !== 'misconfigured') {
    return { error: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined };
  }
  throw e;
}

/**
 * The CLI's report of a failure: the lines for stderr and the exit code. An internal error prints a
 * short fixed line (its message could hold personal data or SQL); FAIRSHARE_DEBUG=1 adds the stack
 * for a developer.
 */
export function cliFailure(e: unknown, opts: { debug?: boolean } = {}): { code: number; lines: string[] } {
  const app = toAppError(e);
  const code = EXIT_CODES[app.code];
  if (app.code === 'internal') {
    const lines = ['internal error: an unexpected failure, not a problem with your input (please report it); re-run with FAIRSHARE_DEBUG=1 to see the stack'];
    if (opts.debug) lines.push(String((app.cause as Error)?.stack ?? app.cause));
    return { code, lines };
  }
  const head = app.code === 'usage' ? `usage error: ${app.message}` : app.code === 'misconfigured' ? `configuration error: ${app.message}` : `error: ${app.message}`;
  // Imports cap their own lists (first 100 problems and a count of the rest); this is only a backstop.
  const details = app.details.slice(0, 200).map((d) => `  ${d}`);
  if (app.details.length > 200) details.push(`  … and ${app.details.length - 200} more`);
  return { code, lines: [head, ...details] };
}
