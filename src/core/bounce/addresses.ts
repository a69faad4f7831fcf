/** Addresses and domain names as a bounce writes them: checked, with the dot that ends a sentence removed. */

/** An address as a recipient line or reply writes it (for building patterns; local part RFC 5321 section 4.5.3.1.1). */
export const ADDRESS = '[^\\s<>()@",;:]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}';

export function trimDot(value: string): string {
  return value.endsWith('.') ? value.slice(0, -1) : value;
}

const ADDRESS_ONLY = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z0-9-]{1,63}$/;
const DOMAIN_ONLY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z0-9-]{1,63}$/;

export function addressOrNull(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const address = trimDot(value.trim().replace(/^<|>$/g, ''));
  return ADDRESS_ONLY.test(address) ? address : null;
}

export function domainOrNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const domain = trimDot(value.trim());
  return DOMAIN_ONLY.test(domain) && /[A-Za-z]/.test(domain) ? domain : null;
}

export function sameAddress(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}
