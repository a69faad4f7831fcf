// Words that every non-delivery report carries in one language or another, lowercase.
const BOUNCE_WORDS = [
  'mailer-daemon',
  'postmaster',
  'delivery',
  'undeliver',
  'could not be delivered',
  'returned mail',
  'failure notice',
  'rejected',
  'permanent error',
  'remote server',
  'remote host',
  'smtp',
  ' 5.7.',
  '-5.7.',
  'spf',
  'dmarc',
];

/**
 * A cheap pre-filter for the content script: could this page text be a bounce? It looks at the
 * first 200 kB with one toLowerCase and a few indexOf calls; readBounceText decides.
 */
export function looksLikeBounce(text: string): boolean {
  if (typeof text !== 'string' || text.length < 20) return false;
  const head = (text.length > 200_000 ? text.slice(0, 200_000) : text).toLowerCase();
  for (const word of BOUNCE_WORDS) {
    if (head.indexOf(word) !== -1) return true;
  }
  return false;
}
