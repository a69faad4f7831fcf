import { describe, expect, it } from 'vitest';
import { BOUNCE_MARKERS, looksLikeBounce } from '../../src/content/detect';
import { adapterFor, WEBMAIL_ADAPTERS } from '../../src/content/webmail';
import { WEBMAIL_ORIGINS } from '../../src/messages';
import { GMAIL_SPF_BOUNCE_TEXT, ORDINARY_MESSAGE_TEXT, OUTLOOK_SPF_BOUNCE_TEXT } from '../e2e/pages';

describe('looksLikeBounce', () => {
  it('knows the Gmail and Microsoft 365 bounces', () => {
    expect(looksLikeBounce(GMAIL_SPF_BOUNCE_TEXT)).toBe(true);
    expect(looksLikeBounce(OUTLOOK_SPF_BOUNCE_TEXT)).toBe(true);
  });

  it.each([
    ['an ordinary message', ORDINARY_MESSAGE_TEXT],
    ['a message that talks about delivery', 'The delivery of the new chairs is on Monday; SMTP settings are in the wiki.'],
    ['a version number that looks like a status', 'We upgraded to release 5.7.26 last week.'],
  ])('leaves %s alone', (_name, text) => {
    expect(looksLikeBounce(text)).toBe(false);
  });

  it('has a marker that matches each telltale on its own', () => {
    const samples: Record<string, string> = {
      'smtp-status': 'Remote server returned 550 5.7.1 rejected',
      'diagnostic-code': 'Diagnostic-Code: smtp; whatever',
      'delivery-status-notification': 'Delivery Status Notification (Failure)',
      'mail-delivery-subsystem': 'From: Mail Delivery Subsystem',
      undeliverable: 'Undeliverable: Invoice',
      'delivery-has-failed': 'Delivery has failed to these recipients or groups:',
      'message-not-delivered': "Your message couldn't be delivered.",
    };
    for (const marker of BOUNCE_MARKERS) {
      const sample = samples[marker.name];
      expect(sample, marker.name).toBeDefined();
      expect(marker.pattern.test(sample as string), marker.name).toBe(true);
    }
  });
});

describe('webmail adapters', () => {
  it('cover exactly the origins the background accepts content messages from', () => {
    expect(WEBMAIL_ADAPTERS.flatMap((a) => a.origins).sort()).toEqual([...WEBMAIL_ORIGINS].sort());
    expect(adapterFor('https://mail.google.com')?.name).toBe('gmail');
    expect(adapterFor('https://outlook.live.com')?.name).toBe('outlook');
    expect(adapterFor('https://example.com')).toBeUndefined();
  });
});
