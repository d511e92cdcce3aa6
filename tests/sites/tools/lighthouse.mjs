// Lighthouse on each URL given, in one Chromium started once (CHROME_PATH), the way
// `lighthouse <url>` scores a page for a phone: simulated mobile network and CPU.
// Prints {url: {category: score 0-100, ..., failing: [audit ids]}} as JSON on stdout.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const scores = {};
try {
  for (const url of urls) {
    const { lhr } = await lighthouse(
      url,
      { port: chrome.port, output: "json", logLevel: "error" },
      {
        extends: "lighthouse:default",
        settings: {
          onlyCategories: CATEGORIES,
          // Pictures of the page are not scored.
          disableFullPageScreenshot: true,
          skipAudits: ["screenshot-thumbnails", "final-screenshot"],
          // A static page from a local server: no late requests or scripts to wait for,
          // so the quiet windows that end a load can be short.
          pauseAfterFcpMs: 250,
          pauseAfterLoadMs: 250,
          networkQuietThresholdMs: 250,
          cpuQuietThresholdMs: 250,
        },
      },
    );
    const found = Object.fromEntries(
      CATEGORIES.map((id) => [id, Math.round((lhr.categories[id].score ?? 0) * 100)]),
    );
    found.failing = CATEGORIES.flatMap((id) =>
      lhr.categories[id].auditRefs
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id].score ?? 1) < 0.9)
        .map((ref) => `${id}:${ref.id}`),
    );
    found.errors = lhr.runtimeError ? [lhr.runtimeError.message] : [];
    scores[url] = found;
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(scores));
