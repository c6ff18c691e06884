/**
 * Two small parts of the fake Slack: the response_url endpoint (slash commands and
 * interactions answer there; Slack says 200 `{ok:true}`), and waiters that re-check a
 * condition whenever the fake has answered something, so tests wait without polling.
 */
import type http from 'node:http';

/** A POST an app made to a response_url handed out by `FakeSlack.responseUrl()`. */
export interface FakeSlackResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export async function readResponsePost(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  id: string,
  at: number,
): Promise<FakeSlackResponse | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return { id, body, at };
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
    return null;
  }
}

export class Waiters {
  private readonly checks = new Set<() => void>();

  /** Resolves with the first truthy value of `probe`, checked now and on every `notify()`; rejects after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        this.checks.delete(check);
        clearTimeout(timer);
      };
      const check = () => {
        try {
          const v = probe();
          if (v) {
            done();
            resolve(v);
          }
        } catch (e) {
          done();
          reject(e as Error);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`fake Slack: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.checks.add(check);
      check();
    });
  }

  notify(): void {
    for (const check of [...this.checks]) check();
  }
}
