// The start-time page's live connection. A snapshot means the deltas in between are no longer kept:
// the page then fetches its rows again.
import { LiveStream, StreamHandlers } from "./liveStream";
import { StartTimeMessage } from "./startTimeModel";

export type StartTimeFeedHandlers = StreamHandlers<StartTimeMessage>;

export class StartTimeFeed extends LiveStream<StartTimeMessage> {
  constructor(seq: number, handlers: StartTimeFeedHandlers) {
    super("/hubs/start-times", seq, handlers);
  }
}
