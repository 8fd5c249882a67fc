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
  return EXIT_CODES[isAppError(e) ? e.code : 'internal'];
}

export function httpStatusOf(e: unknown): number {
  return HTTP_STATUS[isAppError(e) ? e.code : 'internal'];
}

/** A JSON error response for route handlers; an unexpected error says only that it is internal. */
export function errorResponse(e: unknown): Response {
  const app = isAppError(e) ? e : null;
  return Response.json(
    { error: app ? app.message : 'internal error', code: app?.code ?? 'internal', ...(app?.field ? { field: app.field } : {}) },
    { status: httpStatusOf(e), headers: { 'Cache-Control': 'no-store' } },
  );
}
