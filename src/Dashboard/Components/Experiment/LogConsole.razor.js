// Scrolling is the one thing the log console cannot do from the server: keep the newest line in view,
// and tell the server when the reader scrolls up (pause) or back to the end (follow).

export function scrollToEnd(box) {
  box.scrollTop = box.scrollHeight;
}

export function watchScroll(box, console) {
  let atEnd = true;
  const onScroll = () => {
    const now = box.scrollHeight - box.scrollTop - box.clientHeight < 8;
    if (now === atEnd) return;
    atEnd = now;
    console.invokeMethodAsync("ReaderScrolled", now);
  };
  box.addEventListener("scroll", onScroll, { passive: true });
  return { dispose: () => box.removeEventListener("scroll", onScroll) };
}
