import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { objections, optOuts } from '@/db/schema';
import { counselOf, fullName, openDocumentName, openObjectionPii, openOptOutPii } from '@/lib/filings/sealed';
import { settlementKey } from '@/lib/privacy/keys';
import { deadlineInstant, formatLongDate, localDate, timeZoneName } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { readFilingCounts } from '@/lib/dashboard/stats';
import { captionOf, count, keysetPages, plural, type Declarant, type Report } from './types';

/**
 * Exhibit A (the exclusion list the court attaches to its judgment) and Exhibit B (the objections).
 * Names are decrypted here because the court needs them; the export itself is audited.
 */

export async function buildExclusions(db: Queryable, s: Settlement, declarant: Declarant, now = new Date(), pageSize = 2000): Promise<Report> {
  const key = await settlementKey(db, s.id);
  const counts = (await readFilingCounts(db, s.id)).optOuts;
  const tz = s.config.dates.timeZone;
  return {
    kind: 'exclusions',
    title: 'Declaration of the Settlement Administrator, Exhibit A: List of Persons Requesting Exclusion',
    caption: captionOf(s),
    generatedAt: now,
    timeZone: tz,
    sections: [
      {
        heading: 'Requests for exclusion',
        paragraphs: [
          `Attached is the list of the ${plural(counts.total, 'person')} who asked to be excluded from the settlement class: ${count(counts.timely)} requests were submitted on or before the deadline of ${formatLongDate(s.config.dates.optOutDeadline)} (11:59 p.m. ${timeZoneName(tz, deadlineInstant(s.config.dates.optOutDeadline, tz))}) and ${count(counts.late)} after it. Each request is identified by the request ID the administrator issued.`,
        ],
        figures: [
          { label: 'Requests for exclusion', value: counts.total },
          { label: 'Timely', value: counts.timely },
          { label: 'Late', value: counts.late },
        ],
      },
    ],
    columns: [
      { key: 'request_id', header: 'Request ID', width: 3 },
      { key: 'name', header: 'Name', width: 4 },
      { key: 'city', header: 'City', width: 3 },
      { key: 'state', header: 'State', width: 1 },
      { key: 'date', header: 'Date', width: 2 },
      { key: 'channel', header: 'Channel', width: 1.5 },
      { key: 'timeliness', header: 'Timely / late', width: 2 },
    ],
    tableTitle: 'Persons requesting exclusion',
    pages: () =>
      keysetPages(
        (after, limit) =>
          db
            .select({ id: optOuts.id, requestId: optOuts.requestId, pii: optOuts.pii, late: optOuts.late, channel: optOuts.channel, postmarkDate: optOuts.postmarkDate, submittedAt: optOuts.submittedAt })
            .from(optOuts)
            .where(and(eq(optOuts.settlementId, s.id), gt(optOuts.id, after)))
            .orderBy(asc(optOuts.id))
            .limit(limit),
        (r) => {
          const p = openOptOutPii(key, r.pii);
          return {
            request_id: r.requestId,
            name: fullName(p),
            city: p.city ?? null,
            state: p.state ?? null,
            // A mailed request is dated by its postmark, the date that decided its timeliness (DOMAIN.md §3).
            date: r.postmarkDate ?? localDate(r.submittedAt, tz),
            channel: r.channel,
            timeliness: r.late ? 'late' : 'timely',
          };
        },
        pageSize,
      ),
    formats: ['pdf', 'csv', 'json'],
    declarant,
  };
}

/** Grounds are summarised to one short paragraph in the table; the full text is in the console. */
export function summariseGrounds(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export async function buildObjections(db: Queryable, s: Settlement, declarant: Declarant, now = new Date(), pageSize = 1000): Promise<Report> {
  const key = await settlementKey(db, s.id);
  const counts = (await readFilingCounts(db, s.id)).objections;
  const tz = s.config.dates.timeZone;
  return {
    kind: 'objections',
    title: 'Declaration of the Settlement Administrator, Exhibit B: Objections Received',
    caption: captionOf(s),
    generatedAt: now,
    timeZone: tz,
    sections: [
      {
        heading: 'Objections',
        paragraphs: [
          `The administrator received ${plural(counts.total, 'objection')} to the settlement (${count(counts.late)} after the deadline of ${formatLongDate(s.config.dates.objectionDeadline)}). Objectors represented by counsel: ${count(counts.withCounsel)}; intending to appear at the final approval hearing: ${count(counts.willAppear)}; with a document attached: ${count(counts.withDocument)}. Each document is listed by file name below and is available to the Court and the parties from the administrator in its original form.`,
        ],
        figures: [
          { label: 'Objections', value: counts.total },
          { label: 'Late', value: counts.late },
          { label: 'Represented by counsel', value: counts.withCounsel },
          { label: 'Intend to appear', value: counts.willAppear },
          { label: 'With a document attached', value: counts.withDocument },
        ],
      },
    ],
    columns: [
      { key: 'objection_id', header: 'Objection ID', width: 3.4 },
      { key: 'objector', header: 'Objector', width: 3 },
      { key: 'date', header: 'Date', width: 2.6 },
      { key: 'timeliness', header: 'Timely / late', width: 2 },
      { key: 'counsel', header: 'Counsel', width: 3 },
      { key: 'will_appear', header: 'Will appear', width: 2 },
      { key: 'grounds', header: 'Grounds (summary)', width: 7 },
      { key: 'document', header: 'Document', width: 3 },
    ],
    tableTitle: 'Objections received',
    pages: () =>
      keysetPages(
        (after, limit) =>
          db
            .select({
              id: objections.id,
              objectionId: objections.objectionId,
              pii: objections.pii,
              late: objections.late,
              postmarkDate: objections.postmarkDate,
              willAppear: objections.willAppear,
              documentName: objections.documentName,
              documentBytes: objections.documentBytes,
              submittedAt: objections.submittedAt,
            })
            .from(objections)
            .where(and(eq(objections.settlementId, s.id), gt(objections.id, after)))
            .orderBy(asc(objections.id))
            .limit(limit),
        (r) => {
          const p = openObjectionPii(key, r.pii);
          const counsel = counselOf(p) ?? 'none';
          return {
            objection_id: r.objectionId,
            objector: fullName(p),
            // A mailed objection is dated by its postmark, which decided its timeliness. (No channel column:
            // this table is already as wide as a page allows.)
            date: r.postmarkDate ?? localDate(r.submittedAt, tz),
            timeliness: r.late ? 'late' : 'timely',
            counsel,
            will_appear: r.willAppear ? 'yes' : 'no',
            grounds: summariseGrounds(p.grounds ?? ''),
            document: r.documentName ? `${openDocumentName(key, r.documentName)} (${Math.max(1, Math.round((r.documentBytes ?? 0) / 1024))} KB)` : 'none',
          };
        },
        pageSize,
      ),
    formats: ['pdf', 'csv', 'json'],
    declarant,
  };
}
