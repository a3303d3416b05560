// A measurement, not a budget: time from navigation to the first question and to the advice,
// on the internet-banking page, with the CPU throttled 4x (CDP Emulation.setCPUThrottlingRate)
// and without. A script injected by the test clicks Start as soon as the widget is ready and
// answers every question at once, so the times are the page's own, without a human's.
// The widget sets performance marks: suitable:ready, suitable:first-question, suitable:advice.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  NOW, PERSONA, useBrowser,
} from "./helpers.mjs";

const RUNS = Number(process.env.PERF_RUNS ?? 3);

function autopilot(answers) {
  const root = () => document.querySelector("suitable-advisor").shadowRoot;
  const click = (s) => root().querySelector(s)?.click();
  document.addEventListener("suitable-ready", () => {
    click("[data-action=start]");
    for (let i = 0; i < 40; i++) {
      const form = root().querySelector("form[data-item]");
      if (!form) break;
      for (const id of [].concat(answers[form.dataset.item])) click(`input[value="${id}"]`);
      click("[data-action=next]");
    }
    for (let i = 0; i < 5 && root().querySelector("[data-action=confirm-prompt]"); i++) click("[data-action=confirm-prompt]");
    performance.mark("test:confirm-profile");
    click("[data-action=confirm-profile]");
  });
}

async function measure(browser, url, rate) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    await page.addInitScript(autopilot, PERSONA.assessment.answers);
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName("suitable:advice").length > 0, null, { timeout: 60000 });
    return await page.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
      const nav = performance.getEntriesByType("navigation")[0];
      return {
        domContentLoaded: nav.domContentLoadedEventEnd,
        ready: at("suitable:ready"),
        firstQuestion: at("suitable:first-question"),
        advice: at("suitable:advice"),
        confirmToAdvice: at("suitable:advice") - at("test:confirm-profile"),
      };
    });
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("timings (printed, not asserted against a budget)", () => {
  let browser, srv;
  useBrowser((b, s) => {
    [browser, srv] = [b, s];
  });

  test(`navigation -> first question and -> advice, CPU 1x and 4x (median of ${RUNS})`, async () => {
    const url = `${srv.url}/index.html?now=${NOW}`;
    const lines = [];
    for (const rate of [1, 4]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, url, rate));
      const m = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, Math.round(median(runs.map((r) => r[k])))]));
      for (const r of runs) for (const v of Object.values(r)) assert.ok(Number.isFinite(v) && v >= 0, JSON.stringify(r));
      lines.push(
        `CPU ${rate}x: DOMContentLoaded ${m.domContentLoaded} ms, widget ready ${m.ready} ms, ` +
          `first question ${m.firstQuestion} ms, advice ${m.advice} ms (profile confirmed -> advice rendered ${m.confirmToAdvice} ms)`,
      );
    }
    for (const l of lines) console.log(`timing: ${l}`);
  });
});
