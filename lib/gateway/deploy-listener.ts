/**
 * A dedicated PostgreSQL connection that LISTENs for deploys. When it drops (database
 * restarted, network cut) it reconnects with capped backoff, and every successful
 * (re)connection is reported so that the store resyncs fully: notifications sent while
 * disconnected are lost.
 */
import pg from "pg";
import { DEPLOY_CHANNEL } from "./config-queries";

export interface DeployNotice {
  readonly project: string;
  readonly router: string;
  readonly version?: number;
}

export interface DeployListenerEvents {
  /** A deploy notification; null when its payload could not be read (resync instead). */
  notice(notice: DeployNotice | null): void;
  connected(): void;
  disconnected(error: Error | null): void;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

function parseNotice(payload: string | undefined): DeployNotice | null {
  try {
    const value = JSON.parse(payload ?? "") as Record<string, unknown>;
    if (typeof value.project !== "string" || typeof value.router !== "string") return null;
    return { project: value.project, router: value.router, ...(typeof value.version === "number" ? { version: value.version } : {}) };
  } catch {
    return null;
  }
}

export class DeployListener {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly events: DeployListenerEvents,
    private readonly connectTimeoutMs: number,
    /** false: connect (the connection state still drives resyncs) but never LISTEN. */
    private readonly listen = true,
  ) {}

  get connected(): boolean {
    return this.client !== null;
  }

  /** One connection attempt; on failure, retries are scheduled. Resolves true once LISTENing. */
  async connect(): Promise<boolean> {
    if (this.stopped || this.client !== null) return this.client !== null;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: this.connectTimeoutMs, keepAlive: true });
    let lost = false;
    const onLost = (error: Error | null) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      if (this.client === client) {
        this.client = null;
        this.events.disconnected(error);
      }
      this.schedule();
    };
    // An 'error' without a listener would crash the process.
    client.on("error", (error) => onLost(error));
    client.on("end", () => onLost(null));
    client.on("notification", (message) => {
      if (message.channel === DEPLOY_CHANNEL) this.events.notice(parseNotice(message.payload));
    });
    try {
      await client.connect();
      if (this.listen) await client.query(`LISTEN ${DEPLOY_CHANNEL}`);
    } catch {
      lost = true;
      client.removeAllListeners("end");
      client.end().catch(() => {});
      this.failures++;
      this.schedule();
      return false;
    }
    if (this.stopped || lost) {
      client.end().catch(() => {});
      return false;
    }
    this.failures = 0;
    this.client = client;
    this.events.connected();
    return true;
  }

  private schedule(): void {
    if (this.stopped || this.timer !== null) return;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(this.failures, 8));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (client !== null) {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
    }
  }
}
