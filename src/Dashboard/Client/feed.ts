// The experiment page's live state: a snapshot replaces it, each delta is applied to it in order.
import { ConnectionState, LiveStream } from "./liveStream";
import { LiveMessage, Snapshot, applyDelta } from "./model";

export interface FeedHandlers {
  snapshot(state: Snapshot): void;
  delta(type: string, message: LiveMessage): void;
  connection(state: ConnectionState): void;
}

export class LiveFeed {
  private readonly stream: LiveStream<LiveMessage>;

  constructor(private state: Snapshot, handlers: FeedHandlers) {
    this.stream = new LiveStream<LiveMessage>("/hubs/live", state.seq, {
      snapshot: message => {
        this.state = message.data as Snapshot;
        this.state.seq = message.seq;
        handlers.snapshot(this.state);
      },
      delta: message => handlers.delta(applyDelta(this.state, message), message),
      connection: handlers.connection,
    });
  }

  start() { return this.stream.start(); }
}
