// Inside a batch the portal replaces `$result[…]`, `$next[…]`, `$total[…]`, `$time[…]` and
// `$error[…]` in every parameter value and key before the command runs (spec C.3), so user
// text such as "order $result[0] shipped" would be stored altered. A call holding one is sent
// alone, where nothing is substituted.

// The portal matches the name in any letter case (only lower case resolves, but upper case
// still turns a whole value into null).
const PLACEHOLDER = /\$(?:result|next|total|time|error)\[/i;

/** Whether any key or string value of `params`, at any depth, holds a batch placeholder. */
export function holdsBatchPlaceholder(params: Record<string, unknown>): boolean {
  // Iterative: user-supplied ATTACH may nest deeply; and an object met twice is walked once.
  const pending: unknown[] = [params];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (PLACEHOLDER.test(value)) return true;
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      for (const [key, child] of Object.entries(value)) {
        if (PLACEHOLDER.test(key)) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
