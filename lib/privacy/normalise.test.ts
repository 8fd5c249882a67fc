import { describe, expect, it } from 'vitest';
import { canonicalStreet, canonicalStreetUncached, normaliseEmail, normaliseName, normalisePhone, normaliseUsername, normaliseZip } from './normalise';

describe('normaliseEmail', () => {
  it('folds Gmail dots and +tags, and case', () => {
    expect(normaliseEmail('JOHN.DOE+tiktok@GMAIL.COM')).toBe('johndoe@gmail.com');
    expect(normaliseEmail(' j.o.h.n.doe@googlemail.com ')).toBe('johndoe@gmail.com');
  });
  it('keeps dots and +tags for every other provider (they can be different mailboxes)', () => {
    expect(normaliseEmail('John.Doe+tiktok@Example.COM')).toBe('john.doe+tiktok@example.com');
  });
});

describe('normalisePhone', () => {
  it('writes U.S. numbers in E.164 whatever the punctuation', () => {
    for (const p of ['+1 (312) 555-0100', '(312) 555-0100', '312.555.0100', '1-312-555-0100', '+13125550100']) expect(normalisePhone(p), p).toBe('+13125550100');
  });
  it('keeps a foreign number with its country code; rejects what is not a number', () => {
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('555-0100')).toBeNull();
    expect(normalisePhone('n/a')).toBeNull();
  });
});

describe('usernames, names, ZIPs', () => {
  it('drops a leading @ and case', () => expect(normaliseUsername(' @Jane_Doe ')).toBe('jane_doe'));
  it('ignores case, accents and punctuation in names', () => expect(normaliseName('  José   O’Neil-SMITH ')).toBe('jose o neil smith'));
  it('keeps the five-digit ZIP of a ZIP+4', () => expect(normaliseZip('60601-1234')).toBe('60601'));
});

describe('canonicalStreet (parse-address)', () => {
  it('reads a unit the same however it is written: Apt 4B = #4b = Unit 4B', () => {
    const c = canonicalStreet('123 Main St Apt 4B');
    expect(canonicalStreet('123 Main St #4b')).toBe(c);
    expect(canonicalStreet('123 MAIN ST UNIT 4B')).toBe(c);
  });
  it('abbreviates directions and street types: 123 N. Main St. = 123 North Main Street', () => {
    expect(canonicalStreet('123 N. Main St.')).toBe('123 N MAIN ST');
    expect(canonicalStreet('123 North Main Street')).toBe('123 N MAIN ST');
    expect(canonicalStreet('123 N. Main St. Apt 4B')).toBe(canonicalStreet('123 North Main Street #4b'));
    expect(canonicalStreet('12 Oak Avenue Southwest')).toBe(canonicalStreet('12 Oak Ave SW'));
    expect(canonicalStreet('500 West Madison Street, Suite 1000')).toBe(canonicalStreet('500 W Madison St Ste 1000'));
  });
  it('keeps different addresses different', () => {
    expect(canonicalStreet('123 N Main St')).not.toBe(canonicalStreet('123 S Main St'));
    expect(canonicalStreet('123 Main St Apt 4B')).not.toBe(canonicalStreet('123 Main St Apt 4C'));
    expect(canonicalStreet('123 Main St')).not.toBe(canonicalStreet('123 Main Ave'));
  });
  it('writes PO Boxes one way, and keeps an unparsable line as its letters and digits', () => {
    expect(canonicalStreet('P.O. Box 12')).toBe('PO BOX 12');
    expect(canonicalStreet('PO Box 12')).toBe('PO BOX 12');
    expect(canonicalStreet('General Delivery')).toBe('GENERAL DELIVERY');
    expect(canonicalStreet('   ')).toBe('');
  });
});

describe('canonicalStreet cache (parse-address once per street shape)', () => {
  it('gives exactly what parse-address gives for every line, whatever its house number', () => {
    const streets = ['Main St', 'N. Main St. Apt 4B', 'North Oak Avenue', 'W. Lake St.', 'Cedar Blvd Apt 4B', 'Elm Street #12', 'S Maple Ave', 'Oak Avenue Southwest',
      'West Madison Street, Suite 1000', '1/2 Main St', 'A Main St', '-12 Main St', 'Main', 'st Street', 'Broadway', 'Hwy 66', 'County Road 12', 'Ave', 'Unit 4'];
    const numbers = ['1', '7', '12', '99', '123', '0123', '4000', '12345', '123456', '1-2', '12-34', '123A', '5th', '9 1/2'];
    const lines = [...streets.flatMap((s) => numbers.map((n) => `${n} ${s}`)), ...numbers.map((n) => `PO Box ${n}`), ...numbers, 'General Delivery', '1', '12 ', ' 12 Main St '];
    // Twice over, so the second round is served by the cache.
    for (const line of [...lines, ...lines]) expect(canonicalStreet(line), line).toBe(canonicalStreetUncached(line.trim()));
  });
});
