// A hub stream of numbered messages: streams the hub's Watch from the last sequence number the page
// has, hands on deltas strictly in order, and on any gap, cut-off or reconnect resumes from that
// number, so the page neither misses nor repeats a change. Both live pages use it.
import { HubConnection, HubConnectionBuilder, HubConnectionState, ISubscription, LogLevel } from "@microsoft/signalr";

export interface NumberedMessage { seq: number; type: string; }

export type ConnectionState = "live" | "reconnecting" | "offline";

export interface StreamHandlers<M extends NumberedMessage> {
  /** The server could not replay what was missed (first join, or too far behind): start over from it. */
  snapshot(message: M): void;
  /** A delta, in order. */
  delta(message: M): void;
  connection(state: ConnectionState): void;
}

export class LiveStream<M extends NumberedMessage> {
  private readonly connection: HubConnection;
  private subscription?: ISubscription<M>;
  private restarting = false;

  constructor(hubUrl: string, private seq: number, private readonly handlers: StreamHandlers<M>) {
    this.connection = new HubConnectionBuilder()
      .withUrl(hubUrl)
      // Keep trying for as long as the page is open: a projector left running must come back by itself.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10_000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.onreconnecting(() => handlers.connection("reconnecting"));
    this.connection.onreconnected(() => { handlers.connection("live"); this.watch(); });
    this.connection.onclose(() => { handlers.connection("offline"); setTimeout(() => this.start(), 5000); });
  }

  async start() {
    try {
      await this.connection.start();
      this.handlers.connection("live");
      this.watch();
    } catch {
      this.handlers.connection("offline");
      setTimeout(() => this.start(), 3000);
    }
  }

  private watch() {
    this.subscription?.dispose();
    const stream = this.connection.stream<M>("Watch", this.seq);
    this.subscription = stream.subscribe({
      next: message => this.receive(message),
      // The server ends a stream that fell too far behind; join again from where this page is.
      complete: () => this.resume(),
      error: () => { if (this.connection.state === HubConnectionState.Connected) this.resume(); },
    });
  }

  private receive(message: M) {
    if (message.type === "snapshot") {
      this.seq = message.seq;
      this.handlers.snapshot(message);
      return;
    }
    if (message.seq <= this.seq) return; // already applied
    if (message.seq !== this.seq + 1) { this.resume(); return; } // a gap: ask again from our number
    this.seq = message.seq;
    this.handlers.delta(message);
  }

  private resume() {
    if (this.restarting) return;
    this.restarting = true;
    setTimeout(() => { this.restarting = false; if (this.connection.state === HubConnectionState.Connected) this.watch(); }, 250);
  }
}
