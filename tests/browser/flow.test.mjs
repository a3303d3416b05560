// The whole flow, keyboard only, on the demo pages under the bank CSP: the internet-banking
// page at 1280x800 and the mobile webview page at 360x740, in en, ru and zh (some in dark mode).
// Every step: axe-core (WCAG 2.0/2.1 A+AA) with zero violations, no horizontal scrolling, a
// visible focus. At the end: no CSP violation, no console error, only the page's own requests.
// What the widget shows is compared with the built package's own answer for the same input.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ROOT, NOW, PERSONA, CATALOGUE_TEXT, PAGE_FILES, WIDGET_FILES, openPage, axe, waitPhase, focused, tabTo, horizontalOverflow, shot, assertNoViolations, useBrowser,
} from "./helpers.mjs";

// The engine as a consumer gets it: pkg/suitable.js, initialised from the bytes.
const pkg = await import(join(ROOT, "pkg", "suitable.js"));
pkg.initSync({ module: readFileSync(join(ROOT, "pkg", "suitable_bg.wasm")) });
const engine = new pkg.Advisor(CATALOGUE_TEXT);
const catalogue = JSON.parse(CATALOGUE_TEXT);
const questionnaire = catalogue.questionnaires[0];

// The demo page's host facts (www/demo.js): persona 01's customer, two pre-answered items.
const HOST = {
  customer: PERSONA.customer,
  holdings: [{ productId: "ca-everyday", openedOn: "2024-09-01" }],
  context: { intent: "savings", intendedAmount: 300000 },
  answers: { cap_age: "under40", cap_dependants: "none" },
};
// Persona 01's answers, but 10+ years of investing at 24: the young-long-experience prompt.
const ANSWERS = { ...PERSONA.assessment.answers, exp_years: "10plus" };
for (const id of Object.keys(HOST.answers)) delete ANSWERS[id];

function expected(confirmed, answers, locale, personalisation = true, history = []) {
  const profile = engine.assess({
    now: NOW, customer: HOST.customer, questionnaireId: questionnaire.id,
    answers: { ...HOST.answers, ...answers }, confirmed,
  }, locale);
  const advice = engine.recommend({
    now: NOW, locale, customer: HOST.customer, holdings: HOST.holdings, history,
    context: { ...HOST.context, personalisation }, profile,
  });
  return { profile, advice };
}

const RUNS = [
  { lang: "en", page: "index.html", viewport: { width: 1280, height: 800 }, colorScheme: "light", prompt: "change" },
  { lang: "en", page: "mobile.html", viewport: { width: 360, height: 740 }, colorScheme: "dark", prompt: "confirm" },
  { lang: "ru", page: "index.html", viewport: { width: 1280, height: 800 }, colorScheme: "dark", prompt: "confirm" },
  { lang: "ru", page: "mobile.html", viewport: { width: 360, height: 740 }, colorScheme: "light", prompt: "change" },
  { lang: "zh", page: "index.html", viewport: { width: 1280, height: 800 }, colorScheme: "light", prompt: "confirm" },
  { lang: "zh", page: "mobile.html", viewport: { width: 360, height: 740 }, colorScheme: "dark", prompt: "confirm" },
];

/** The item on screen and its options' state. */
function questionState(page) {
  return page.evaluate(() => {
    const root = document.querySelector("suitable-advisor").shadowRoot;
    const form = root.querySelector("form[data-item]");
    const inputs = [...form.querySelectorAll("input")];
    return {
      item: form.dataset.item,
      multi: inputs[0].type === "checkbox",
      options: inputs.map((i) => i.value),
      checked: inputs.map((i) => i.checked),
      progress: root.querySelector("[part~=progress]").textContent,
      legendLang: root.querySelector("legend").lang,
    };
  });
}

/** Chooses `want` (an option id, or a list for a multi-select item) with the keyboard only. */
async function answerWithKeys(page, want) {
  const q = await questionState(page);
  const f = await focused(page);
  assert.equal(f.tag, "input", `focus on an option of ${q.item}, got ${JSON.stringify(f)}`);
  if (!q.multi) {
    const target = q.options.indexOf(want);
    assert.ok(target >= 0, `${want} is an option of ${q.item}`);
    const current = q.checked.indexOf(true);
    if (current < 0 && target === 0) await page.keyboard.press("Space");
    const from = current < 0 ? 0 : current;
    for (let i = from; i < target; i++) await page.keyboard.press("ArrowDown");
    for (let i = from; i > target; i--) await page.keyboard.press("ArrowUp");
  } else {
    const start = q.options.indexOf(f.option);
    for (let j = start; j < q.options.length; j++) {
      if (want.includes(q.options[j]) !== q.checked[j]) await page.keyboard.press("Space");
      if (j < q.options.length - 1) await page.keyboard.press("Tab");
    }
  }
  const after = await questionState(page);
  const chosen = after.options.filter((_, k) => after.checked[k]);
  assert.deepEqual(chosen, q.multi ? want : [want], `answer to ${q.item}`);
}

async function submitStep(page) {
  const f = await tabTo(page, (x) => x.action === "next", { what: "Next" });
  assert.ok(f.visibleFocus, `visible focus on Next: ${f.outline}`);
  await page.keyboard.press("Enter");
}

async function checkStep(page, log, where) {
  assertNoViolations(assert, await axe(page), where);
  assert.equal(await horizontalOverflow(page), 0, `no horizontal scrolling at ${where}`);
}

/** The cards on screen: product ids per section, and what each card says. */
function cards(page) {
  return page.evaluate(() => {
    const root = document.querySelector("suitable-advisor").shadowRoot;
    return [...root.querySelectorAll("article.card")].map((c) => ({
      productId: c.dataset.product,
      section: c.dataset.section,
      lang: c.querySelector("[part~=card-name]").lang,
      name: c.querySelector("[part~=card-name]").textContent,
      type: c.querySelector("[part~=type-label]").textContent,
      badge: c.querySelector("[part~=risk-badge]").textContent,
      risk: c.querySelector("[part~=risk]").textContent,
      why: [...c.querySelectorAll("[part~=why] li")].map((li) => li.textContent),
      watch: [...c.querySelectorAll("[part~=watch] li")].map((li) => li.textContent),
      facts: c.querySelector("[part~=facts]").textContent,
      disclosure: c.querySelector("[part~=disclosure]").textContent,
    }));
  });
}

function statusText(page) {
  return page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector("[role=status]").textContent);
}

function events(page, type) {
  return page.evaluate((t) => window.__events.filter((e) => e.type === t), type);
}

describe("the whole flow with the keyboard only", () => {
  let browser, srv;
  useBrowser((b, s) => {
    [browser, srv] = [b, s];
  });

  for (const run of RUNS) {
    const name = `${run.lang}-${run.viewport.width}x${run.viewport.height}-${run.colorScheme}`;
    test(`${name} (${run.page}, prompt: ${run.prompt})`, async () => {
      const { context, page, log } = await openPage(browser, `${srv.url}/${run.page}?lang=${run.lang}&now=${NOW}`, run);
      try {
        // 1. The privacy note.
        await waitPhase(page, "intro");
        await checkStep(page, log, "intro");
        await shot(page, `${name}-1-intro`);
        const intro = await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector(".root").textContent);
        const itemCount = questionnaire.items.length - Object.keys(HOST.answers).length;
        const t = { en: `${itemCount} questions`, ru: `${itemCount} вопросов`, zh: `${itemCount} 个问题` }[run.lang];
        assert.ok(intro.includes(t), `intro says "${t}": ${intro}`);
        const start = await tabTo(page, (f) => f.action === "start", { what: "Start" });
        assert.ok(start.visibleFocus, `visible focus on Start: ${start.outline}`);
        await page.keyboard.press("Enter");
        await waitPhase(page, "question");

        // 2. The questionnaire, one question per step.
        const items = questionnaire.items.filter((it) => !(it.id in HOST.answers));
        for (let i = 0; i < items.length; i++) {
          const q = await questionState(page);
          assert.equal(q.item, items[i].id);
          const progress = { en: `Question ${i + 1} of ${items.length}`, ru: `Вопрос ${i + 1} из ${items.length}`, zh: `第 ${i + 1} 题，共 ${items.length} 题` }[run.lang];
          assert.equal(q.progress, progress);
          assert.equal(q.legendLang, run.lang);
          await checkStep(page, log, `question ${q.item}`);
          if (i === 0) {
            await shot(page, `${name}-2-question-1`, false);
            // Next without an answer: an error the keyboard user hears, the focus back on the options.
            await submitStep(page);
            await page.waitForFunction(() => document.querySelector("suitable-advisor").shadowRoot.querySelector("[part~=error-text]"));
            await checkStep(page, log, "question 1 without an answer");
            assert.equal((await focused(page)).tag, "input");
          }
          if (q.multi && i < 10) await shot(page, `${name}-3-question-multi`, false);
          await answerWithKeys(page, ANSWERS[q.item]);
          if (i === 1 && run.lang === "en") {
            // Back keeps the earlier answer; forward again.
            const back = await tabTo(page, (f) => f.action === "back", { what: "Back" });
            assert.ok(back.visibleFocus);
            await page.keyboard.press("Enter");
            assert.equal((await questionState(page)).item, items[0].id);
            assert.equal((await focused(page)).option, ANSWERS[items[0].id]);
            await submitStep(page);
            assert.equal((await questionState(page)).item, items[1].id);
            assert.equal((await focused(page)).option, ANSWERS[items[1].id]);
          }
          await submitStep(page);
        }

        // 3. The consistency prompt: change the answer, or confirm it.
        await waitPhase(page, "prompts");
        await checkStep(page, log, "prompts");
        await shot(page, `${name}-4-prompts`);
        let confirmed = [];
        let answers = { ...ANSWERS };
        if (run.prompt === "change") {
          const f = await tabTo(page, (x) => x.action === "change", { what: "Change" });
          assert.ok(f.visibleFocus);
          await page.keyboard.press("Enter");
          await waitPhase(page, "question");
          assert.equal((await questionState(page)).item, "exp_years");
          await answerWithKeys(page, "lt2");
          answers.exp_years = "lt2";
          await submitStep(page);
        } else {
          const f = await tabTo(page, (x) => x.action === "confirm-prompt", { what: "Confirm" });
          assert.ok(f.visibleFocus);
          await page.keyboard.press("Enter");
          confirmed = ["young-long-experience"];
        }

        // 4. The risk profile, explained, and its confirmation.
        await waitPhase(page, "profile");
        await checkStep(page, log, "profile");
        await shot(page, `${name}-5-profile`);
        const want = expected(confirmed, answers, run.lang);
        const shown = await page.evaluate(() => {
          const root = document.querySelector("suitable-advisor").shadowRoot;
          return {
            cls: root.querySelector("[part~=class-badge]").textContent,
            explanation: [...root.querySelectorAll("[part~=explanation] li")].map((li) => li.textContent),
          };
        });
        assert.equal(shown.cls, want.profile.class);
        assert.deepEqual(shown.explanation, want.profile.explanation.map((r) => r.text));
        await tabTo(page, (x) => x.action === "confirm-profile", { what: "confirm profile" });
        await page.keyboard.press("Enter");

        // 5. The suggestions.
        await waitPhase(page, "advice");
        await checkStep(page, log, "advice");
        await shot(page, `${name}-6-advice`);
        assert.equal((await events(page, "suitable-profile")).at(-1).detail.profile.class, want.profile.class);
        const shownCards = await cards(page);
        assert.deepEqual(
          shownCards.map((c) => `${c.section}:${c.productId}`),
          [...want.advice.recommendations.map((s) => `recommendations:${s.productId}`), ...want.advice.crossSell.map((s) => `crossSell:${s.productId}`)],
        );
        const all = [...want.advice.recommendations, ...want.advice.crossSell];
        for (const [k, c] of shownCards.entries()) {
          const s = all[k];
          assert.equal(c.name, s.name);
          assert.equal(c.type, s.typeLabel);
          assert.equal(c.badge, s.riskLevel, "the risk level as a badge");
          assert.ok(c.risk.includes(s.riskLabel), "and as text");
          assert.deepEqual(c.why, s.why.map((r) => r.text));
          assert.deepEqual(c.watch, s.watch.map((r) => r.text));
          assert.ok(c.disclosure.includes(s.disclosure));
        }
        const n = want.advice.recommendations.length;
        const count = { en: `${n} suggestions for you`, ru: `${n} предложений для вас`, zh: `为您推荐 ${n} 个产品` }[run.lang];
        assert.ok((await statusText(page)).startsWith(count), `status: ${await statusText(page)}`);
        // Money and rates through Intl, in the page's language.
        const withMin = shownCards.findIndex((c, k) => all[k].minAmount);
        if (withMin >= 0) {
          const minor = all[withMin].minAmount;
          const money = new Intl.NumberFormat(run.lang, { style: "currency", currency: catalogue.currency.code }).format(minor / 100);
          assert.ok(shownCards[withMin].facts.includes(money), `${money} in ${shownCards[withMin].facts}`);
        }
        assert.equal((await events(page, "suitable-advice")).length, 1);

        // "I'm interested" on the first card: an event for the host, the host page says so.
        const first = shownCards[0].productId;
        const sel = await tabTo(page, (x) => x.action === "select" && x.product === first, { what: "I'm interested" });
        assert.ok(sel.visibleFocus);
        await page.keyboard.press("Enter");
        const selected = await events(page, "suitable-select");
        assert.equal(selected.at(-1).detail.productId, first);
        assert.equal(selected.at(-1).detail.audit.inputSha256, want.advice.audit.inputSha256);
        assert.ok((await page.textContent("#host-message")).length > 0, "the host page heard the choice");

        // "Not interested": gone from the list, kept through the host's storage adapter, fed back as history.
        await tabTo(page, (x) => x.action === "dismiss" && x.product === first, { what: "Not interested" });
        await page.keyboard.press("Enter");
        await page.waitForFunction((p) => !document.querySelector("suitable-advisor").shadowRoot.querySelector(`article[data-product="${p}"]`), first);
        assert.equal((await focused(page)).focus, `dismissed:${first}`);
        const stored = JSON.parse(await page.evaluate(() => sessionStorage.getItem("suitable-advisor.history")));
        assert.deepEqual(stored, [{ productId: first, action: "dismissed", on: NOW }]);
        assert.equal((await events(page, "suitable-dismiss")).at(-1).detail.productId, first);
        const afterDismiss = expected(confirmed, answers, run.lang, true, stored);
        assert.equal((await events(page, "suitable-advice")).at(-1).detail.advice.audit.inputSha256, afterDismiss.advice.audit.inputSha256);
        await checkStep(page, log, "advice after not interested");

        // The personalisation switch: off gives the non-personalised list.
        const sw = await tabTo(page, (x) => x.role === "switch", { shift: true, what: "the personalisation switch" });
        assert.equal(sw.checked, true);
        assert.ok(sw.visibleFocus);
        await page.keyboard.press("Space");
        await page.waitForFunction(() => window.__events.filter((e) => e.type === "suitable-advice").at(-1).detail.advice.personalised === false);
        const off = expected(confirmed, answers, run.lang, false, stored);
        const offCards = await cards(page);
        assert.deepEqual(offCards.map((c) => c.productId), off.advice.recommendations.map((s) => s.productId).filter((id) => id !== first));
        assert.ok(offCards.every((c) => c.section === "recommendations"), "no cross-sell when not personalised");
        assert.equal((await focused(page)).role, "switch", "the focus stays on the switch");
        await checkStep(page, log, "advice, not personalised");
        await shot(page, `${name}-7-not-personalised`);

        // "Why not" for the excluded products, on request.
        const why = await tabTo(page, (x) => x.action === "why-not", { what: "why not" });
        assert.ok(why.visibleFocus);
        await page.keyboard.press("Enter");
        const excluded = await page.evaluate(() => {
          const root = document.querySelector("suitable-advisor").shadowRoot;
          return { open: !root.querySelector("#why-not").hidden, items: [...root.querySelectorAll("#why-not > ul > li")].map((li) => li.dataset.product) };
        });
        assert.ok(excluded.open);
        assert.deepEqual(excluded.items, off.advice.excluded.map((x) => x.productId));
        await checkStep(page, log, "why not");
        await shot(page, `${name}-8-why-not`);

        // Under the bank CSP: nothing blocked, nothing logged as an error, nothing fetched but our files.
        assert.deepEqual(await page.evaluate(() => window.__csp), [], "securitypolicyviolation events");
        assert.deepEqual(log.console, [], "console errors");
        assert.deepEqual(log.errors, [], "page errors");
        const allowed = new Set([...PAGE_FILES[run.page], ...WIDGET_FILES, "/catalogue.json"]);
        for (const r of log.requests) {
          const u = new URL(r.url);
          assert.equal(u.origin, srv.url, `request to another origin: ${r.url}`);
          assert.ok(allowed.has(u.pathname), `unexpected request: ${r.method} ${r.url}`);
          assert.equal(r.method, "GET", `${r.method} ${r.url}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
