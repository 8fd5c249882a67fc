import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { openDb, rowsOf, type Handle } from '@/db/client';
import { createScratchDatabase } from '@/lib/testing/scratch-db';
import * as schema from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';

/**
 * Migrations are history: the schema in db/schema/*.ts must be exactly what db/migrations builds.
 * 1. The newest migration snapshot equals the schema (drizzle-kit's own diff is empty), so editing
 *    the schema without `npx drizzle-kit generate` fails here.
 * 2. An empty database (PGlite, or PostgreSQL when DATABASE_URL is set) migrated from nothing has
 *    nothing left for drizzle-kit's push to do, so a hand-edited or missing migration fails here too.
 */

const MIGRATIONS = path.join(import.meta.dirname, 'migrations');
// drizzle-kit/api is CommonJS with heavy optional imports: loaded once, lazily.
const kit = () => import('drizzle-kit/api') as Promise<typeof import('drizzle-kit/api')>;

/** An empty database with no migration applied (PGlite, or a scratch PostgreSQL database). */
async function emptyDb(): Promise<Handle> {
  if (!process.env.DATABASE_URL) return openDb({ pgliteDir: 'memory://', migrate: false });
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'fairshare_schema');
  const handle = await openDb({ url: scratch.url, migrate: false });
  return { ...handle, close: async () => (await handle.close(), await scratch.drop()) };
}

/** The public schema as sorted lines, independent of creation order and of generated names' oids. */
async function fingerprint(h: Handle) {
  const lines = async (q: ReturnType<typeof sql>) => rowsOf<{ l: string }>(await h.db.execute(q)).map((r) => r.l);
  return {
    columns: await lines(sql`select table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' ' || is_nullable || coalesce(' default ' || column_default, '') as l
      from information_schema.columns where table_schema = 'public' order by 1`),
    constraints: await lines(sql`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as l
      from pg_constraint where connamespace = 'public'::regnamespace order by 1`),
    indexes: await lines(sql`select tablename || ' ' || indexname || ' ' || indexdef as l from pg_indexes where schemaname = 'public' order by 1`),
    enums: await lines(sql`select t.typname || ': ' || string_agg(e.enumlabel, ',' order by e.enumsortorder) as l
      from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = 'public' group by t.typname order by 1`),
  };
}

function latestSnapshot() {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const last = journal.entries.at(-1)!;
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8'));
}

describe('migrations and schema', () => {
  it('the newest migration snapshot is the schema: nothing to generate', async () => {
    const { generateDrizzleJson, generateMigration } = await kit();
    const snapshot = latestSnapshot();
    const current = generateDrizzleJson(schema, snapshot.id);
    expect(await generateMigration(snapshot, current)).toEqual([]);
  });

  it('would notice a schema edit without a migration', async () => {
    const { generateDrizzleJson, generateMigration } = await kit();
    const snapshot = latestSnapshot();
    const edited = { ...schema, extra: pgTable('not_migrated', { id: text('id').primaryKey() }) };
    const statements = await generateMigration(snapshot, generateDrizzleJson(edited, snapshot.id));
    expect(statements.join('\n')).toMatch(/CREATE TABLE "not_migrated"/);
  });

  describe('an empty database, migrated', () => {
    let h: Handle;
    let fromSchema: Handle;
    beforeAll(async () => {
      h = await openTestDb();
      fromSchema = await emptyDb();
      // The schema itself, as drizzle-kit would create it from nothing.
      const { generateDrizzleJson, generateMigration } = await kit();
      const statements = await generateMigration(generateDrizzleJson({}), generateDrizzleJson(schema));
      for (const st of statements) await fromSchema.exec(st);
    });
    afterAll(async () => {
      await h.close();
      await fromSchema.close();
    });

    // drizzle-kit's pushSchema would be the direct check, but 0.31 drops the parameters of its own
    // introspection queries ("bind message supplies 0 parameters"), so the catalogs are compared instead.
    it('has the same tables, columns, types, defaults, constraints, indexes and enums as the schema', async () => {
      const migrated = await fingerprint(h);
      const built = await fingerprint(fromSchema);
      expect(migrated.columns.length).toBeGreaterThan(100);
      expect(migrated.columns).toEqual(built.columns);
      expect(migrated.constraints).toEqual(built.constraints);
      expect(migrated.indexes).toEqual(built.indexes);
      expect(migrated.enums).toEqual(built.enums);
      // Spot checks of this issue's changes, so the comparison is known to look at them.
      expect(migrated.columns).toContainEqual(expect.stringMatching(/^claims\.units bigint int8 YES$/));
      expect(migrated.constraints).toContainEqual('claim_events claim_events_claim_pk_claims_id_fk FOREIGN KEY (claim_pk) REFERENCES claims(id) ON DELETE CASCADE');
      expect(migrated.indexes).toContainEqual(expect.stringMatching(/deficiencies_open_idx .* WHERE \(cured_at IS NULL\)$/));
      expect(migrated.enums).toContainEqual('claim_status: received,under_review,deficient,approved,denied,withdrawn');
    });

    it('keeps what drizzle cannot express: rate_limits unlogged, the claim_stats triggers', async () => {
      const [rl] = rowsOf<{ relpersistence: string }>(await h.db.execute(sql`select relpersistence from pg_class where relname = 'rate_limits'`));
      expect(rl.relpersistence).toBe('u');
      const triggers = rowsOf<{ tgname: string }>(await h.db.execute(sql`select tgname from pg_trigger where tgrelid = 'claims'::regclass and not tgisinternal order by tgname`));
      expect(triggers.map((t) => t.tgname)).toEqual(['claim_stats_del', 'claim_stats_ins', 'claim_stats_upd']);
    });
  });
});
