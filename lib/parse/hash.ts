/** A stable, short, non-cryptographic hash (FNV-1a, 52 bits) of a string, as base-36 text. */
export function stableHash(input: string): string {
  // Two 32-bit FNV-1a lanes with different offsets give 52 usable bits without BigInt.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  const hi = (a >>> 0) & 0xfffff;
  return (hi * 0x100000000 + (b >>> 0)).toString(36).padStart(11, '0');
}
