/**
 * Line bounds by offset, for readers that walk a text line by line without splitting it (a module of its own, so the
 * content script's pre-filter takes it without the reader's patterns).
 */

/** Where the line that starts at (or holds) `start` ends: the index of its newline, or the text's length. */
export function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}
