import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';

/**
 * The real CLI in a subprocess, as an administrator runs it: exit codes 0/1/2, messages on stderr,
 * summaries on stdout (INTERFACES.md §1). PGlite in a temporary folder by default; with DATABASE_URL
 * set, a fresh PostgreSQL database made for this file and dropped after.
 */

let sandbox: CliSandbox;
let dir: string;
const cli = (...args: string[]) => sandbox.cli(...args);
const write = (name: string, content: string) => sandbox.write(name, content);

beforeAll(async () => {
  sandbox = await cliSandbox('cli');
  dir = sandbox.dir;
});
afterAll(async () => sandbox.dispose());

const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));
const HEADER = 'claim_ref,first_name,last_name,email,payment_method,payment_handle,street,city,state,zip';
const GOOD = [
  HEADER,
  'CLI-1,Ava,Johnson,ava@example.com,paypal,ava@example.com,,,,',
  '"=HYPERLINK(""http://evil.example"",""x"")",Liam,Garcia,liam@example.com,check,,1 Main St,Boston,MA,02134',
  'CLI-3,Maya,Nguyen,maya@example.com,venmo,+1 312 555 0100,,,,',
].join('\n');

// Each run starts Node, tsx and the database (PGlite's WASM takes seconds): generous timeouts.
describe('fairshare CLI', { timeout: 180_000 }, () => {
  it('migrates, twice without harm, and creates the demo settlement once', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await cli('db', 'migrate');
      expect(r, r.stderr).toMatchObject({ code: 0 });
      expect(r.stdout).toMatch(/^migrations applied \((pglite|pg)\)/);
    }
    const demo = await cli('demo', '--class-size', '30');
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('created demo settlement "tiktok"');
    expect(demo.stdout).toMatch(/Notice ID N-\w{4}-\w{4}-\w {2}confirmation code \w{4}-\w{4}-\w{4}/);
    const again = await cli('demo');
    expect(again.stdout).toContain('already exists');
  });

  it('creates a second settlement from a copy of docs/settlements/tiktok.json, and rejects a broken one by field path', async () => {
    const copy = write('second.json', JSON.stringify({ ...tiktok, slug: 'second', name: 'A Second Settlement' }));
    const ok = await cli('settlement', 'create', '--file', copy);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('created settlement "second"');

    const broken = write('broken.json', JSON.stringify({ ...tiktok, slug: 'broken', grossFundCents: 12.5, dates: { ...tiktok.dates, timeZone: 'Mars/Olympus' }, paymentMethods: ['cash'] }));
    const bad = await cli('settlement', 'create', '--file', broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('grossFundCents: must be whole cents');
    expect(bad.stderr).toContain('dates.timeZone: must be an IANA time zone');
    expect(bad.stderr).toContain('paymentMethods.0');

    const list = await cli('settlement', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { slug: string }) => s.slug)).toEqual(['tiktok', 'second']);
    const show = await cli('settlement', 'show', 'second', '--json');
    expect(JSON.parse(show.stdout)).toMatchObject({ slug: 'second', name: 'A Second Settlement', paymentMethods: ['paypal', 'venmo', 'prepaid_card', 'check'] });
  });

  it('imports a good claims file (exit 0) and rejects a bad one whole (exit 1, line:column on stderr)', async () => {
    const good = await cli('claims', 'import', write('good.csv', GOOD), '--settlement', 'second', '--json');
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ settlement: 'second', file: 'good.csv', imported: 3, byMethod: { paypal: 1, check: 1, venmo: 1 } });

    const badFile = write('bad.csv', [HEADER, 'CLI-4,Owen,Brown,owen@example.com,paypal,owen@example.com,,,,', 'CLI-5,Zoe,Kim,not-an-email,ach,1.23E+11,,,,', 'CLI-1,Kai,Ali,kai@example.com,paypal,kai@example.com,,,,'].join('\n'));
    const bad = await cli('claims', 'import', badFile, '--settlement', 'second');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('error: bad.csv: 3 problems found; nothing was imported');
    expect(bad.stderr).toContain('bad.csv:3:4 (email): not a valid e-mail address');
    expect(bad.stderr).toContain('bad.csv:3:5 (payment_method): "ach" is not offered by this settlement');
    expect(bad.stderr).toContain('bad.csv:4:1 (claim_ref): claim_ref "CLI-1" is already used by a claim in this settlement');
    // The personal values themselves are never echoed.
    expect(bad.stderr).not.toContain('not-an-email');
  });

  it('exports every claim with formula cells neutralised; nothing from the rejected file', async () => {
    const out = path.join(dir, 'export.csv');
    const r = await cli('claims', 'export', '--out', out, '--settlement', 'second');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^exported 3 claims of "second" to .*export\.csv in \d+\.\d s\n$/);
    const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.claim_ref)).toEqual(['CLI-1', `'=HYPERLINK("http://evil.example","x")`, 'CLI-3']);
    expect(fs.readFileSync(out, 'utf8')).not.toMatch(/Johnson|ava@example\.com/);

    const stdout = await cli('claims', 'export', '--out', '-', '--settlement', 'tiktok');
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.split('\n')[0]).toBe('claim_id,claim_ref,status,tier,units,verification_status,matched_record_id,fraud_score,fraud_action,fraud_reasons,decision,decision_reason,payment_method,submitted_at');
    // The demo comes with sample claims; the summary counts exactly the rows written.
    const demoRows = parse(stdout.stdout, { columns: true }) as unknown[];
    expect(stdout.stderr).toContain(`exported ${demoRows.length.toLocaleString('en-US')} claims of "tiktok" to stdout`);
  });

  it('exits 2 on usage errors', async () => {
    const cases = [
      ['frobnicate'],
      ['claims', 'import'],
      ['claims', 'export'],
      ['claims', 'import', path.join(dir, 'missing.csv')],
      ['claims', 'export', '--out', path.join(dir, 'x.csv'), '--settlement', 'no-such-case'],
    ];
    for (const args of cases) {
      const r = await cli(...args);
      expect(r.code, `fairshare ${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).not.toBe('');
    }
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });
});
