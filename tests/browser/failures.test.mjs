// Failure states a customer can understand, with the host page still working: catalogue 404,
// timeout, a retry that succeeds, a malformed catalogue (error event with code and path),
// WebAssembly unavailable (iOS Lockdown Mode), and a catalogue whose texts carry HTML and script.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  NOW, PERSONA, server, openPage, axe, waitPhase, focused, tabTo, widgetText, shot, assertNoViolations, useBrowser,
} from "./helpers.mjs";

function errorEvents(page) {
  return page.evaluate(() => window.__events.filter((e) => e.type === "suitable-error").map((e) => e.detail));
}

function shownError(page) {
  return page.evaluate(() => {
    const root = document.querySelector("suitable-advisor").shadowRoot;
    const box = root.querySelector("[part~=error]");
    return box && {
      code: box.dataset.error,
      role: box.getAttribute("role"),
      text: box.textContent,
      retry: !!root.querySelector("[data-action=retry]"),
      contact: root.querySelector("[part~=contact]")?.textContent ?? null,
      contactHref: root.querySelector("a[part~=contact]")?.getAttribute("href") ?? null,
    };
  });
}

/** The host page's own button still works (it is the page's, not the widget's). */
async function hostButtonWorks(page) {
  assert.equal(await page.getAttribute("#toggle-balances", "aria-pressed"), "false");
  await page.click("#toggle-balances");
  assert.equal(await page.getAttribute("#toggle-balances", "aria-pressed"), "true");
  assert.equal((await page.textContent(".accounts .amount")).trim(), "••••");
  assert.ok((await page.textContent("#host-message")).length > 0);
  await page.click("#toggle-balances");
  assert.equal(await page.getAttribute("#toggle-balances", "aria-pressed"), "false");
}

async function noViolations(page, log, where) {
  assertNoViolations(assert, await axe(page), where);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], `CSP violations at ${where}`);
  assert.deepEqual(log.errors, [], `page errors at ${where}`);
}

describe("failure states", () => {
  let browser, srv;
  useBrowser((b, s) => {
    [browser, srv] = [b, s];
  });

  test("catalogue 404: a friendly message with retry, an error event, the host page works", async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/index.html?now=${NOW}&catalogue=/fixtures/missing.json`);
    try {
      await waitPhase(page, "error");
      const shown = await shownError(page);
      assert.equal(shown.code, "CATALOGUE_FETCH");
      assert.equal(shown.role, "alert");
      assert.ok(shown.retry);
      assert.match(shown.text, /could not load the product information/);
      const [event] = await errorEvents(page);
      assert.equal(event.code, "CATALOGUE_FETCH");
      assert.equal(event.path, "");
      assert.match(event.message, /404/);
      await noViolations(page, log, "404");
      await shot(page, "failure-404", false);
      await hostButtonWorks(page);
      // Retry with the keyboard: still 404, the focus lands on the message again.
      await tabTo(page, (f) => f.action === "retry", { what: "retry" });
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-error").length === 2);
      assert.equal((await focused(page)).focus, "step");
      await expectRejection(page);
    } finally {
      await context.close();
    }
  });

  test("catalogue timeout, then a retry that succeeds; the host page works while it waits", async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/index.html?now=${NOW}&catalogue=/fixtures/hanging-catalogue.json&timeout=3000`);
    try {
      await waitPhase(page, "loading");
      await hostButtonWorks(page); // while the catalogue hangs
      await waitPhase(page, "error");
      assert.equal((await shownError(page)).code, "CATALOGUE_TIMEOUT");
      assert.match((await shownError(page)).text, /took too long/);
      assert.equal((await errorEvents(page))[0].code, "CATALOGUE_TIMEOUT");
      await noViolations(page, log, "timeout");
      await shot(page, "failure-timeout", false);
      // A server that is busy once: the retry gets the catalogue and the flow starts.
      await page.evaluate(() => document.querySelector("suitable-advisor").setAttribute("catalogue-src", "/fixtures/flaky-catalogue.json"));
      await waitPhase(page, "error");
      assert.equal((await shownError(page)).code, "CATALOGUE_FETCH");
      await tabTo(page, (f) => f.action === "retry", { what: "retry" });
      await page.keyboard.press("Enter");
      await waitPhase(page, "intro");
      assert.equal((await focused(page)).focus, "step", "the focus moves to the privacy note");
      assert.ok(await page.evaluate(() => document.querySelector("suitable-advisor").ready.then((info) => info.catalogueVersion === "2026.11.1")));
      await noViolations(page, log, "after retry");
    } finally {
      await context.close();
    }
  });

  for (const [fixture, path] of [["bad-catalogue.json", "/products/3/riskLevel"], ["truncated-catalogue.json", null]]) {
    test(`malformed catalogue (${fixture}): error event with code and path, a friendly message`, async () => {
      const { context, page, log } = await openPage(browser, `${srv.url}/index.html?lang=ru&now=${NOW}&catalogue=/fixtures/${fixture}`);
      try {
        await waitPhase(page, "error");
        const [event] = await errorEvents(page);
        assert.equal(event.code, "CATALOGUE_PARSE");
        if (path) assert.equal(event.path, path);
        else assert.match(event.path, /^\//, "a JSON Pointer");
        assert.ok(event.message.length > 0);
        const shown = await shownError(page);
        assert.equal(shown.code, "CATALOGUE_PARSE");
        assert.match(shown.text, /Подбор продуктов сейчас недоступен/);
        assert.ok(shown.text.includes(`CATALOGUE_PARSE ${event.path}`), "the reference for support");
        assert.equal(shown.contact, "0800 123 4567");
        await noViolations(page, log, fixture);
        await shot(page, `failure-${fixture.replace(".json", "")}`, false);
        await hostButtonWorks(page);
      } finally {
        await context.close();
      }
    });
  }

  test("WebAssembly unavailable (Lockdown Mode): says so, offers the bank's contact, fetches nothing", async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/mobile.html?lang=zh&now=${NOW}`, {
      viewport: { width: 360, height: 740 },
      init: () => {
        delete globalThis.WebAssembly;
      },
    });
    try {
      await waitPhase(page, "error");
      const shown = await shownError(page);
      assert.equal(shown.code, "WASM_UNAVAILABLE");
      assert.match(shown.text, /WebAssembly/);
      assert.match(shown.text, /推荐工具无法在此浏览器中运行/);
      assert.equal(shown.contact, "0800 123 4567");
      assert.equal(shown.contactHref, "tel:+498001234567");
      assert.ok(!shown.retry);
      assert.equal((await errorEvents(page))[0].code, "WASM_UNAVAILABLE");
      const paths = log.requests.map((r) => new URL(r.url).pathname);
      assert.ok(!paths.some((p) => p.startsWith("/pkg/") || p === "/catalogue.json"), `no engine or catalogue request: ${paths}`);
      await noViolations(page, log, "no WebAssembly");
      await shot(page, "failure-no-webassembly", false);
      await page.click("#app-back");
      assert.ok((await page.textContent("#host-message")).length > 0, "the app's own button works");
    } finally {
      await context.close();
    }
  });

  test("catalogue texts with <img onerror> and <script> are shown as text and run nothing", async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/index.html?lang=en&now=${NOW}&catalogue=/fixtures/xss-catalogue.json`);
    try {
      await waitPhase(page, "intro");
      const click = (sel) => page.evaluate((s) => document.querySelector("suitable-advisor").shadowRoot.querySelector(s).click(), sel);
      const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      assert.ok((await widgetText(page)).includes(`Questionnaire ${attack}`));
      await click("[data-action=start]");
      await waitPhase(page, "question");
      assert.ok((await widgetText(page, "legend")).endsWith(attack));
      assert.ok((await widgetText(page, ".options")).includes(`Stable ${attack}`));
      const answers = PERSONA.assessment.answers;
      for (let i = 0; i < 30; i++) {
        const item = await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector("form[data-item]")?.dataset.item);
        if (!item) break;
        for (const id of [].concat(answers[item])) await click(`input[value="${id}"]`);
        await click("[data-action=next]");
      }
      await waitPhase(page, "profile"); // the flow is completed by hand here, to read each step
      assert.ok((await widgetText(page, "[part~=profile]")).includes("Cautious <i onmouseover=alert(1)>x</i>"));
      await click("[data-action=confirm-profile]");
      await waitPhase(page, "advice");
      const names = await page.evaluate(() =>
        [...document.querySelector("suitable-advisor").shadowRoot.querySelectorAll("[part~=card-name]")].map((n) => n.textContent));
      assert.ok(names.length > 0 && names.every((n) => n.endsWith(attack)), names.join("\n"));
      const text = await widgetText(page);
      assert.ok(text.includes(`<b>bold?</b> ${attack}`));
      assert.ok(text.includes(`Fits ${attack}`));
      await click("[data-action=why-not]");
      const injected = await page.evaluate(() => {
        const root = document.querySelector("suitable-advisor").shadowRoot;
        return {
          elements: root.querySelectorAll("img, script, b, i, [onerror], [onmouseover]").length,
          pwned: window.__pwned ?? null,
        };
      });
      assert.deepEqual(injected, { elements: 0, pwned: null });
      assert.ok(!log.requests.some((r) => new URL(r.url).pathname === "/x"), "the <img src=x> was never requested");
      await noViolations(page, log, "xss advice");
      assert.deepEqual(log.console, []);
      await shot(page, "xss-advice", false);
    } finally {
      await context.close();
    }
  });
});

async function expectRejection(page) {
  const r = await page.evaluate(() => document.querySelector("suitable-advisor").ready.then(() => "resolved", (e) => e.code));
  assert.equal(r, "CATALOGUE_FETCH");
}
