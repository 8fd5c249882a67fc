import 'server-only';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/app/_lib/db';
import { findSettlement } from '@/lib/settlements/service';

/** The settlement for a site page, once per request; unknown slugs are a 404. Always dynamic. */
export const loadSettlement = cache(async (slug: string) => {
  await connection();
  const settlement = await findSettlement(await getDb(), slug);
  if (!settlement) notFound();
  return settlement;
});
