/**
 * The notices that carry a receiver's reply, one per sending system, with the reply's lines placed as that system
 * places them (the layouts of the corpus messages and test/bounce/wordings.test.ts). Addresses are documentation
 * ones (RFC 2606, RFC 5737).
 */
export type Shell = (lines: string[]) => string;

/** The lines Postfix's bounce(8) notice opens with, up to its recipient lines. */
export function postfixNoticeHead(sendingHost: string): string[] {
  return [
    `This is the mail system at host ${sendingHost}.`,
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    '                   The mail system',
    '',
  ];
}

/** Postfix's bounce(8) notice: "<rcpt>: host NAME[IP] said: REPLY (in reply to ... command)", wrapped and indented. */
export function postfixNotice(recipient: string, host: string, reply: string[], command: string, sendingHost = 'mail.example.net'): string {
  const [first, ...rest] = reply;
  return [
    ...postfixNoticeHead(sendingHost),
    `<${recipient}>: host ${host} said: ${first ?? ''}`,
    ...rest.map((line) => `    ${line}`),
    `    (in reply to ${command} command)`,
    '',
  ].join('\n');
}

export const NOTICE_SHELLS: Record<string, Shell> = {
  // Gmail's own notice ("Delivery Status Notification (Failure)"): "The response was:" then the reply's lines
  gmail: (lines) =>
    [
      'Delivery Status Notification (Failure)',
      '',
      'Message not delivered',
      "There was a problem delivering your message to someone@receiver.example. See the technical details below.",
      '',
      'The response was:',
      '',
      ...lines,
      '',
    ].join('\n'),
  // Microsoft 365 / Outlook on the web: "Remote server returned '...'" after the diagnostic block
  microsoft365: (lines) =>
    [
      "Your message to someone@receiver.example couldn't be delivered.",
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: DM6PR17MB3996.namprd17.prod.outlook.com',
      '',
      'someone@receiver.example',
      `Remote server returned '${lines.join('\n')}'`,
      '',
    ].join('\n'),
  // Postfix bounce(8): "<rcpt>: host NAME[IP] said: REPLY (in reply to ... command)", continuation lines indented
  postfix: (lines) => postfixNotice('someone@receiver.example', 'mx.receiver.example[198.51.100.25]', lines, 'end of DATA', 'mail.sender.example'),
  // Exim: the reply indented under "SMTP error from remote mail server after ..."
  exim: (lines) =>
    [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  someone@receiver.example',
      '    host mx.receiver.example [198.51.100.25]',
      '    SMTP error from remote mail server after end of data:',
      ...lines.map((line) => `    ${line}`),
      '',
    ].join('\n'),
  // Exchange on-premises NDR as text: "Remote Server at ... returned '...'"
  exchange: (lines) =>
    [
      'Delivery has failed to these recipients or groups:',
      '',
      'someone@receiver.example',
      "The recipient's e-mail system rejected the message.",
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: EX01.sender.example',
      '',
      'someone@receiver.example',
      `Remote Server returned '${lines.join(' ')}'`,
      '',
      'Original message headers:',
      '',
    ].join('\n'),
};
