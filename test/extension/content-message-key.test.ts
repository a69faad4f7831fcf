import { describe, expect, it } from 'vitest';
import { messageKey } from '../../src/content/message-key';

describe('message key', () => {
  it('is the same for the same text and differs for a one-character change', () => {
    const text = '550 5.7.26 SPF [example.com] with ip: [192.0.2.25] = did not pass';
    expect(messageKey(text)).toBe(messageKey(`${text}`));
    expect(messageKey(text)).not.toBe(messageKey(text.replace('25]', '26]')));
    expect(messageKey('')).toMatch(/^[0-9a-z]+$/);
  });

  it('spreads many similar texts without collisions', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 20_000; i++) keys.add(messageKey(`bounce for 192.0.${i >> 8}.${i & 255}`));
    expect(keys.size).toBe(20_000);
  });
});
