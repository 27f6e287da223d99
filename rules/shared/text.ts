/** `s` on one line, cut to `n` characters with an ellipsis: code quoted in a message. */
export function truncate(s: string, n: number): string {
  s = s.replace(/\s+/g, ' ');
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
