import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatPort } from '../ports.js';

/** What main.ts needs from a chat platform: its ChatPort, and a life cycle. */
export interface PlatformAdapter {
  readonly chat: ChatPort;
  /** HTTP routes the platform serves on the intake server (e.g. Slack's /slack/events in HTTP mode). */
  readonly rawRoutes?: Array<{ method: string; path: string; handler: (req: IncomingMessage, res: ServerResponse) => void }>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
