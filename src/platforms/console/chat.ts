import type { ChatPort, PostRequest, UpdateRequest } from '../../ports.js';
import { renderCardText } from '../../ui/render-text.js';

/**
 * The console "platform": with no Slack or Discord configured, cards are printed
 * to the terminal so a new user sees a case the moment it arrives.
 */
export function createConsoleChat(write: (text: string) => void = (t) => process.stdout.write(t)): ChatPort {
  let seq = 0;
  const posted = new Map<number, string>();
  return {
    platform: 'console',
    async post(req: PostRequest) {
      const ref = `console-${++seq}`;
      const indent = req.threadRef ? '    ↳ ' : '';
      const body = renderCardText(req.view)
        .split('\n')
        .map((l) => indent + l)
        .join('\n');
      write(`\n${body}\n`);
      posted.set(req.outboxId, ref);
      return { ref };
    },
    async update(req: UpdateRequest) {
      write(`\n(updated ${req.ref})\n${renderCardText(req.view)}\n`);
    },
    async findPosted(req) {
      return posted.get(req.outboxId) ?? null;
    },
  };
}
