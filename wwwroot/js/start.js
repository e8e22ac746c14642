// Starts Blazor and shows the page's connection. A projector left running must come back by itself:
// the circuit keeps trying to reconnect for as long as the page is open, and a server that restarted
// (and so no longer knows this page) makes the page reload into the current state.
//
// The indicator and the banner are components: once the page is interactive they are new elements, so
// they are looked up when needed, and the framework's event is caught on its way down (it does not bubble).
(() => {
  function showConnection(state, label) {
    const indicator = document.getElementById("connection");
    if (!indicator) return;
    indicator.dataset.state = state;
    indicator.textContent = label;
  }

  function showBanner(visible, state, message) {
    const banner = document.getElementById("components-reconnect-modal");
    if (!banner) return;
    const text = banner.querySelector(".reconnect-text");
    const retryButton = document.getElementById("components-reconnect-button");
    banner.hidden = !visible;
    banner.dataset.state = state;
    if (text && message) text.textContent = message;
    if (retryButton) retryButton.hidden = state !== "failed";
  }

  async function retry() {
    try {
      // true: reconnected; false: the server answered but no longer knows this page's circuit.
      if (!(await Blazor.reconnect())) location.reload();
    } catch {
      // The server is still unreachable; the next retry or a click on the button tries again.
    }
  }

  document.addEventListener("components-reconnect-state-changed", event => {
    switch (event.detail.state) {
      case "show":
      case "retrying":
        showConnection("reconnecting", "reconnecting…");
        showBanner(true, "retrying", "The connection to the dashboard was lost; the page shows the state from before. Reconnecting…");
        break;
      case "hide":
        showConnection("live", "live");
        showBanner(false, "hidden");
        break;
      case "failed":
      case "paused":
        showConnection("offline", "offline");
        showBanner(true, "failed", "The dashboard cannot be reached; the page shows the state from before.");
        document.addEventListener("visibilitychange", () => { if (!document.hidden) void retry(); }, { once: true });
        break;
      case "rejected":
      case "resume-failed":
        location.reload();
        break;
    }
  }, { capture: true });
  document.addEventListener("click", event => {
    if (event.target instanceof Element && event.target.closest("#components-reconnect-button")) void retry();
  });

  Blazor.start({
    circuit: {
      reconnectionOptions: {
        maxRetries: 1_000_000,
        retryIntervalMilliseconds: previousAttempts => Math.min(10_000, 500 * 2 ** Math.min(previousAttempts, 5)),
      },
    },
  });
})();
