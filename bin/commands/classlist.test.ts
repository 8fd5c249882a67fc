import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, type CliSandbox } from '@/lib/testing/cli';

/** `fairshare classlist import` in a subprocess: exit 0 with the diff, 1 with every problem listed, 2 on usage. */

let sandbox: CliSandbox;
const cli = (...args: string[]) => sandbox.cli(...args);

beforeAll(async () => {
  sandbox = await cliSandbox('classlist_cli');
});
afterAll(async () => sandbox.dispose());

const HEADER = 'record_id,email,phone,first_name,last_name,street,zip,created_video_in_illinois,months_active';

describe('fairshare classlist import', { timeout: 180_000 }, () => {
  it('imports, re-imports with a printed diff, and replaces', async () => {
    expect((await cli('demo', '--class-size', '5')).code).toBe(0);
    const first = sandbox.write('list.csv', [HEADER, 'A1,a@example.com,,Ann,Lee,1 Main St,60601,yes,12', 'A2,b@example.com,,Bo,Ray,2 Main St,60601,no,3'].join('\n'));
    const r = await cli('classlist', 'import', first, '--settlement', 'tiktok');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('imported 2 class-list records into "tiktok" from list.csv (merge): 7 members now');
    expect(r.stdout).toContain('added 2, removed 0');

    const second = sandbox.write('list2.csv', [HEADER, 'A1,a@example.com,,Ann,Lee,1 Main St,60601,yes,13', 'A3,c@example.com,,Cy,Doe,3 Main St,60601,no,1'].join('\n'));
    const m = await cli('--json', 'classlist', 'import', second);
    expect(m.code, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ mode: 'merge', added: 1, changedAttributes: 1, changedByAttribute: { months_active: 1 }, members: 8 });

    // The demo's sample claims are matched to demo members the file leaves out: replace refuses.
    const rep = await cli('classlist', 'import', second, '--mode', 'replace');
    expect(rep.code).toBe(1);
    expect(rep.stderr).toMatch(/list2\.csv: replace would remove 6 class members, and \d+ claims are matched to them; nothing was imported/);
  });

  it('exits 1 listing every problem with file:line:column, and changes nothing', async () => {
    const bad = sandbox.write('bad.csv', [HEADER, 'B1,not-an-email,,,,,,maybe,x', 'B1,,,,,,,,'].join('\n'));
    const r = await cli('classlist', 'import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv: 5 problems found; nothing was imported');
    expect(r.stderr).toContain('bad.csv:2:2 (email): is not an e-mail address');
    expect(r.stderr).toContain('bad.csv:2:8 (created_video_in_illinois): must be true or false');
    expect(r.stderr).toContain('bad.csv:2:9 (months_active): must be a whole number');
    expect(r.stderr).toContain('bad.csv:3:2 (email): at least one of email, phone or username is required');
    expect(r.stderr).toContain('bad.csv:3:1 (record_id): record_id "B1" is also on line 2');
    const after = await cli('--json', 'classlist', 'import', sandbox.write('same.csv', [HEADER, 'A1,a@example.com,,Ann,Lee,1 Main St,60601,yes,13', 'A3,c@example.com,,Cy,Doe,3 Main St,60601,no,1'].join('\n')));
    expect(JSON.parse(after.stdout)).toMatchObject({ members: 8, unchanged: 2 });
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['classlist', 'import'], ['classlist', 'import', 'missing.csv'], ['classlist', 'import', sandbox.write('x.csv', HEADER), '--mode', 'wipe'], ['classlist', 'import', sandbox.write('y.csv', HEADER), '--settlement', 'nope']]) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    }
  });
});
