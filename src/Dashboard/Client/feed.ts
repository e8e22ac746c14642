// The live connection: streams the hub's Watch from the last sequence number this page has, applies
// deltas strictly in order, and on any gap, cut-off or reconnect resumes from that number, so the
// page neither misses nor repeats a change.
import { HubConnection, HubConnectionBuilder, HubConnectionState, ISubscription, LogLevel } from "@microsoft/signalr";
import { LiveMessage, Snapshot, applyDelta } from "./model";

export interface FeedHandlers {
  snapshot(state: Snapshot): void;
  delta(type: string, message: LiveMessage): void;
  connection(state: "live" | "reconnecting" | "offline"): void;
}

export class LiveFeed {
  private readonly connection: HubConnection;
  private subscription?: ISubscription<LiveMessage>;
  private restarting = false;

  constructor(private state: Snapshot, private readonly handlers: FeedHandlers) {
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/live")
      // Keep trying for as long as the page is open: a projector left running must come back by itself.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10_000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.onreconnecting(() => handlers.connection("reconnecting"));
    this.connection.onreconnected(() => { handlers.connection("live"); this.watch(); });
    this.connection.onclose(() => { handlers.connection("offline"); setTimeout(() => this.start(), 5000); });
  }

  get seq() { return this.state.seq; }

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
    const stream = this.connection.stream<LiveMessage>("Watch", this.state.seq);
    this.subscription = stream.subscribe({
      next: message => this.receive(message),
      // The server ends a stream that fell too far behind; join again from where this page is.
      complete: () => this.resume(),
      error: () => { if (this.connection.state === HubConnectionState.Connected) this.resume(); },
    });
  }

  private receive(message: LiveMessage) {
    if (message.type === "snapshot") {
      this.state = message.data as Snapshot;
      this.state.seq = message.seq;
      this.handlers.snapshot(this.state);
      return;
    }
    if (message.seq <= this.state.seq) return; // already applied
    if (message.seq !== this.state.seq + 1) { this.resume(); return; } // a gap: ask again from our seq
    const type = applyDelta(this.state, message);
    this.handlers.delta(type, message);
  }

  private resume() {
    if (this.restarting) return;
    this.restarting = true;
    setTimeout(() => { this.restarting = false; if (this.connection.state === HubConnectionState.Connected) this.watch(); }, 250);
  }
}
