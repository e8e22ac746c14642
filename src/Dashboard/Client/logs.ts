// The log console: follows new lines, pauses on request or when the reader scrolls up, counts the
// lines that arrived while paused, and keeps at most data-max-rows rows in the page.
import { LogLineView } from "./model";
import { logLine } from "./render";

export class LogConsole {
  private following = true;
  private unseen = 0;
  private readonly maxRows: number;

  constructor(private readonly box: HTMLElement, private readonly pauseButton: HTMLButtonElement | null,
              private readonly newLines: HTMLElement | null, clearButton: HTMLButtonElement | null) {
    this.maxRows = Number(box.dataset.maxRows ?? "500") || 500;
    pauseButton?.addEventListener("click", () => this.setFollowing(!this.following));
    clearButton?.addEventListener("click", () => { this.box.replaceChildren(); this.unseen = 0; this.showCount(); });
    box.addEventListener("scroll", () => {
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 8;
      if (atBottom && !this.following) this.setFollowing(true);
      else if (!atBottom && this.following) this.setFollowing(false);
    });
    this.scrollToEnd();
  }

  get lastNumber(): number {
    const last = this.box.lastElementChild as HTMLElement | null;
    return last ? Number(last.dataset.number) : 0;
  }

  append(line: LogLineView) {
    if (line.number <= this.lastNumber) return; // already shown (a replayed delta)
    this.box.appendChild(logLine(line));
    while (this.box.childElementCount > this.maxRows) this.box.firstElementChild!.remove();
    if (this.following) this.scrollToEnd();
    else { this.unseen++; this.showCount(); }
  }

  replaceAll(lines: LogLineView[]) {
    this.box.replaceChildren(...lines.slice(-this.maxRows).map(logLine));
    if (this.following) this.scrollToEnd();
  }

  private setFollowing(on: boolean) {
    this.following = on;
    if (this.pauseButton) this.pauseButton.textContent = on ? "Pause" : "Follow";
    this.box.dataset.following = String(on);
    if (on) { this.unseen = 0; this.scrollToEnd(); }
    this.showCount();
  }

  private showCount() {
    if (!this.newLines) return;
    this.newLines.hidden = this.unseen === 0;
    this.newLines.textContent = `${this.unseen} new line${this.unseen === 1 ? "" : "s"}`;
  }

  private scrollToEnd() {
    this.box.scrollTop = this.box.scrollHeight;
  }
}
