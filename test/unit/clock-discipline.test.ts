import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['src', 'workflows', 'commands'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = SOURCE_DIRS.flatMap((d) => sources(join(ROOT, d))).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

/** Lines matching `pattern`, as "file:line: text", outside the places allowed to have them. */
function hits(pattern: RegExp, allowed: (file: string, line: string) => boolean): string[] {
  return files.flatMap(({ path, text }) =>
    text.split('\n').flatMap((line, i) => (pattern.test(line) && !allowed(path, line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/**
 * One clock: the code compares instants only with Clock.now(), so nothing may read the wall
 * clock behind it or let the database stamp a compared column. (The behaviour is tested in
 * test/db/clock-skew.test.ts; this keeps new code from slipping back.)
 */
describe('every time comes from the one Clock', () => {
  it('no SQL uses the database clock (now(), CURRENT_TIMESTAMP, clock_timestamp())', () => {
    // now() that is not a method call (clock.now()) or a method's declaration (now(): Date).
    const dbClock =
      /(?<![.\w])now\(\)(?!\s*[:{])|CURRENT_TIMESTAMP|clock_timestamp|transaction_timestamp|statement_timestamp|LOCALTIMESTAMP/i;
    expect(hits(dbClock, (_f, line) => /^\s*(\*|\/\/|\/\*)/.test(line))).toEqual([]);
  });

  it('database defaults stamp only the audit created_at columns', () => {
    expect(hits(/defaultNow\(\)/, (f, line) => f === 'src/db/schema.ts' && /const auditCreatedAt = /.test(line))).toEqual([]);
  });

  it('no code reads the wall clock except the system Clock itself', () => {
    expect(hits(/Date\.now\(\)|new Date\(\)/, (f, line) => f === 'src/ports.ts' && /systemClock/.test(line))).toEqual([]);
  });
});
