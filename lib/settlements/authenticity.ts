import { CmpStr } from 'cmpstr';

/**
 * "Is this real?" (pure): the only channels the administrator uses, and a check of an e-mail's sender
 * against them. Settlement scams copy the notice and send it from a look-alike address
 * (tiktok-settlement.co, fa1rshare.org); a claimant who pastes the sender is told plainly whether it is
 * ours, and when it is not but resembles ours, that it is an imitation — the case that fools people.
 */

export type OfficialChannels = {
  /** Hosts of the settlement website, e.g. "claims.example.com". */
  websites: string[];
  /** E-mail addresses the administrator sends from or answers at, lower-case. */
  senders: string[];
  phone: string;
  mail: string;
};

export type SenderVerdict =
  | { verdict: 'official'; address: string }
  /** Not ours, and its domain imitates one of ours (a near-spelling, a look-alike character, or ours inside another domain). */
  | { verdict: 'lookalike'; address: string; imitates: string }
  | { verdict: 'unknown'; address: string }
  | { verdict: 'invalid' };

/** The address inside a pasted "From" line: `Name <a@b.c>`, `a@b.c`, or a line with "From:" in front. */
export function senderAddress(raw: string): string | null {
  const text = String(raw ?? '').slice(0, 500);
  const angled = /<\s*([^<>\s@]+@[^<>\s@]+)\s*>/.exec(text);
  const bare = angled ? angled[1] : /([^\s<>"'(),:;@]+@[^\s<>"'(),:;@]+)/.exec(text)?.[1];
  if (!bare) return null;
  const address = bare.trim().toLowerCase().replace(/\.$/, '');
  return /^[^@\s]+@[a-z0-9.-]+\.[a-z0-9-]{2,}$/i.test(address) || /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(address) ? address : null;
}

export function officialChannels(
  contact: { email: string; phone: string; mail: string },
  opts: { mailFrom: string; urls: (string | undefined)[] },
): OfficialChannels {
  const senders = new Set<string>();
  for (const raw of [opts.mailFrom, contact.email]) {
    const a = senderAddress(raw);
    if (a) senders.add(a);
  }
  const websites = new Set<string>();
  for (const url of opts.urls) {
    if (!url) continue;
    try {
      websites.add(new URL(url).host.toLowerCase());
    } catch {
      // env() validated these as URLs; an unparsable one is simply not listed.
    }
  }
  return { websites: [...websites], senders: [...senders], phone: contact.phone, mail: contact.mail };
}

const lev = CmpStr.create({ metric: 'levenshtein' });

/** Characters scammers swap for look-alikes (digit one for l, zero for o, "rn" for m, "vv" for w). */
function skeleton(domain: string): string {
  return domain
    .normalize('NFKC')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[1|!]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/5/g, 's')
    .replace(/[-_]/g, '');
}

/** The registrable-looking part of a domain: "mail.tiktok-settlement.com" → "tiktok-settlement". */
function label(domain: string): string {
  const parts = domain.split('.').filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : (parts[0] ?? '');
}

/** Whether `candidate` imitates `official` without being it. */
export function imitates(candidate: string, official: string): boolean {
  if (candidate === official) return false;
  // A subdomain of ours, or the domain our website is a subdomain of ("www."), is ours.
  if (candidate.endsWith(`.${official}`) || official.endsWith(`.${candidate}`)) return false;
  const a = skeleton(candidate);
  const b = skeleton(official);
  if (a === b) return true;
  const mine = label(official);
  // Ours embedded in someone else's domain: "fairshare.local.claims-help.com", "fairshare-payments.com".
  if (mine.length >= 4 && skeleton(candidate).includes(skeleton(mine))) return true;
  // One or two edits away: "fairshar.local", "fairsharre.local".
  return editDistance(a, b) <= 2;
}

/** Levenshtein distance: "two typos" is a count of edits, not a similarity ratio. */
function editDistance(a: string, b: string): number {
  const result = lev.test(a, b, { raw: true }) as { raw?: { dist?: number } };
  return result.raw?.dist ?? Number.POSITIVE_INFINITY;
}

export function checkSender(raw: string, official: Pick<OfficialChannels, 'senders' | 'websites'>): SenderVerdict {
  const address = senderAddress(raw);
  if (!address) return { verdict: 'invalid' };
  if (official.senders.includes(address)) return { verdict: 'official', address };
  const domain = address.slice(address.indexOf('@') + 1);
  const ours = [...new Set([...official.senders.map((s) => s.slice(s.indexOf('@') + 1)), ...official.websites.map((w) => w.replace(/:\d+$/, ''))])];
  const copied = ours.find((d) => imitates(domain, d));
  if (copied) return { verdict: 'lookalike', address, imitates: copied };
  return { verdict: 'unknown', address };
}
