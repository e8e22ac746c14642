// The buttons: each click sends one action with a fresh client token (a retry of the same click
// reuses it), shows progress while the server works, and the outcome or the error after.

const busyLabels: Record<string, string> = {
  "launch": "Launching…",
  "start-experiment": "Starting…",
  "stop-task": "Stopping…",
  "stop-experiment": "Stopping…",
  "clear-table": "Clearing…",
};

function newClientToken(): string {
  // getRandomValues works on plain http too, unlike randomUUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

export function wireActions(controls: HTMLElement, afterAction: () => void) {
  const message = controls.querySelector<HTMLElement>("#action-message")!;
  const dialog = controls.querySelector<HTMLDialogElement>("#clear-dialog");

  const show = (text: string, ok: boolean) => {
    message.textContent = text;
    message.dataset.outcome = ok ? "ok" : "error";
  };

  async function send(button: HTMLButtonElement, body: Record<string, unknown>) {
    const action = button.dataset.action!;
    const label = button.textContent;
    button.dataset.busy = "true";
    button.disabled = true;
    button.textContent = busyLabels[action] ?? "Working…";
    show(busyLabels[action] ?? "Working…", true);
    const clientToken = newClientToken();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await fetch(`/api/actions/${action}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ ...body, clientToken }),
          });
          const outcome = await response.json().catch(() => ({ ok: false, message: `The server answered ${response.status}.` }));
          show(outcome.message ?? `The server answered ${response.status}.`, response.ok && outcome.ok);
          return;
        } catch {
          // The request may or may not have arrived: the same token makes a retry safe.
          if (attempt >= 3) { show("Could not reach the dashboard server. Check that it is running.", false); return; }
          await new Promise(r => setTimeout(r, 500 * attempt));
        }
      }
    } finally {
      button.textContent = label;
      delete button.dataset.busy;
      button.disabled = false;
      afterAction();
    }
  }

  controls.addEventListener("click", event => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
    if (!button || button.disabled || button.dataset.busy) return;
    const action = button.dataset.action;
    if (action === "clear-table") {
      if (!dialog) return;
      dialog.returnValue = "";
      dialog.showModal();
      dialog.addEventListener("close", () => {
        if (dialog.returnValue === "confirm") void send(button, { confirm: true });
      }, { once: true });
      return;
    }
    void send(button, action === "launch" ? { kind: button.dataset.kind } : {});
  });
}
