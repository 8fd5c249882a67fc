import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgArray, rowsOf, type Handle } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';

let h: Handle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h.close());

describe('pgArray (a whole column as one parameter)', () => {
  it('round-trips awkward text through the database unchanged, in order, nulls included', async () => {
    const values = ['plain', '', 'NULL', 'a,b', '{x}', 'say "hi"', 'back\\slash', ' spaced ', 'tab\tnew\nline', 'Zoë 🎉', 'שלום', "o'brien; drop table x", null];
    const got = rowsOf<{ v: string | null; i: string | number }>(
      await h.db.execute(sql`select v, i from unnest(${pgArray(values)}::text[]) with ordinality as t(v, i) order by i`),
    );
    expect(got.map((r) => r.v)).toEqual(values);
  });

  it('carries integers, and an empty list is an empty array', async () => {
    const [r] = rowsOf<{ n: number; s: string }>(
      await h.db.execute(sql`select cardinality(${pgArray([])}::bigint[]) as n, (select sum(x) from unnest(${pgArray([1, 9007199254740991, -3])}::bigint[]) x)::text as s`),
    );
    expect(Number(r.n)).toBe(0);
    expect(r.s).toBe('9007199254740989');
  });
});
