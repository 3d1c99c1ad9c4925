// The analysis worker: the page's own wasm module, loaded here off the page's thread, answers
// each request (JSON) with its reply (JSON) and how long that took. The page names the
// module's script and its wasm in the query (`?module=/plumb-web-<hash>.js&wasm=…`), since
// the build names them after their hashes; only files of the page's own origin are loaded.
// When the module cannot load or answer, the page is told (`{ failed }`) and analyses on its
// own thread instead.
const query = new URL(self.location.href).searchParams;
const ours = (name) => {
  const url = new URL(query.get(name) || "", self.location.href);
  if (url.origin !== self.location.origin) throw new Error(`not loading ${url.href}: another origin`);
  return url.href;
};
const loaded = (async () => {
  const bindings = await import(ours("module"));
  // Runs the module's start function too, which does nothing without a window.
  await bindings.default({ module_or_path: ours("wasm") });
  return bindings;
})();

self.onmessage = async (event) => {
  try {
    const bindings = await loaded;
    const started = performance.now();
    const reply = bindings.answer(event.data);
    self.postMessage({ reply, milliseconds: performance.now() - started });
  } catch (error) {
    self.postMessage({ failed: String(error) });
  }
};
