/** RFC 7208 section 4.6.4: at most 10 DNS-querying terms, 2 void lookups, 10 MX names, 10 PTR names. */
export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;
export const MX_LIMIT = 10;
export const PTR_LIMIT = 10;
/** RFC 7208 section 4.6.4: "at least 20 seconds" for the whole check. */
export const DEFAULT_BUDGET_MS = 20_000;
