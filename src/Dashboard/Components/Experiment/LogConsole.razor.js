// Scrolling is the one thing the log console cannot do from the server: keep the newest line in view
// while the page follows the log, and tell the server when the reader scrolls up (pause) or back to the
// end (follow).

export function watchScroll(box, console) {
  let atEnd = true;
  const onScroll = () => {
    const now = box.scrollHeight - box.scrollTop - box.clientHeight < 8;
    if (now === atEnd) return;
    atEnd = now;
    console.invokeMethodAsync("ReaderScrolled", now);
  };
  box.addEventListener("scroll", onScroll, { passive: true });

  // The server marks the box data-following="true" while the page follows; whenever its rows change
  // the newest line is brought into view here, as the DOM changes, rather than by a call from the
  // server after every frame (one round trip per frame and viewer).
  const toEnd = () => {
    if (box.dataset.following === "true") box.scrollTop = box.scrollHeight;
  };
  const follow = new MutationObserver(toEnd);
  follow.observe(box, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["data-following"] });
  toEnd();

  return {
    dispose: () => {
      follow.disconnect();
      box.removeEventListener("scroll", onScroll);
    },
  };
}
