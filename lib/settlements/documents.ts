import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/db/client';
import type { SettlementConfig } from './config';

/**
 * Court documents on the settlement website. A listed document is one of:
 *  - external: an https link to a public copy (the court's docket, PACER/RECAP, the court's MDL page);
 *  - file: "/documents/<name>.pdf" — the administrator drops the filed PDF into
 *    <documents folder>/<slug>/<name>.pdf (FAIRSHARE_DOCUMENTS_DIR, default .data/documents). Until the
 *    file is there the site lists the document as "not yet posted" instead of showing a dead link;
 *  - generated: "/documents/long-form-notice.pdf" with no uploaded file is built from the settlement's
 *    configuration (lib/settlements/long-form-notice.ts). An uploaded court-approved file wins.
 */

export const LONG_FORM_NOTICE = 'long-form-notice.pdf';
const FILE_NAME = /^[a-z0-9][a-z0-9._-]*\.pdf$/;

export type SiteDocument = {
  title: string;
  date?: string;
  kind: 'external' | 'file' | 'generated';
  /** The link to show; null when the file has not been posted yet. */
  url: string | null;
  fileName?: string;
};

export function documentsRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.FAIRSHARE_DOCUMENTS_DIR ?? path.join(dataDir(), 'documents'));
}

/** The path of an uploaded document, or null for a name that could escape the folder. */
export function documentPath(slug: string, fileName: string): string | null {
  if (!FILE_NAME.test(fileName) || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) return null;
  return path.join(documentsRoot(), slug, fileName);
}

export function readUploadedDocument(slug: string, fileName: string): Buffer | null {
  const p = documentPath(slug, fileName);
  if (!p) return null;
  try {
    return fs.readFileSync(/*turbopackIgnore: true*/ p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function fileNameOf(href: string): string | null {
  const m = /^\/documents\/([^/]+)$/.exec(href);
  return m && FILE_NAME.test(m[1]) ? m[1] : null;
}

export function siteDocuments(config: SettlementConfig): SiteDocument[] {
  return config.documents.map((d) => {
    if (/^https:\/\//.test(d.href)) return { title: d.title, date: d.date, kind: 'external', url: d.href };
    const fileName = fileNameOf(d.href)!;
    const uploaded = fs.existsSync(/*turbopackIgnore: true*/ documentPath(config.slug, fileName) ?? '');
    const url = `/${config.slug}/documents/${fileName}`;
    if (fileName === LONG_FORM_NOTICE && !uploaded) return { title: d.title, date: d.date, kind: 'generated', url, fileName };
    return { title: d.title, date: d.date, kind: 'file', url: uploaded ? url : null, fileName };
  });
}

/** Is `fileName` one of the settlement's listed documents? Only listed documents are served. */
export function isListedDocument(config: SettlementConfig, fileName: string): boolean {
  return config.documents.some((d) => fileNameOf(d.href) === fileName);
}
