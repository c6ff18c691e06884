/**
 * JSON.parse that keeps integer literals of 16+ digits as strings: Shopify ids such as
 * 820982911946154508 are beyond 2^53 and would silently change as numbers.
 */
export function parseShopifyJson(raw: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += raw[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    if ((ch >= '0' && ch <= '9') || ch === '-') {
      let j = i;
      while (j < raw.length && /[-+0-9.eE]/.test(raw[j]!)) j++;
      const literal = raw.slice(i, j);
      out += /^-?\d{16,}$/.test(literal) ? `"${literal}"` : literal;
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return JSON.parse(out);
}
