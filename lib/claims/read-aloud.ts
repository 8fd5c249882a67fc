/** "CL-7K3M-9QX2-D" → "C L, 7 K 3 M, 9 Q X 2, D": how to read a claim ID over the phone. */
export function spellPublicId(id: string): string {
  return id
    .split('-')
    .map((group) => [...group].join(' '))
    .join(', ');
}
