import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../ports.js';

/**
 * In front of Bolt's HTTP receiver: Bolt refuses bad, missing and stale signatures, but takes a
 * timestamp from the future and the same signed request twice. This refuses both: a timestamp
 * more than 5 minutes ahead, and a signature already seen in the last 10 minutes (a replay;
 * Slack's own retries are signed anew). The seen set is per process; every handler also
 * re-reads state, so a replay that reaches another replica still acts at most once.
 */
export function slackRequestGuard(clock: Clock, windowS = 300): (req: IncomingMessage, res: ServerResponse) => boolean {
  const seen = new Map<string, number>();
  return (req, res) => {
    const now = clock.now().getTime();
    const ts = Number(req.headers['x-slack-request-timestamp']);
    const sig = req.headers['x-slack-signature'];
    if (Number.isFinite(ts) && ts * 1000 > now + windowS * 1000) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"x-slack-request-timestamp is in the future"}');
      return false;
    }
    if (typeof sig === 'string' && sig) {
      for (const [k, at] of seen) if (at < now - 2 * windowS * 1000) seen.delete(k);
      if (seen.has(sig)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"this signed request was already received (replay)"}');
        return false;
      }
      // Remembered only once Bolt accepted it: a forged request must not block the real one.
      res.once('finish', () => {
        if (res.statusCode < 400) seen.set(sig, now);
      });
    }
    return true;
  };
}
