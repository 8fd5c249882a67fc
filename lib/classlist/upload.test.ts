import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayName, saveUpload } from './upload';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairshare-upload-'));
process.env.FAIRSHARE_DATA_DIR = dir;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const body = (text: string) => new Blob([text]).stream();

describe('class-list upload', () => {
  it('streams the body to a private file under the data folder', async () => {
    const file = await saveUpload(body('record_id,email\nA,a@example.com\n'));
    expect(file.startsWith(path.join(dir, 'uploads'))).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('record_id,email\nA,a@example.com\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses an empty body and one over the limit, leaving no file behind', async () => {
    await expect(saveUpload(body(''))).rejects.toMatchObject({ code: 'bad_input' });
    await expect(saveUpload(body('x'.repeat(2000)), 1000)).rejects.toMatchObject({ code: 'too_large' });
    expect(fs.readdirSync(path.join(dir, 'uploads')).length).toBe(1);
  });

  it('shows a clean base name', () => {
    expect(displayName(encodeURIComponent('../../etc/Class List (v2).csv'))).toBe('Class List (v2).csv');
    expect(displayName('%E0%A4%A')).toBe('_E0_A4_A');
    expect(displayName(null)).toBe('upload.csv');
  });
});
