/**
 * The code of a PDF extraction thread, run with `new Worker(PDF_TEXT_THREAD, { eval: true })`. It is a string,
 * not a module of its own, for two reasons: pdf.js is published as ES modules only, which this CommonJS code
 * base (and Jest, without --experimental-vm-modules) cannot require — a plain worker thread imports them; and
 * the compiled app would need a separate .js file copied next to it.
 *
 * Protocol: the parent posts `{ id, data: Uint8Array, modulePath, workerPath }`; the thread answers
 * `{ id, ok: true, pages: string[], title }` or `{ id, ok: false, name, message }` (pdf.js's exception name:
 * PasswordException, InvalidPDFException, …).
 *
 * Text assembly: pdf.js gives text runs with an end-of-line flag and a transform; a vertical gap larger than
 * 1.6 line heights between two lines becomes a blank line, so that paragraphs survive for the chunker.
 */
export const PDF_TEXT_THREAD = String.raw`
const { parentPort } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
let loading;
function pdfjs(modulePath, workerPath) {
  loading ??= (async () => {
    // pdf.js's "fake worker": its parser runs in this thread, which is already off the main event loop.
    globalThis.pdfjsWorker = await import(pathToFileURL(workerPath).href);
    return import(pathToFileURL(modulePath).href);
  })();
  return loading;
}
function pageText(items) {
  let text = '';
  let lastY = null;
  let lastHeight = 0;
  let lineStart = true;
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const y = item.transform ? item.transform[5] : null;
    const height = item.height || lastHeight;
    if (lineStart && lastY !== null && y !== null && height > 0 && Math.abs(lastY - y) > 1.6 * height) {
      text += '\n';
    }
    text += item.str;
    if (item.str !== '' || item.hasEOL) {
      if (y !== null) lastY = y;
      if (height > 0) lastHeight = height;
    }
    lineStart = item.hasEOL;
    if (item.hasEOL) text += '\n';
  }
  return text;
}
parentPort.on('message', async ({ id, data, modulePath, workerPath }) => {
  try {
    const lib = await pdfjs(modulePath, workerPath);
    const document = await lib.getDocument({
      data,
      disableFontFace: true,
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
    try {
      let title = null;
      try {
        const metadata = await document.getMetadata();
        title = (metadata && metadata.info && metadata.info.Title) || null;
      } catch (_unreadableMetadata) {
        title = null;
      }
      const pages = [];
      for (let number = 1; number <= document.numPages; number++) {
        const page = await document.getPage(number);
        const content = await page.getTextContent();
        pages.push(pageText(content.items));
        page.cleanup();
      }
      parentPort.postMessage({ id, ok: true, pages, title: typeof title === 'string' ? title : null });
    } finally {
      await document.destroy();
    }
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      name: (error && error.name) || 'Error',
      message: String((error && error.message) || error),
    });
  }
});
`;
