// Scrolling is the one thing the log console cannot do from the server: keep the newest line in view
// while the page follows the log, and tell the server when the reader scrolls up (pause) or back to the
// end (follow).

// How long after a wheel, touch, key or press in the box a scroll counts as the reader's.
const gestureMs = 1000;

export function watchScroll(box, console) {
  let atEnd = true;
  let gestureAt = -Infinity;
  const gesture = () => { gestureAt = performance.now(); };
  const gestures = ["wheel", "touchstart", "touchmove", "keydown", "pointerdown"];
  for (const name of gestures) box.addEventListener(name, gesture, { passive: true });

  // The server marks the box data-following="true" while the page follows; whenever its rows change
  // the newest line is brought into view here, as the DOM changes, rather than by a call from the
  // server after every frame (one round trip per frame and viewer).
  const following = () => box.dataset.following === "true";
  // atEnd is the reader's side: false from the moment they scroll up, before the server has heard of it.
  const toEnd = () => {
    if (following() && atEnd) box.scrollTop = box.scrollHeight;
  };

  const onScroll = () => {
    const now = box.scrollHeight - box.scrollTop - box.clientHeight < 8;
    // Only the reader pauses the log. The box also scrolls when its rows are redrawn or its content
    // shrinks under a burst; while following, such a move is undone rather than taken for a pause.
    if (!now && atEnd && following() && performance.now() - gestureAt > gestureMs) {
      toEnd();
      return;
    }
    if (now === atEnd) return;
    atEnd = now;
    console.invokeMethodAsync("ReaderScrolled", now);
  };
  box.addEventListener("scroll", onScroll, { passive: true });

  const follow = new MutationObserver((changes) => {
    // Follow was pressed: the reader asked for the end wherever the box was.
    if (following() && changes.some((c) => c.type === "attributes")) atEnd = true;
    toEnd();
  });
  follow.observe(box, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["data-following"] });
  toEnd();

  return {
    dispose: () => {
      follow.disconnect();
      box.removeEventListener("scroll", onScroll);
      for (const name of gestures) box.removeEventListener(name, gesture);
    },
  };
}
