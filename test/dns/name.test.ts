import { describe, expect, it } from 'vitest';
import { isSubdomainOf, normaliseName } from '../../src/core/dns/name';

describe('normaliseName', () => {
  it('lower-cases, drops the root dot and writes internationalised labels as A-labels', () => {
    expect(normaliseName('Mail.Example.COM.')).toBe('mail.example.com');
    expect(normaliseName('Bücher.Example.')).toBe('xn--bcher-kva.example');
  });
});

describe('isSubdomainOf', () => {
  it('holds for the domain itself and for names below it, whatever the case or root dot', () => {
    expect(isSubdomainOf('example.com', 'example.com')).toBe(true);
    expect(isSubdomainOf('Mail.EXAMPLE.com.', 'example.com')).toBe(true);
    expect(isSubdomainOf('a.b.example.com', 'Example.Com.')).toBe(true);
  });

  it('compares whole labels, not text', () => {
    expect(isSubdomainOf('badexample.com', 'example.com')).toBe(false);
    expect(isSubdomainOf('example.com', 'mail.example.com')).toBe(false);
    expect(isSubdomainOf('example.com.evil', 'example.com')).toBe(false);
  });

  it('compares internationalised names in one form', () => {
    expect(isSubdomainOf('mail.xn--bcher-kva.example', 'bücher.example')).toBe(true);
  });
});

describe('normaliseName and URL syntax', () => {
  it('keeps a name with a character that would end a URL host whole, rather than a part of it', () => {
    expect(normaliseName('Ü.example/evil.com')).toBe('ü.example/evil.com');
    expect(normaliseName('ü@example.com')).toBe('ü@example.com');
    expect(normaliseName('ü.example:25')).toBe('ü.example:25');
  });
});
