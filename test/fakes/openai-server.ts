import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for tests: the real `openai` client talks to it over HTTP
 * (baseURL http://127.0.0.1:P/v1). Answers follow the real response shapes; behaviours are
 * scripted per call (queue) or by default.
 */

export interface ChatScript {
  /** The object the model "answers": sent JSON-encoded as message.content. */
  json?: unknown;
  /** Raw message content instead (e.g. invalid JSON). */
  content?: string;
  /** Wait this long before answering (for timeouts); the wait ends early if the client goes away. */
  delayMs?: number;
  /** Answer with this HTTP error status instead (429, 500, ...). */
  status?: number;
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  refusal?: string;
}

export interface ModerationScript {
  flagged?: boolean;
  categories?: string[];
  delayMs?: number;
  status?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The client went away before the answer was sent (an abort or timeout on its side). */
  closedEarly: boolean;
  answered: boolean;
}

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'self-harm',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  chatDefault: ChatScript = { json: { kind: null, sentiment: 'neutral', urgency: 'normal', abusive: false, hints: [] } };
  moderationDefault: ModerationScript = { flagged: false };
  private readonly chatQueue: ChatScript[] = [];
  private readonly moderationQueue: ModerationScript[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeOpenAi> {
    const holder: { fake?: FakeOpenAi } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeOpenAi(server, `http://127.0.0.1:${port}/v1`);
    return holder.fake;
  }

  /** Queues answers for the next chat completions, in order; then chatDefault applies. */
  scriptChat(...s: ChatScript[]): void {
    this.chatQueue.push(...s);
  }

  scriptModeration(...s: ModerationScript[]): void {
    this.moderationQueue.push(...s);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Polls until `cond` holds (server-side events such as a closed connection arrive a little later). */
  async waitUntil(cond: () => boolean, ms = 2000): Promise<void> {
    const until = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > until) throw new Error('FakeOpenAi.waitUntil: condition not met');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.chatQueue.length = 0;
    this.moderationQueue.length = 0;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!.replace(/^\/v1/, '');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: raw ? safeJson(raw) : undefined,
      closedEarly: false,
      answered: false,
    };
    this.requests.push(rec);
    res.on('close', () => {
      if (!res.writableFinished) rec.closedEarly = true;
    });

    if (req.method === 'GET' && path === '/models') {
      return this.send(res, rec, 200, {
        object: 'list',
        data: [{ id: 'gpt-4o-mini', object: 'model', created: 1700000000, owned_by: 'fake' }],
      });
    }
    if (req.method === 'POST' && path === '/chat/completions') {
      const s = this.chatQueue.shift() ?? this.chatDefault;
      if (s.delayMs && !(await this.wait(s.delayMs, res))) return;
      if (s.status) return this.sendError(res, rec, s.status);
      const content = s.content ?? (s.refusal ? null : JSON.stringify(s.json ?? {}));
      return this.send(res, rec, 200, {
        id: `chatcmpl-fake-${++this.seq}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: rec.body?.model ?? 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            finish_reason: s.finishReason ?? 'stop',
            logprobs: null,
            message: { role: 'assistant', content, refusal: s.refusal ?? null },
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      });
    }
    if (req.method === 'POST' && path === '/moderations') {
      const s = this.moderationQueue.shift() ?? this.moderationDefault;
      if (s.delayMs && !(await this.wait(s.delayMs, res))) return;
      if (s.status) return this.sendError(res, rec, s.status);
      const on = new Set(s.categories ?? []);
      const categories = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, on.has(c)]));
      const scores = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, on.has(c) ? 0.9 : 0.001]));
      return this.send(res, rec, 200, {
        id: `modr-fake-${++this.seq}`,
        model: rec.body?.model ?? 'omni-moderation-latest',
        results: [{ flagged: s.flagged ?? false, categories, category_scores: scores }],
      });
    }
    this.sendError(res, rec, 404);
  }

  /** Resolves true after `ms`, or false as soon as the client closes the connection. */
  private wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve(true);
      }, ms);
      this.timers.add(t);
      res.on('close', () => {
        clearTimeout(t);
        this.timers.delete(t);
        resolve(false);
      });
    });
  }

  private send(res: ServerResponse, rec: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    rec.answered = true;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${this.seq}`, ...headers });
    res.end(JSON.stringify(body));
  }

  private sendError(res: ServerResponse, rec: RecordedRequest, status: number): void {
    const known: Record<number, [string, string]> = {
      400: ['invalid_request_error', 'Bad request'],
      401: ['invalid_request_error', 'Incorrect API key provided'],
      404: ['invalid_request_error', 'Not found'],
      429: ['rate_limit_exceeded', 'Rate limit reached for requests'],
      500: ['server_error', 'The server had an error while processing your request'],
      503: ['server_error', 'The engine is currently overloaded'],
    };
    const [type, message] = known[status] ?? ['server_error', `HTTP ${status}`];
    this.send(
      res,
      rec,
      status,
      { error: { message, type, param: null, code: status === 429 ? 'rate_limit_exceeded' : null } },
      status === 429 ? { 'retry-after': '1' } : {},
    );
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
