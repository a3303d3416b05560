// The element itself: created by createElement, by its constructor and by the parser; defined
// once however often its module loads; locale following the page; theming; reflow at 320 CSS px
// and at 200% zoom; personalisation off; the storage adapter and history; re-evaluation.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  NOW, PERSONA, CATALOGUE_TEXT, openPage, axe, waitPhase, horizontalOverflow, shot, assertNoViolations, clickIn, completeFlow, useBrowser,
} from "./helpers.mjs";

describe("the <suitable-advisor> element", () => {
  let browser, srv;
  useBrowser((b, s) => {
    [browser, srv] = [b, s];
  });

  test("created by createElement, by its constructor and by the parser; defined once", async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/fixtures/blank.html`);
    try {
      await page.waitForFunction(() => customElements.get("suitable-advisor"));
      const r = await page.evaluate(async (text) => {
        const Ctor = customElements.get("suitable-advisor");
        const a = document.createElement("suitable-advisor");
        const b = new Ctor();
        const out = {
          instances: a instanceof Ctor && b instanceof Ctor,
          shadow: a.shadowRoot?.mode === "open" && b.shadowRoot?.mode === "open",
          phaseBeforeInsertion: a.shadowRoot.querySelector(".root").dataset.phase ?? null,
          noAttributesAdded: a.attributes.length === 0 && b.attributes.length === 0,
        };
        a.catalogue = text; // text
        b.catalogue = JSON.parse(text); // or an object
        a.setAttribute("now", "2026-11-25");
        document.querySelector("main").append(a, b);
        const [ia, ib] = await Promise.all([a.ready, b.ready]);
        out.versions = [ia.catalogueVersion, ib.catalogueVersion];
        out.phases = [a, b].map((el) => el.shadowRoot.querySelector(".root").dataset.phase);
        // Moving an element does not reload it.
        document.body.append(a);
        out.phaseAfterMove = a.shadowRoot.querySelector(".root").dataset.phase;
        // Loading the module a second time (another URL, so another module instance) is harmless.
        const again = await import("/suitable-advisor.js?again");
        out.sameDefinition = customElements.get("suitable-advisor") === Ctor && again.default === Ctor;
        const c = document.createElement("suitable-advisor");
        out.stillWorks = c instanceof Ctor;
        return out;
      }, CATALOGUE_TEXT);
      assert.deepEqual(r, {
        instances: true,
        shadow: true,
        phaseBeforeInsertion: null,
        noAttributesAdded: true,
        versions: ["2026.11.1", "2026.11.1"],
        phases: ["intro", "intro"],
        phaseAfterMove: "intro",
        sameDefinition: true,
        stillWorks: true,
      });
      assert.equal(await page.evaluate(() => window.__events.filter((e) => e.type === "suitable-ready").length), 2);
      assert.ok(!log.requests.some((q) => q.url.endsWith("/catalogue.json")), "a catalogue property means no fetch");
      assert.deepEqual(log.errors, []);
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
    } finally {
      await context.close();
    }
  });

  test("the locale follows the page's lang; the locale attribute wins", async () => {
    const { context, page } = await openPage(browser, `${srv.url}/index.html?now=${NOW}`);
    try {
      await waitPhase(page, "intro");
      const title = () => page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector(".title").textContent);
      const waitTitle = (t) => page.waitForFunction((x) => document.querySelector("suitable-advisor").shadowRoot.querySelector(".title").textContent === x, t);
      assert.equal(await title(), "Find products that suit you");
      await page.selectOption("#lang", "ru"); // the host page changes <html lang>
      await waitTitle("Подбор подходящих продуктов");
      assert.ok((await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector("[part~=step]").textContent)).includes("18 вопросов, около 5 минут"));
      await page.evaluate(() => document.querySelector("suitable-advisor").setAttribute("locale", "zh-CN"));
      await waitTitle("为您挑选合适的产品");
      await page.selectOption("#lang", "en");
      await page.waitForTimeout(50);
      assert.equal(await title(), "为您挑选合适的产品");
      assert.equal(await page.evaluate(() => document.querySelector("suitable-advisor").locale), "zh");
      await page.evaluate(() => document.querySelector("suitable-advisor").removeAttribute("locale"));
      await waitTitle("Find products that suit you");
      // Advice already on screen is computed again in the new language.
      await completeFlow(page);
      await page.selectOption("#lang", "ru");
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").at(-1).detail.advice.locale === "ru");
      const lang = await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector("[part~=card-name]").lang);
      assert.equal(lang, "ru");
    } finally {
      await context.close();
    }
  });

  test("axe sees inside the shadow root (a nameless button is reported)", async () => {
    const { context, page } = await openPage(browser, `${srv.url}/index.html?now=${NOW}`);
    try {
      await waitPhase(page, "intro");
      await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector(".body").append(document.createElement("button")));
      const v = await axe(page);
      assert.deepEqual(v.map((x) => x.id), ["button-name"]);
    } finally {
      await context.close();
    }
  });

  for (const [label, viewport, scale] of [["320 CSS px", { width: 320, height: 640 }, 1], ["200% zoom of 1280x800", { width: 640, height: 400 }, 2]]) {
    test(`reflow at ${label}: no horizontal scrolling at any step`, async () => {
      const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
      const page = await context.newPage();
      try {
        await page.goto(`${srv.url}/index.html?lang=ru&now=${NOW}`);
        await waitPhase(page, "intro");
        const overflow = async (where) => {
          assert.equal(await horizontalOverflow(page), 0, `page at ${where}`);
          const inner = await page.evaluate(() => {
            const host = document.querySelector("suitable-advisor");
            const bad = [...host.shadowRoot.querySelectorAll("*:not(.sr-only)")].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible");
            return { host: host.scrollWidth - host.clientWidth, bad: bad.map((el) => el.className || el.localName) };
          });
          assert.deepEqual(inner, { host: 0, bad: [] }, `widget at ${where}`);
        };
        await overflow("intro");
        await clickIn(page, "[data-action=start]");
        await overflow("question 1");
        await clickIn(page, "[data-action=back]");
        await completeFlow(page);
        await overflow("advice");
        await clickIn(page, "[data-action=why-not]");
        await overflow("why not");
        await shot(page, `reflow-${viewport.width}x${viewport.height}@${scale}x-advice`, false);
      } finally {
        await context.close();
      }
    });
  }

  test(`risk text as large as the main text; theme="dark"; custom properties and ::part()`, async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/index.html?now=${NOW}`);
    try {
      await completeFlow(page);
      const sizes = await page.evaluate(() => {
        const root = document.querySelector("suitable-advisor").shadowRoot;
        const card = root.querySelector("article.card");
        const px = (el) => parseFloat(getComputedStyle(el).fontSize);
        return { risk: px(card.querySelector("[part~=risk]")), badge: px(card.querySelector("[part~=risk-badge]")), body: px(card.querySelector("[part~=card-name] + p + p")) };
      });
      assert.ok(sizes.risk >= sizes.body && sizes.badge >= sizes.body, JSON.stringify(sizes));
      // theme="dark" on a light page, still WCAG AA.
      await page.evaluate(() => document.querySelector("suitable-advisor").setAttribute("theme", "dark"));
      const bg = () => page.evaluate(() => getComputedStyle(document.querySelector("suitable-advisor")).backgroundColor);
      assert.equal(await bg(), "rgb(22, 24, 29)");
      assertNoViolations(assert, await axe(page), "theme=dark");
      await shot(page, "theme-dark-advice", false);
      // Custom properties from the host (CSSOM, allowed by the CSP) and ::part() from a page sheet.
      const themed = await page.evaluate(() => {
        const el = document.querySelector("suitable-advisor");
        el.removeAttribute("theme");
        el.style.setProperty("--suitable-accent", "rgb(1, 2, 3)");
        const sheet = new CSSStyleSheet();
        sheet.replaceSync("suitable-advisor::part(card) { border-width: 5px; }");
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        const root = el.shadowRoot;
        return {
          accent: getComputedStyle(root.querySelector("button.primary")).backgroundColor,
          border: getComputedStyle(root.querySelector("article.card")).borderTopWidth,
        };
      });
      assert.deepEqual(themed, { accent: "rgb(1, 2, 3)", border: "5px" });
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(log.console, []);
    } finally {
      await context.close();
    }
  });

  test('personalisation="off", a host storage adapter, history fed back, re-evaluation on a new profile', async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/fixtures/blank.html`);
    try {
      await page.waitForFunction(() => customElements.get("suitable-advisor"));
      await page.evaluate(({ text, persona }) => {
        const el = document.createElement("suitable-advisor");
        el.setAttribute("now", persona.now);
        el.setAttribute("personalisation", "off");
        el.catalogue = text;
        el.profile = { customer: persona.customer, holdings: persona.holdings, context: persona.context };
        // An asynchronous adapter (a native bridge, say) that already holds two dismissals.
        window.__store = new Map([["suitable-advisor.history", JSON.stringify([
          { productId: "td-12m", action: "dismissed", on: "2026-11-21" },
          { productId: "td-12m", action: "dismissed", on: "2026-11-24" },
        ])]]);
        window.__writes = [];
        el.storage = {
          getItem: async (k) => window.__store.get(k) ?? null,
          setItem: async (k, v) => {
            window.__writes.push(v);
            window.__store.set(k, v);
          },
        };
        document.querySelector("main").append(el);
      }, { text: CATALOGUE_TEXT, persona: PERSONA });
      await completeFlow(page);
      const lastAdvice = () => page.evaluate(() => window.__events.filter((e) => e.type === "suitable-advice").at(-1).detail.advice);
      let advice = await lastAdvice();
      assert.equal(advice.personalised, false);
      assert.equal(advice.crossSell.length, 0);
      // Personalised again: td-12m is there; the third "not interested" this week hides it (engine policy).
      await clickIn(page, "input[role=switch]");
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").at(-1).detail.advice.personalised);
      advice = await lastAdvice();
      assert.ok(advice.recommendations.some((s) => s.productId === "td-12m"));
      await clickIn(page, 'article[data-product="td-12m"] [data-action=dismiss]');
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-dismiss").length === 1);
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").length === 3);
      advice = await lastAdvice();
      const suppressed = advice.suppressed.find((s) => s.productId === "td-12m");
      assert.equal(suppressed?.code, "SUPPRESSED_DISMISSED", JSON.stringify(advice.suppressed));
      const writes = await page.evaluate(() => window.__writes.map((w) => JSON.parse(w)));
      assert.deepEqual(writes.at(-1).at(-1), { productId: "td-12m", action: "dismissed", on: "2026-11-25" });
      // "Show it again" takes the dismissal back.
      await clickIn(page, '[data-action=undo][data-product="td-12m"]');
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").length === 4);
      assert.ok((await lastAdvice()).recommendations.some((s) => s.productId === "td-12m"));
      // A new profile from the host (now in the exit tier, holding a card): advice computed again.
      await page.evaluate((persona) => {
        document.querySelector("suitable-advisor").profile = {
          customer: { ...persona.customer, tier: "exit" },
          holdings: [{ productId: "cc-classic", openedOn: "2025-01-01" }],
        };
      }, PERSONA);
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").length === 5);
      advice = await lastAdvice();
      assert.ok(advice.suppressed.some((s) => s.code === "SUPPRESSED_EXIT_TIER"), JSON.stringify(advice.suppressed));
      assert.equal(advice.crossSell.length, 0);
      assert.ok(!advice.recommendations.some((s) => s.productId === "cc-classic"), "owned products are not suggested");
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });

  test("a new catalogue re-evaluates the advice on screen", async () => {
    const { context, page, log } = await openPage(browser, `${srv.url}/index.html?now=${NOW}`);
    try {
      await completeFlow(page);
      const adviceEvents = () => page.evaluate(() => window.__events.filter((e) => e.type === "suitable-advice").map((e) => e.detail.advice));
      assert.equal((await adviceEvents()).length, 1);
      // The bank publishes a catalogue where the 12-month deposit is no longer offered.
      await page.evaluate(() => document.querySelector("suitable-advisor").setAttribute("catalogue-src", "/fixtures/no-td-12m-catalogue.json"));
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").length === 2);
      const [before, after] = await adviceEvents();
      assert.ok(before.recommendations.some((s) => s.productId === "td-12m"));
      assert.ok(!after.recommendations.some((s) => s.productId === "td-12m"));
      assert.notEqual(after.audit.catalogueSha256, before.audit.catalogueSha256);
      assert.equal(await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector(".root").dataset.phase), "advice");
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });

  test("a malformed catalogue given as a property: an error event, no retry button", async () => {
    const { context, page } = await openPage(browser, `${srv.url}/fixtures/blank.html`);
    try {
      await page.waitForFunction(() => customElements.get("suitable-advisor"));
      const r = await page.evaluate(async () => {
        const el = document.createElement("suitable-advisor");
        el.catalogue = '{"schemaVersion": 1, "catalogueVersion": "x"}';
        document.querySelector("main").append(el);
        const error = await el.ready.then(() => null, (e) => ({ code: e.code, path: e.path }));
        return { error, retry: !!el.shadowRoot.querySelector("[data-action=retry]"), phase: el.shadowRoot.querySelector(".root").dataset.phase };
      });
      assert.deepEqual(r, { error: { code: "CATALOGUE_PARSE", path: "" }, retry: false, phase: "error" });
      assertNoViolations(assert, await axe(page), "malformed property");
    } finally {
      await context.close();
    }
  });
});
