import type { ClassListAttributeType } from '@/lib/settlements/config';
import type { DataKey } from '@/lib/privacy/crypto';
import { identityKeys } from './keys';
import { sealContact } from './members';
import { classRowSchema, undeclaredAttributes } from './row';

/**
 * The per-row work of the class-list import, as a batch task (lib/bulk/workers.ts): row check, keyed
 * hashes and sealed contact details. It runs in a worker thread or on the main thread; either way its
 * output is plain data, and it never logs or returns anything of the raw row but what is stored.
 */

export type PrepareInit = { enc: Uint8Array; mac: Uint8Array; declared: Record<string, { type: ClassListAttributeType }> };
/** `cheap`: the file already has errors and will be refused, so only the row check is worth doing. */
export type PrepareBatch = { rows: { fields: Record<string, string>; extra: Record<string, string> }[]; cheap: boolean };
/** A checked row's staging cells after `line, record_id`: six hashes, sealed contact, attributes JSON. */
export type PreparedRow = { recordId?: string; issues?: { field: string; message: string }[]; cells?: (string | null)[] };

export function setup(init: PrepareInit): (batch: PrepareBatch) => PreparedRow[] {
  // A Buffer posted to a worker arrives as a Uint8Array.
  const key: DataKey = { enc: Buffer.from(init.enc), mac: Buffer.from(init.mac) };
  const schema = classRowSchema({ classListAttributes: init.declared });
  return ({ rows, cheap }) =>
    rows.map(({ fields, extra }) => {
      const parsed = schema.safeParse(fields);
      if (!parsed.success)
        return { recordId: (fields.record_id ?? '').trim() || undefined, issues: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'record_id'), message: i.message })) };
      const r = parsed.data;
      if (cheap) return { recordId: r.recordId };
      const k = identityKeys(key, r.contact);
      const attributes = { ...undeclaredAttributes(extra), ...r.attributes };
      return { recordId: r.recordId, cells: [k.emailHash, k.phoneHash, k.usernameHash, k.nameZipHash, k.addressHash, k.zipHash, sealContact(key, r.contact), JSON.stringify(attributes)] };
    });
}
