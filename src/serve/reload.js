// `bulletin serve` only (never in a built site): reloads the page when the site is rebuilt.
// A file rather than an inline script, so the pages' Content-Security-Policy (script-src
// 'self') lets it run. Its event stream's address is a data attribute of its <script> tag.
(() => {
  const address = document.currentScript.dataset.eventStream;
  addEventListener("pageshow", () => {
    const stream = new EventSource(address);
    const reload = () => {
      stream.close();
      location.reload();
    };
    stream.addEventListener("reload", reload);
    // The server went away (stopped, restarted): once the stream is back it says "init"
    // again, and the page may have changed meanwhile.
    const lost = () => {
      stream.removeEventListener("error", lost);
      stream.addEventListener("init", reload);
    };
    stream.addEventListener("error", lost);
    addEventListener("pagehide", () => {
      stream.removeEventListener("error", lost);
      stream.close();
    });
  });
})();
