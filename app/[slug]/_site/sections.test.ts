import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { settlementConfigSchema } from '@/lib/settlements/config';
import { Actions, KeyDates } from './sections';

// Shipped dates: exclusion/objection deadline 2022-01-31, claim deadline 2022-03-01, Eastern time.
const config = settlementConfigSchema.parse(JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8')));

function actionHtml(now: Date, key: string): string {
  const html = renderToStaticMarkup(createElement(Actions, { config, now }));
  const m = new RegExp(`<a[^>]*data-action="${key}"[^>]*>(.*?)</a>`).exec(html);
  return m ? m[0] : '';
}

describe('the four actions', () => {
  it('show the deadline and time left while open', () => {
    const now = new Date('2022-01-21T15:00:00Z');
    expect(actionHtml(now, 'exclude')).toContain('10 days left');
    expect(actionHtml(now, 'exclude')).not.toContain('Closed');
    expect(actionHtml(now, 'claim')).toContain('class="action primary"');
  });

  it('show Closed once the deadline has passed in the settlement time zone, one minute after 11:59 p.m. Eastern', () => {
    const justBefore = new Date('2022-02-01T04:59:00Z');
    const justAfter = new Date('2022-02-01T05:00:00Z');
    expect(actionHtml(justBefore, 'exclude')).not.toContain('Closed');
    expect(actionHtml(justAfter, 'exclude')).toContain('Closed');
    expect(actionHtml(justAfter, 'object')).toContain('Closed');
    // The claim period is still open then.
    expect(actionHtml(justAfter, 'claim')).not.toContain('Closed');
    expect(actionHtml(new Date('2022-03-02T05:00:00Z'), 'claim')).toContain('Closed');
  });

  it('the key dates table counts days in the settlement time zone', () => {
    // 10 p.m. Pacific on Feb 28 is already March 1 in New York: the claim deadline "closes today".
    const html = renderToStaticMarkup(createElement(KeyDates, { config, now: new Date('2022-03-01T06:00:00Z') }));
    expect(html).toMatch(/Deadline to file a claim.*?closes today at 11:59 p\.m\./);
    expect(html).toMatch(/Deadline to exclude yourself.*?closed 29 days ago/);
  });
});
