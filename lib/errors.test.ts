import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, cliFailure, errorResponse, exitCodeOf, formFailure, httpStatusOf, toAppError } from './errors';
import { CsvRejected } from './csv/read';
import { ReportFormatError } from './reports/export';
import { SettlementExistsError } from './settlements/service';
import { StaffError } from './auth/users';

/** One mapping from failure to exit code, HTTP status and form state (docs/decisions/0008). */

const zodError = () => z.object({ email: z.email('not an e-mail') }).safeParse({ email: 'x' }).error!;

describe('lib/errors', () => {
  it('maps codes to exit codes and statuses once', () => {
    expect(exitCodeOf(new AppError('bad_input', 'x'))).toBe(1);
    expect(exitCodeOf(new AppError('usage', 'x'))).toBe(2);
    expect(exitCodeOf(new AppError('misconfigured', 'x'))).toBe(78);
    expect(exitCodeOf(new Error('boom'))).toBe(70);
    expect(exitCodeOf(zodError())).toBe(1);
    expect(httpStatusOf(new AppError('too_large', 'x'))).toBe(413);
    expect(httpStatusOf(new AppError('cross_origin', 'x'))).toBe(403);
    expect(httpStatusOf(new TypeError('x is undefined'))).toBe(500);
  });

  it('the older error classes are AppErrors with the right code and field', () => {
    expect(toAppError(new CsvRejected('a.csv', ['a.csv:2:3 (x): bad'], 1))).toMatchObject({ code: 'bad_input', details: ['a.csv:2:3 (x): bad'] });
    expect(toAppError(new SettlementExistsError('tiktok'))).toMatchObject({ code: 'conflict', field: 'slug' });
    expect(toAppError(new StaffError('taken', 'email'))).toMatchObject({ code: 'bad_input', field: 'email' });
    expect(toAppError(new ReportFormatError('no pdf'))).toMatchObject({ code: 'usage', field: 'format' });
  });

  it('an unexpected error never shows its message (it may hold personal data or SQL)', async () => {
    const leak = new Error('duplicate key value (email)=(maya@example.com)');
    const cli = cliFailure(leak);
    expect(cli.code).toBe(70);
    expect(cli.lines.join('\n')).not.toContain('maya');
    const res = errorResponse(leak);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error', code: 'internal' });
    expect(() => formFailure(leak)).toThrow(leak);
  });

  it('zod failures become per-field form state and detail lines', () => {
    expect(formFailure(zodError())).toEqual({ error: 'Please correct the fields marked below.', fieldErrors: { email: 'not an e-mail' } });
    expect(cliFailure(zodError())).toEqual({ code: 1, lines: ['error: invalid input', '  email: not an e-mail'] });
    expect(formFailure(new StaffError('Someone with this email already has an account', 'email'))).toEqual({
      error: 'Someone with this email already has an account',
      fieldErrors: { email: 'Someone with this email already has an account' },
    });
  });

  it('route handlers get the code and field as JSON', async () => {
    const res = errorResponse(new AppError('too_large', 'The file is over 10 MB', { field: 'document' }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'The file is over 10 MB', code: 'too_large', field: 'document' });
  });
});
