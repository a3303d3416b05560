// Checks that need no browser: the widget's plural forms and money formatting, and the rules
// the CSP and "texts as text" rely on, read from the sources of www/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.mjs";
import { formatters, translator, uiLocale } from "../../www/suitable-advisor-i18n.js";

const WWW = join(ROOT, "www");

test("plural forms: Russian one/few/many/other, English one/other, Chinese other", () => {
  const ru = translator("ru");
  assert.deepEqual([1, 2, 5, 11, 21, 22, 25, 111, 1.5].map((n) => ru("questionCount", { n })), [
    "1 вопрос", "2 вопроса", "5 вопросов", "11 вопросов", "21 вопрос", "22 вопроса", "25 вопросов", "111 вопросов", "1,5 вопроса",
  ]);
  assert.deepEqual([1, 3, 6].map((n) => ru("suggestions", { n })), ["1 предложение для вас", "3 предложения для вас", "6 предложений для вас"]);
  assert.deepEqual([1, 4, 5].map((n) => ru("minutes", { n })), ["около 1 минуты", "около 4 минут", "около 5 минут"]);
  const en = translator("en-GB");
  assert.deepEqual([0, 1, 2, 1000].map((n) => en("suggestions", { n })), [
    "0 suggestions for you", "1 suggestion for you", "2 suggestions for you", "1,000 suggestions for you",
  ]);
  assert.deepEqual([1, 2].map((n) => translator("zh-CN")("questionCount", { n })), ["1 个问题", "2 个问题"]);
  assert.equal(uiLocale("de"), "en");
  assert.equal(translator("de")("start"), "Start");
});

test("every widget text exists in en, ru and zh with the plural forms each language needs", async () => {
  const src = readFileSync(join(WWW, "suitable-advisor-i18n.js"), "utf8");
  const keys = [...src.matchAll(/^ {4}(\w+):/gm)].map((m) => m[1]);
  const perLocale = { en: [], ru: [], zh: [] };
  let current = null;
  for (const line of src.split("\n")) {
    const m = line.match(/^ {2}(en|ru|zh): \{$/);
    if (m) current = m[1];
    const k = line.match(/^ {4}(\w+):/);
    if (current && k) perLocale[current].push(k[1]);
  }
  assert.ok(keys.length > 50);
  assert.deepEqual(perLocale.ru, perLocale.en);
  assert.deepEqual(perLocale.zh, perLocale.en);
  for (const locale of ["en", "ru", "zh"]) {
    const t = translator(locale);
    for (const key of perLocale.en) assert.ok(!t(key, { n: 2, i: 1, name: "X", q: "Q", date: "D", ref: "R" }).includes("{"), `${locale}.${key}`);
  }
});

test("money is exact integer minor units through Intl.NumberFormat", () => {
  const eur = { code: "EUR", minorUnit: 2 };
  assert.equal(formatters("en", eur).money(150000), "€1,500.00");
  assert.equal(formatters("en", eur).money(-5), "-€0.05");
  assert.equal(formatters("ru", eur).money(123456789).replace(/\s/g, " "), "1 234 567,89 €");
  assert.equal(formatters("zh", eur).money(2500), "€25.00");
  assert.equal(formatters("en", eur).money(9007199254740991), "€90,071,992,547,409.91"); // no float rounding
  assert.equal(formatters("en", { code: "JPY", minorUnit: 0 }).money(1500), "¥1,500");
  assert.equal(formatters("en", { code: "KWD", minorUnit: 3 }).money(1234).replace(/\s/g, " "), "KWD 1.234");
  assert.equal(formatters("en", eur).percent(2.4), "2.4%");
  assert.equal(formatters("ru", eur).months(5), "5 месяцев");
  assert.equal(formatters("en", eur).date("2027-11-25"), "November 25, 2027");
  assert.equal(formatters("zh", eur).date("2027-11-25"), "2027年11月25日");
});

test("www/: no HTML from strings, no eval, no inline script or style (the CSP would block them)", () => {
  for (const f of readdirSync(WWW)) {
    const text = readFileSync(join(WWW, f), "utf8");
    if (f.endsWith(".js")) {
      for (const bad of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/, /setAttribute\(\s*["']style/, /\.setHTMLUnsafe/]) {
        assert.doesNotMatch(text, bad, `${f}: ${bad}`);
      }
    }
    if (f.endsWith(".html")) {
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${f}: inline <script>`);
      assert.doesNotMatch(text, /<style\b/i, `${f}: <style>`);
      assert.doesNotMatch(text, /\sstyle=/i, `${f}: style attribute`);
      assert.doesNotMatch(text, /\son[a-z]+=/i, `${f}: inline event handler`);
    }
  }
});
