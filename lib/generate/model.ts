/**
 * The synthetic world behind `fairshare generate`: pure functions from (seed, index) to a class member
 * or a claim, so any row can be rebuilt without keeping the others in memory (10M members, flat memory)
 * and the same seed always gives the same bytes. The PRNG is mulberry32 (a small, well-known 32-bit
 * generator), seeded per row by hashing (seed, stream, index) with FNV-1a + a murmur3 finaliser.
 */

export type Rng = { next(): number; int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean };

export function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === 'number') {
      // Whole numbers (indexes, possibly negative or above 2^32) mixed in as two 32-bit halves.
      const lo = part % 4294967296 | 0;
      const hi = Math.floor(part / 4294967296) | 0;
      h = Math.imul(h ^ lo, 0x01000193);
      h = Math.imul(h ^ hi, 0x01000193);
      h = Math.imul(h ^ 0x9e, 0x01000193);
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      h = Math.imul(h ^ 0xff, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function rngFor(...parts: (string | number)[]): Rng {
  const next = mulberry32(seedOf(...parts));
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
  };
}

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sofia', 'Mark', 'Aisha', 'Wei', 'Priya', 'Jamal', 'Emily', 'Luis', 'Grace', 'Kevin', 'Olivia', 'Brian', 'Mia', 'Ahmed', 'Chloe'] as const;
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Nguyen', 'Patel', 'Kim', 'Chen', 'Okafor', 'Kowalski'] as const;
const STREETS = ['Main', 'Oak', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Pine', 'Lincoln', 'Madison', 'Jefferson', 'Sunset', 'Highland', 'Franklin'] as const;
const SUFFIX = [
  ['St', 'Street'],
  ['Ave', 'Avenue'],
  ['Blvd', 'Boulevard'],
  ['Rd', 'Road'],
  ['Dr', 'Drive'],
  ['Ln', 'Lane'],
] as const;
const DIRS = [
  ['N', 'North'],
  ['S', 'South'],
  ['E', 'East'],
  ['W', 'West'],
] as const;
/** city, state, ZIP prefix, area code — about a fifth in Illinois so the Illinois subclass is populated. */
const PLACES = [
  ['Chicago', 'IL', '606', '312'],
  ['Springfield', 'IL', '627', '217'],
  ['Naperville', 'IL', '605', '630'],
  ['New York', 'NY', '100', '212'],
  ['Los Angeles', 'CA', '900', '213'],
  ['Houston', 'TX', '770', '713'],
  ['Phoenix', 'AZ', '850', '602'],
  ['Philadelphia', 'PA', '191', '215'],
  ['Seattle', 'WA', '981', '206'],
  ['Miami', 'FL', '331', '305'],
  ['Denver', 'CO', '802', '303'],
  ['Atlanta', 'GA', '303', '404'],
  ['Boston', 'MA', '021', '617'],
  ['Detroit', 'MI', '482', '313'],
] as const;
const MAIL = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me'] as const;
export const DISPOSABLE = ['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'yopmail.com', 'trashmail.com'] as const;
const AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
] as const;
const BOT_AGENT = 'python-requests/2.31.0';

export type Address = { number: number; dir: number; street: string; suffix: number; unit: string | null; city: string; state: string; zip: string; area: string };

export type Member = {
  index: number;
  recordId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  username: string;
  address: Address;
  /** The member whose address (and PayPal and Wi-Fi) this member shares, or its own index. */
  household: number;
  createdVideoInIllinois: boolean;
  monthsActive: number;
  firstUseDate: string;
};

export const classListColumns = [
  'record_id', 'email', 'phone', 'username', 'first_name', 'last_name', 'street', 'city', 'state', 'zip', 'country',
  'created_video_in_illinois', 'months_active', 'first_use_date',
] as const;

export const claimColumns = [
  'claim_ref', 'notice_id', 'confirmation_code', 'first_name', 'last_name', 'email', 'phone', 'username', 'street', 'city', 'state', 'zip', 'country',
  'attestations', 'payment_method', 'payment_handle', 'submitted_at', 'ip', 'user_agent', 'device_id', 'form_seconds', 'channel',
] as const;

export const labelColumns = ['claim_ref', 'is_fraud', 'fraud_kind', 'matched_record_id', 'honest_variation'] as const;

export const fraudKinds = ['payout_ring', 'gmail_variants', 'unit_variants', 'bot_burst', 'disposable_email', 'not_in_class', 'duplicate_member'] as const;
export type FraudKind = (typeof fraudKinds)[number];

function addressFor(seed: string, key: number): Address {
  const r = rngFor(seed, 'addr', key);
  const place = r.pick(PLACES);
  return {
    number: r.int(1, 9899),
    dir: r.chance(0.4) ? r.int(0, 3) : -1,
    street: r.pick(STREETS),
    suffix: r.int(0, SUFFIX.length - 1),
    unit: r.chance(0.3) ? `${r.int(1, 20)}${r.pick(['A', 'B', 'C', 'D', ''])}` : null,
    city: place[0],
    state: place[1],
    zip: `${place[2]}${String(r.int(1, 99)).padStart(2, '0')}`,
    area: place[3],
  };
}

/** Class member `index` (0-based) of the world `seed`. About one in eight lives with the previous member. */
export function member(seed: string, index: number): Member {
  const r = rngFor(seed, 'member', index);
  const household = index > 0 && r.chance(0.125) ? index - 1 : index;
  const address = addressFor(seed, household);
  const firstName = r.pick(FIRST);
  const lastName = household !== index ? lastNameOf(seed, household) : r.pick(LAST);
  const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '') + (index % 997);
  const email = `${local}@${r.pick(MAIL)}`;
  const phone = `+1${address.area}${r.int(200, 999)}${String(r.int(0, 9999)).padStart(4, '0')}`;
  const illinois = address.state === 'IL' ? r.chance(0.7) : r.chance(0.02);
  const months = r.int(1, 80);
  const first = new Date(Date.UTC(2019, 0, 1) + r.int(0, 5 * 365) * 86_400_000).toISOString().slice(0, 10);
  return {
    index,
    recordId: `U${String(index + 1).padStart(9, '0')}`,
    firstName,
    lastName,
    email,
    phone,
    username: `${firstName.toLowerCase()}_${lastName.toLowerCase()}${index % 10_000}`,
    address,
    household,
    createdVideoInIllinois: illinois,
    monthsActive: months,
    firstUseDate: first,
  };
}

function lastNameOf(seed: string, index: number): string {
  return member(seed, index).lastName;
}

export function streetLine(a: Address, style: 'short' | 'long' | 'dotted' = 'short', unitStyle: 'apt' | 'hash' | 'unit' = 'apt'): string {
  const dir = a.dir < 0 ? '' : style === 'long' ? `${DIRS[a.dir]![1]} ` : style === 'dotted' ? `${DIRS[a.dir]![0]}. ` : `${DIRS[a.dir]![0]} `;
  const suffix = style === 'long' ? SUFFIX[a.suffix]![1] : style === 'dotted' ? `${SUFFIX[a.suffix]![0]}.` : SUFFIX[a.suffix]![0];
  const unit = !a.unit ? '' : unitStyle === 'hash' ? ` #${a.unit.toLowerCase()}` : unitStyle === 'unit' ? ` Unit ${a.unit}` : ` Apt ${a.unit}`;
  return `${a.number} ${dir}${a.street} ${suffix}${unit}`;
}

export function memberRow(m: Member): Record<(typeof classListColumns)[number], string> {
  return {
    record_id: m.recordId,
    email: m.email,
    phone: m.phone,
    username: m.username,
    first_name: m.firstName,
    last_name: m.lastName,
    street: streetLine(m.address),
    city: m.address.city,
    state: m.address.state,
    zip: m.address.zip,
    country: 'US',
    created_video_in_illinois: m.createdVideoInIllinois ? 'true' : 'false',
    months_active: String(m.monthsActive),
    first_use_date: m.firstUseDate,
  };
}

// ---- honest variation ---------------------------------------------------------------------------

export function formatPhone(e164: string, style: number): string {
  const d = e164.slice(2);
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return [`+1 (${a}) ${b}-${c}`, `${a}.${b}.${c}`, `(${a}) ${b}-${c}`, `${a}${b}${c}`, e164][style % 5]!;
}

export function gmailVariant(email: string, r: Rng): string {
  const [local, domain] = email.split('@') as [string, string];
  const bare = local.replace(/\./g, '');
  const dotted = bare.split('').map((ch, i) => (i > 0 && r.chance(0.25) ? `.${ch}` : ch)).join('');
  return `${dotted}${r.chance(0.5) ? `+${r.pick(['tiktok', 'claims', 'promo', 'x'])}` : ''}@${domain}`;
}

export function typo(name: string, r: Rng): string {
  if (name.length < 4) return name;
  const i = r.int(1, name.length - 2);
  return r.chance(0.5) ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name.slice(0, i) + name.slice(i + 1);
}

// ---- claims -------------------------------------------------------------------------------------

export type GenerateOptions = { seed: string; classMembers: number; claims: number; fraudRate: number };

export type ClaimOut = { row: Record<(typeof claimColumns)[number], string>; label: Record<(typeof labelColumns)[number], string> };

const START = Date.UTC(2026, 0, 15, 14, 0, 0);

function ipFor(seed: string, key: number): string {
  const r = rngFor(seed, 'ip', key);
  return `${r.pick([73, 98, 24, 67, 172, 108])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** Honest claims use members in a fixed pseudo-random order without repeats (j → (a·j + b) mod N). */
export function honestMember(o: GenerateOptions, j: number): number {
  const n = o.classMembers;
  const key = `${o.seed}\u0000${n}`;
  let perm = perms.get(key);
  if (!perm) {
    const r = rngFor(o.seed, 'perm');
    let a = r.int(1, Math.max(1, n - 1)) | 1;
    while (gcd(a, n) !== 1) a += 2;
    perm = { a: BigInt(a), b: BigInt(r.int(0, n - 1)), n: BigInt(n) };
    perms.clear();
    perms.set(key, perm);
  }
  return Number((perm.a * BigInt(j) + perm.b) % perm.n);
}
const perms = new Map<string, { a: bigint; b: bigint; n: bigint }>();

function gcd(a: number, b: number): number {
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Fraud claims of one kind inside one block of claim numbers form a group (a ring, one person's variants, a burst). */
function groupBlock(o: GenerateOptions): number {
  return Math.min(1_000_000, Math.max(50, Math.ceil((4 * fraudKinds.length) / Math.max(o.fraudRate, 0.0005))));
}

export function claim(o: GenerateOptions, j: number): ClaimOut {
  const r = rngFor(o.seed, 'claim', j);
  const ref = `C${String(j + 1).padStart(9, '0')}`;
  const submitted = START + j * 7_000 + r.int(0, 6_000);
  const base = {
    claim_ref: ref,
    notice_id: '',
    confirmation_code: '',
    country: 'US',
    channel: 'web',
    user_agent: r.pick(AGENTS),
    device_id: `d-${seedOf(o.seed, 'device', j).toString(16).padStart(8, '0')}`,
    form_seconds: String(r.int(45, 600)),
    submitted_at: new Date(submitted).toISOString(),
  };
  if (o.classMembers === 0 || !r.chance(o.fraudRate)) return honestClaim(o, j, r, base);
  const kind = r.pick(fraudKinds);
  const group = Math.floor(j / groupBlock(o));
  const g = rngFor(o.seed, 'group', kind, group);
  const fake = () => {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const a = addressFor(o.seed, -1 - seedOf(o.seed, 'fake', j));
    return { first, last, email: `${first}.${last}${r.int(1, 9999)}@${r.pick(MAIL)}`.toLowerCase(), phone: `+1${a.area}${r.int(200, 999)}${String(r.int(0, 9999)).padStart(4, '0')}`, a };
  };
  const label = (matched: string, variation = '') => ({ claim_ref: ref, is_fraud: 'true', fraud_kind: kind, matched_record_id: matched, honest_variation: variation });
  const person = (m: Member, email: string, street: string) => ({
    first_name: m.firstName,
    last_name: m.lastName,
    email,
    phone: formatPhone(m.phone, r.int(0, 4)),
    username: m.username,
    street,
    city: m.address.city,
    state: m.address.state,
    zip: m.address.zip,
  });
  switch (kind) {
    case 'payout_ring': {
      const f = fake();
      const handle = `payouts${g.int(100, 999)}@${g.pick(['gmail.com', 'proton.me'])}`;
      return {
        row: Object.assign({}, base, { first_name: f.first, last_name: f.last, email: f.email, phone: formatPhone(f.phone, 0), username: '', street: streetLine(f.a), city: f.a.city, state: f.a.state, zip: f.a.zip, attestations: r.chance(0.5) ? 'illinois_resident' : '', payment_method: 'paypal', payment_handle: handle, ip: ipFor(o.seed, j) }),
        label: label(''),
      };
    }
    case 'gmail_variants': {
      const m = gmailMember(o, g);
      const email = gmailVariant(m.email, r);
      return {
        row: Object.assign({}, base, person(m, email, streetLine(m.address, 'short')), { attestations: 'illinois_resident', payment_method: 'paypal', payment_handle: email, ip: ipFor(o.seed, j) }),
        label: label(m.recordId, 'gmail_variant'),
      };
    }
    case 'unit_variants': {
      const m = member(o.seed, g.int(0, o.classMembers - 1));
      const f = fake();
      const a = { ...m.address, unit: `${r.int(1, 40)}${r.pick(['A', 'B', 'C', ''])}` };
      return {
        row: Object.assign({}, base, { first_name: f.first, last_name: f.last, email: f.email, phone: formatPhone(f.phone, 1), username: '', street: streetLine(a, r.pick(['short', 'long', 'dotted'] as const), r.pick(['apt', 'hash', 'unit'] as const)), city: a.city, state: a.state, zip: a.zip, attestations: 'illinois_resident', payment_method: 'venmo', payment_handle: f.email, ip: ipFor(o.seed, j) }),
        label: label(''),
      };
    }
    case 'bot_burst': {
      const f = fake();
      const burstStart = START + group * groupBlock(o) * 7_000;
      return {
        row: Object.assign({}, base, { first_name: f.first, last_name: f.last, email: f.email, phone: formatPhone(f.phone, 3), username: '', street: streetLine(f.a), city: f.a.city, state: f.a.state, zip: f.a.zip, attestations: 'illinois_resident', payment_method: 'paypal', payment_handle: f.email, ip: `203.0.113.${g.int(0, 200) + r.int(0, 15)}`, user_agent: BOT_AGENT, form_seconds: String(r.int(1, 4)), submitted_at: new Date(burstStart + r.int(0, 120_000)).toISOString() }),
        label: label(''),
      };
    }
    case 'disposable_email': {
      const f = fake();
      const email = `${f.first}${r.int(1, 99999)}@${r.pick(DISPOSABLE)}`.toLowerCase();
      return {
        row: Object.assign({}, base, { first_name: f.first, last_name: f.last, email, phone: '', username: '', street: streetLine(f.a), city: f.a.city, state: f.a.state, zip: f.a.zip, attestations: '', payment_method: 'paypal', payment_handle: email, ip: ipFor(o.seed, j) }),
        label: label(''),
      };
    }
    case 'not_in_class': {
      const f = fake();
      return {
        row: Object.assign({}, base, { first_name: f.first, last_name: f.last, email: f.email, phone: formatPhone(f.phone, 2), username: '', street: streetLine(f.a), city: f.a.city, state: f.a.state, zip: f.a.zip, attestations: r.chance(0.3) ? 'illinois_resident' : '', payment_method: r.pick(['paypal', 'check', 'prepaid_card'] as const), payment_handle: f.email, ip: ipFor(o.seed, j) }),
        label: label(''),
      };
    }
    case 'duplicate_member': {
      // A second claim for a member an honest claim already filed for (the honest claim at a random earlier number).
      const m = member(o.seed, honestMember(o, r.int(0, Math.max(0, j))));
      return {
        row: Object.assign({}, base, person(m, m.email.toUpperCase(), streetLine(m.address, 'long')), { attestations: m.createdVideoInIllinois ? 'illinois_resident' : '', payment_method: 'venmo', payment_handle: `@${m.firstName.toLowerCase()}-${r.int(10, 99)}`, ip: ipFor(o.seed, j) }),
        label: label(m.recordId),
      };
    }
  }
}

function gmailMember(o: GenerateOptions, g: Rng): Member {
  // The first Gmail member found from a group-chosen start (a few tries; most members use Gmail).
  const start = g.int(0, o.classMembers - 1);
  for (let k = 0; k < 20; k++) {
    const m = member(o.seed, (start + k) % o.classMembers);
    if (m.email.endsWith('@gmail.com')) return m;
  }
  return member(o.seed, start);
}

function honestClaim(o: GenerateOptions, j: number, r: Rng, base: Record<string, string>): ClaimOut {
  const m = member(o.seed, honestMember(o, j));
  const variations: string[] = [];
  let email = m.email;
  if (r.chance(0.15)) {
    email = email.toUpperCase();
    variations.push('email_case');
  } else if (email.endsWith('@gmail.com') && r.chance(0.15)) {
    email = gmailVariant(email, r);
    variations.push('gmail_variant');
  }
  const phoneStyle = r.int(0, 4);
  if (phoneStyle !== 4) variations.push('phone_format');
  const style = r.pick(['short', 'long', 'dotted'] as const);
  const unitStyle = r.pick(['apt', 'hash', 'unit'] as const);
  if (style !== 'short' || (m.address.unit && unitStyle !== 'apt')) variations.push('street_abbreviation');
  let first = m.firstName;
  let last = m.lastName;
  if (r.chance(0.05)) {
    first = typo(first, r);
    variations.push('name_typo');
  } else if (r.chance(0.03)) {
    last = typo(last, r);
    variations.push('name_typo');
  }
  // A household shares the head's PayPal and its home Wi-Fi address.
  const shared = m.household !== m.index;
  const head = shared ? member(o.seed, m.household) : m;
  if (shared) variations.push('household');
  const method = r.pick(['paypal', 'paypal', 'paypal', 'venmo', 'prepaid_card', 'check'] as const);
  const handle = method === 'paypal' ? head.email : method === 'venmo' ? (r.chance(0.5) ? m.phone : `@${m.username}`) : '';
  return {
    row: Object.assign({
      first_name: first,
      last_name: last,
      email,
      phone: r.chance(0.8) ? formatPhone(m.phone, phoneStyle) : '',
      username: r.chance(0.6) ? m.username : '',
      street: streetLine(m.address, style, unitStyle),
      city: m.address.city,
      state: m.address.state,
      zip: m.address.zip,
      attestations: m.address.state === 'IL' && r.chance(0.9) ? 'illinois_resident' : '',
      payment_method: method,
      payment_handle: handle,
      ip: ipFor(o.seed, m.household * 2 + 1),
    }, base) as ClaimOut['row'],
    label: { claim_ref: String(base.claim_ref), is_fraud: 'false', fraud_kind: '', matched_record_id: m.recordId, honest_variation: variations.join(';') },
  };
}
