// <suitable-advisor>: the Suitable product-advice widget. One custom element, no framework.
//
//   <script type="module" src="/suitable-advisor.js"></script>
//   <suitable-advisor catalogue-src="/catalogue.json"></suitable-advisor>
//
// The element loads the engine (pkg/suitable.js + suitable_bg.wasm, next to this file's parent
// by default) and the catalogue, then walks the customer through a privacy note, the
// questionnaire, consistency prompts, the risk profile and the suggestions. Everything is
// computed in the page: the only requests are the catalogue and the engine files, and results
// leave the element only as DOM events for the host page. Start-up is asynchronous: wait for
// the `suitable-ready` event (or `await el.ready`) before reading `el.catalogueInfo`.
// Attributes, properties, events, parts and the CSP it needs: www/README.md.
import { CSS as STYLES } from "./suitable-advisor-styles.js";
import { formatters, translator, uiLocale } from "./suitable-advisor-i18n.js";

const TAG = "suitable-advisor";
const DEFAULT_ENGINE = new URL("../pkg/suitable.js", import.meta.url).href;
const DEFAULT_TIMEOUT_MS = 20000;
const STORAGE_KEY = "suitable-advisor.history";

// One engine per URL and page: the wasm module is compiled once, whatever the element count.
const engines = new Map();
function loadEngine(url) {
  let p = engines.get(url);
  if (!p) {
    p = import(url).then(async (mod) => {
      await mod.default();
      return mod;
    });
    p.catch(() => engines.delete(url)); // a failed load can be retried
    engines.set(url, p);
  }
  return p;
}

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

/** The default storage adapter: the Web Storage shape, kept in memory for this page only. */
function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

/** Builds an element. Text is always set as text (textContent / text nodes), never as HTML. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v == null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function isEngineError(e) {
  return e != null && typeof e === "object" && typeof e.code === "string" && e.name === "SuitableError";
}

function safeHref(href) {
  return typeof href === "string" && /^(tel:|mailto:|https:|\/(?!\/))/i.test(href.trim()) ? href.trim() : null;
}

class SuitableAdvisor extends HTMLElement {
  static observedAttributes = [
    "catalogue-src", "locale", "now", "personalisation", "questionnaire", "contact", "contact-href",
    "engine-src", "heading-level",
  ];

  #root; #title; #status; #body;
  #started = false;
  #loadSeq = 0;
  #engine = null; // the wasm package module
  #advisor = null; // a compiled catalogue
  #doc = null; // the catalogue, parsed by JSON.parse for the questionnaire and labels
  #info = null;
  #catalogue = null; // the `catalogue` property
  #profile = {}; // the `profile` property: host facts
  #storage = memoryStorage();
  #langObserver = null;
  #lastLocale = null;
  #ready;
  #firstQuestionMarked = false;
  #questionnaireId = null; // the questionnaire of the loaded catalogue that the answers belong to
  #s = SuitableAdvisor.#initialState();

  static #initialState() {
    return {
      phase: "idle", // idle | loading | error | intro | question | prompts | profile | advice
      error: null,
      index: 0,
      answers: {},
      confirmed: [],
      returnTo: null,
      missing: false,
      profile: null,
      advice: null,
      personalisation: true,
      showWhyNot: false,
      hidden: [], // product ids the customer dismissed in this session (shown with "show again")
      message: "",
    };
  }

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [styleSheet()];
    this.#title = h("h2", { class: "title", part: "title" });
    this.#status = h("p", { class: "status", part: "status", role: "status" });
    this.#body = h("div", { class: "body", part: "body" });
    this.#root = h("div", { class: "root", part: "container" }, this.#title, this.#status, this.#body);
    shadow.append(this.#root);
    this.#newReady();
  }

  // ---- lifecycle -------------------------------------------------------------------------

  connectedCallback() {
    // A property set before the element was defined is an own property hiding the accessor:
    // take it through the setter instead.
    for (const prop of ["catalogue", "profile", "storage"]) {
      if (Object.prototype.hasOwnProperty.call(this, prop)) {
        const value = this[prop];
        delete this[prop];
        this[prop] = value;
      }
    }
    if (!this.#langObserver) {
      this.#langObserver = new MutationObserver(() => this.#localeMaybeChanged());
      this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"], subtree: true });
    }
    if (!this.#started) {
      this.#started = true;
      this.#s.personalisation = this.getAttribute("personalisation") !== "off";
      this.#load(false);
    }
  }

  disconnectedCallback() {
    this.#langObserver?.disconnect();
    this.#langObserver = null;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#started) return;
    switch (name) {
      case "catalogue-src":
      case "engine-src":
      case "questionnaire":
        this.#load(false);
        break;
      case "locale":
        this.#localeMaybeChanged();
        break;
      case "personalisation":
        this.#s.personalisation = value !== "off";
        this.#reevaluate();
        break;
      case "now":
        this.#reevaluate();
        break;
      default:
        this.#render();
    }
  }

  // ---- public API ------------------------------------------------------------------------

  /** The catalogue, as JSON text or an object; set it instead of `catalogue-src`. */
  get catalogue() {
    return this.#catalogue;
  }
  set catalogue(value) {
    this.#catalogue = value ?? null;
    if (this.#started) this.#load(false);
  }

  /**
   * What the bank already knows: `{ customer, holdings, history, context, answers, previous }`
   * (the engine's `Customer`, `Holding[]`, `Interaction[]`, `Context`, pre-answered questionnaire
   * items that are then not asked, and `PreviousAssessment[]`). Re-evaluates when set.
   */
  get profile() {
    return this.#profile;
  }
  set profile(value) {
    this.#profile = value && typeof value === "object" ? value : {};
    if (this.#started) this.#reevaluate();
  }

  /** Where "not interested" is kept: `{ getItem(key), setItem(key, value) }`, sync or async. */
  get storage() {
    return this.#storage;
  }
  set storage(value) {
    this.#storage = value && typeof value.getItem === "function" && typeof value.setItem === "function" ? value : memoryStorage();
  }

  /** Resolves when the catalogue is loaded (with `catalogueInfo`), rejects with the error. */
  get ready() {
    return this.#ready.promise;
  }
  get catalogueInfo() {
    return this.#info;
  }
  /** The last risk profile and advice (the engine's RiskProfile / Advice), or null. */
  get riskProfile() {
    return this.#s.profile;
  }
  get advice() {
    return this.#s.advice;
  }
  /** The locale in use (`locale` attribute, else the page's `lang`), as offered by the catalogue. */
  get locale() {
    return this.#locale();
  }

  /** Back to the privacy note, forgetting the answers. */
  restart() {
    const { personalisation } = this.#s;
    this.#s = { ...SuitableAdvisor.#initialState(), personalisation, phase: this.#advisor ? "intro" : this.#s.phase };
    this.#render("step");
  }

  /** Loads the catalogue and the engine again (after a failure). */
  retry() {
    this.#load(true);
  }

  // ---- loading ---------------------------------------------------------------------------

  #newReady() {
    let resolve, reject;
    const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
    promise.catch(() => {}); // a failure is shown and sent as an event; not an unhandled rejection
    this.#ready = { promise, resolve, reject, settled: false };
  }

  async #load(focus) {
    const seq = ++this.#loadSeq;
    if (this.#ready.settled) this.#newReady();
    const resumable = this.#advisor && ["prompts", "profile", "advice"].includes(this.#s.phase) ? this.#s.phase : null;
    const previousQuestionnaire = this.#questionnaireId;
    this.#advisor?.free();
    this.#advisor = null;
    this.#s.phase = "loading";
    this.#s.error = null;
    this.#render();

    if (typeof WebAssembly !== "object" || WebAssembly === null || typeof WebAssembly.instantiate !== "function") {
      return this.#fail(seq, { kind: "wasm", code: "WASM_UNAVAILABLE", path: "", message: "WebAssembly is not available in this browser" }, focus);
    }
    const engineUrl = this.getAttribute("engine-src") ? new URL(this.getAttribute("engine-src"), document.baseURI).href : DEFAULT_ENGINE;
    const enginePromise = loadEngine(engineUrl);
    enginePromise.catch(() => {});

    let text;
    try {
      text = await this.#catalogueText();
    } catch (e) {
      return this.#fail(seq, e, focus);
    }
    if (seq !== this.#loadSeq) return;
    if (text == null) {
      // No catalogue yet: wait for `catalogue-src` or the `catalogue` property.
      this.#s.phase = "idle";
      return this.#render();
    }
    try {
      this.#engine = await enginePromise;
    } catch (e) {
      const wasm = e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError;
      return this.#fail(seq, {
        kind: wasm ? "wasm" : "engine",
        code: wasm ? "WASM_BLOCKED" : "ENGINE_LOAD",
        path: "",
        message: String(e?.message ?? e),
      }, focus);
    }
    if (seq !== this.#loadSeq) return;

    let advisor, doc;
    try {
      // `load` has the browser's native SHA-256 hash the text, not the wasm; an older engine
      // (`engine-src`) has only the constructor.
      const { Advisor } = this.#engine;
      advisor = typeof Advisor.load === "function" ? await Advisor.load(text) : new Advisor(text);
      doc = JSON.parse(text);
    } catch (e) {
      advisor?.free();
      return this.#fail(seq, {
        kind: "invalid",
        code: isEngineError(e) ? e.code : "CATALOGUE_PARSE",
        path: isEngineError(e) ? e.path : "",
        message: String(e?.message ?? e),
      }, focus);
    }
    if (seq !== this.#loadSeq) {
      advisor.free();
      return;
    }
    const questionnaire = this.#pickQuestionnaire(doc);
    if (!questionnaire) {
      advisor.free();
      return this.#fail(seq, {
        kind: "invalid", code: "QUESTIONNAIRE_NOT_FOUND", path: "/questionnaires",
        message: `no questionnaire '${this.getAttribute("questionnaire") ?? ""}' in the catalogue`,
      }, focus);
    }
    this.#advisor = advisor;
    this.#doc = doc;
    this.#questionnaireId = questionnaire.id;
    this.#info = advisor.catalogueInfo();
    this.#lastLocale = this.#locale();
    // The same questionnaire: the answers still hold, so what was on screen is computed again.
    const resume = questionnaire.id === previousQuestionnaire ? resumable : null;
    // Show the first step (or compute again what was on screen), then say so.
    if (!resume || !(await this.#reassess(resume))) {
      const { personalisation } = this.#s;
      this.#s = { ...SuitableAdvisor.#initialState(), personalisation, phase: "intro" };
      this.#render(focus ? "step" : null);
    }
    if (seq !== this.#loadSeq) return;
    performance.mark("suitable:ready");
    const detail = {
      catalogueVersion: this.#info.catalogueVersion,
      catalogueSha256: this.#info.sha256,
      engineVersion: this.#info.engineVersion,
      locale: this.#locale(),
      questionnaire: { id: questionnaire.id, version: questionnaire.version, items: this.#items().length },
    };
    this.#ready.settled = true;
    this.#ready.resolve(this.#info);
    this.#emit("suitable-ready", detail);
  }

  /** The catalogue text: the property, else a fetch of `catalogue-src` (with a timeout). */
  async #catalogueText() {
    if (this.#catalogue != null) {
      return typeof this.#catalogue === "string" ? this.#catalogue : JSON.stringify(this.#catalogue);
    }
    const src = this.getAttribute("catalogue-src");
    if (!src) return null;
    const timeout = Number(this.getAttribute("timeout")) > 0 ? Number(this.getAttribute("timeout")) : DEFAULT_TIMEOUT_MS;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeout);
    try {
      const res = await fetch(new URL(src, document.baseURI), { signal: ctrl.signal, credentials: "same-origin" });
      if (!res.ok) throw { kind: "fetch", code: "CATALOGUE_FETCH", path: "", message: `HTTP ${res.status} for ${src}` };
      return await res.text();
    } catch (e) {
      if (ctrl.signal.aborted) {
        throw { kind: "timeout", code: "CATALOGUE_TIMEOUT", path: "", message: `no catalogue after ${timeout} ms from ${src}` };
      }
      throw e?.kind ? e : { kind: "fetch", code: "CATALOGUE_FETCH", path: "", message: String(e?.message ?? e) };
    } finally {
      clearTimeout(timer);
    }
  }

  #fail(seq, error, focus) {
    if (seq !== this.#loadSeq) return;
    this.#s.phase = "error";
    this.#s.error = error;
    if (!this.#ready.settled) {
      this.#ready.settled = true;
      this.#ready.reject(Object.assign(new Error(error.message), error));
    }
    this.#render(focus ? "step" : null);
    this.#emit("suitable-error", { ...error });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // ---- catalogue look-ups ----------------------------------------------------------------

  #pickQuestionnaire(doc = this.#doc) {
    const list = Array.isArray(doc?.questionnaires) ? doc.questionnaires : [];
    const id = this.getAttribute("questionnaire");
    return id ? list.find((q) => q.id === id) : list[0];
  }

  /** The items the customer is asked: all but those the host already answered. */
  #items() {
    const pre = this.#profile.answers ?? {};
    return (this.#pickQuestionnaire()?.items ?? []).filter((it) => !(it.id in pre));
  }

  /** The catalogue's locale for the page: the attribute or the page's `lang`, else the default. */
  #locale() {
    const wanted = this.getAttribute("locale") || this.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang || "";
    const offered = this.#doc?.locales?.offered ?? ["en", "ru", "zh"];
    const base = wanted.toLowerCase().split(/[-_]/)[0];
    if (offered.includes(wanted)) return wanted;
    if (offered.includes(base)) return base;
    return this.#doc?.locales?.default ?? uiLocale(base);
  }

  /** A catalogue text (`{locale: string}`) in the page's locale or its fallback: {text, lang}. */
  #pick(text) {
    if (typeof text === "string") return { text, lang: this.#locale() };
    if (!text || typeof text !== "object") return { text: "", lang: this.#locale() };
    const order = [this.#locale(), ...(this.#doc?.locales?.fallback ?? []), this.#doc?.locales?.default, ...Object.keys(text)];
    for (const l of order) if (l && typeof text[l] === "string") return { text: text[l], lang: l };
    return { text: "", lang: this.#locale() };
  }

  /** The language a product text field really is in (an untranslated field falls back). */
  #fieldLang(productId, field, lang) {
    const p = this.#doc?.products?.find?.((x) => x.id === productId);
    const t = p?.texts?.[field];
    return t && typeof t === "object" && typeof t[lang] !== "string" ? this.#pick(t).lang : lang;
  }

  #now() {
    return this.getAttribute("now") || today();
  }

  // ---- engine calls ----------------------------------------------------------------------

  #assessInput() {
    const p = this.#profile;
    return {
      now: this.#now(),
      customer: p.customer ?? undefined,
      questionnaireId: this.#pickQuestionnaire().id,
      answers: { ...(p.answers ?? {}), ...this.#s.answers },
      confirmed: this.#s.confirmed,
      previous: p.previous ?? undefined,
    };
  }

  async #history() {
    try {
      const raw = await this.#storage.getItem(STORAGE_KEY);
      const list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter((x) => x && typeof x.productId === "string") : [];
    } catch {
      return [];
    }
  }

  async #saveHistory(list) {
    await this.#storage.setItem(STORAGE_KEY, JSON.stringify(list));
  }

  /** Runs an engine call; a SuitableError becomes the error view and a `suitable-error` event. */
  #call(fn) {
    try {
      return { ok: true, value: fn() };
    } catch (e) {
      const error = {
        kind: e?.code === "ASSESSMENT_LIMIT" ? "limit" : "input",
        code: isEngineError(e) ? e.code : "INTERNAL",
        path: isEngineError(e) ? e.path : "",
        message: String(e?.message ?? e),
      };
      this.#s.phase = "error";
      this.#s.error = error;
      this.#render("step");
      this.#emit("suitable-error", { ...error });
      return { ok: false };
    }
  }

  /**
   * Assesses the answers; shows the prompts or the profile. `resume` (the phase on screen before a
   * re-evaluation): stay on the advice when the answers need no new confirmation, and move no focus.
   */
  async #reassess(resume = null) {
    const phase = resume;
    const r = this.#call(() => this.#advisor.assess(this.#assessInput(), this.#locale()));
    if (!r.ok) return false;
    this.#s.profile = r.value;
    this.#s.returnTo = null;
    if (r.value.consistencyPrompts.length) {
      this.#s.phase = "prompts";
    } else if (resume && phase === "advice") {
      return this.#recommend(null);
    } else {
      this.#s.phase = "profile";
    }
    this.#render(resume ? null : "step");
    return true;
  }

  async #recommend(focus, message = "") {
    const p = this.#profile;
    const history = [...(Array.isArray(p.history) ? p.history : []), ...(await this.#history())];
    const input = {
      now: this.#now(),
      locale: this.#locale(),
      customer: p.customer ?? undefined,
      holdings: p.holdings ?? undefined,
      history,
      context: { ...(p.context ?? {}), personalisation: this.#s.personalisation },
      profile: this.#s.profile,
    };
    const r = this.#call(() => this.#advisor.recommend(input));
    if (!r.ok) return false;
    this.#s.advice = r.value;
    this.#s.phase = "advice";
    this.#s.message = message;
    this.#render(focus);
    performance.mark("suitable:advice");
    this.#emit("suitable-advice", { advice: r.value });
    return true;
  }

  /** The profile, catalogue, locale or date changed: compute again what is on screen. */
  #reevaluate() {
    if (!this.#advisor) return;
    if (["prompts", "profile", "advice"].includes(this.#s.phase)) this.#reassess(this.#s.phase);
    else this.#render();
  }

  #localeMaybeChanged() {
    const now = this.#locale();
    if (now === this.#lastLocale) return;
    this.#lastLocale = now;
    this.#reevaluate();
  }

  // ---- actions ---------------------------------------------------------------------------

  #start() {
    this.#s.phase = "question";
    this.#s.index = 0;
    this.#s.missing = false;
    this.#render("question");
    if (!this.#firstQuestionMarked) {
      this.#firstQuestionMarked = true;
      performance.mark("suitable:first-question");
    }
  }

  #next() {
    const items = this.#items();
    const item = items[this.#s.index];
    const a = this.#s.answers[item.id];
    if (a == null || (Array.isArray(a) && a.length === 0)) {
      this.#s.missing = true;
      this.#render("question");
      return;
    }
    this.#s.missing = false;
    if (this.#s.returnTo === "prompts" || this.#s.index >= items.length - 1) {
      this.#reassess();
    } else {
      this.#s.index += 1;
      this.#render("question");
    }
  }

  #back() {
    this.#s.missing = false;
    if (this.#s.index === 0) {
      this.#s.phase = "intro";
      this.#render("step");
    } else {
      this.#s.index -= 1;
      this.#render("question");
    }
  }

  async #dismiss(s) {
    const on = this.#now();
    const list = await this.#history();
    list.push({ productId: s.productId, action: "dismissed", on });
    await this.#saveHistory(list);
    if (!this.#s.hidden.includes(s.productId)) this.#s.hidden.push(s.productId);
    this.#emit("suitable-dismiss", { productId: s.productId, name: s.name, on });
    await this.#recommend(`dismissed:${s.productId}`);
  }

  async #undoDismiss(productId) {
    const on = this.#now();
    const list = await this.#history();
    const i = list.findLastIndex((x) => x.productId === productId && x.action === "dismissed" && x.on === on);
    if (i >= 0) list.splice(i, 1);
    await this.#saveHistory(list);
    this.#s.hidden = this.#s.hidden.filter((id) => id !== productId);
    await this.#recommend(`card:${productId}`);
  }

  #select(s, section) {
    const t = translator(this.#locale());
    this.#s.message = t("selected", { name: s.name });
    this.#status.textContent = this.#s.message;
    this.#emit("suitable-select", {
      productId: s.productId,
      name: s.name,
      section,
      riskLevel: s.riskLevel,
      profileClass: this.#s.profile?.class ?? null,
      audit: this.#s.advice?.audit ?? null,
    });
  }

  // ---- rendering -------------------------------------------------------------------------

  #hl(offset) {
    const base = Math.min(Math.max(Number(this.getAttribute("heading-level")) || 2, 1), 6);
    return `h${Math.min(base + offset, 6)}`;
  }

  /** Renders the current phase; `focus` names the element to focus afterwards (user actions). */
  #render(focus = null) {
    const locale = this.#locale();
    const t = translator(locale);
    const ui = uiLocale(locale);
    this.#root.setAttribute("lang", ui);
    this.#root.setAttribute("data-phase", this.#s.phase);
    const title = this.#hl(0);
    if (this.#title.localName !== title) {
      const el = h(title, { class: "title", part: "title" });
      this.#title.replaceWith(el);
      this.#title = el;
    }
    this.#title.textContent = t("title");
    const view = {
      idle: () => [],
      loading: () => [h("p", { class: "muted", text: t("loading") })],
      error: () => this.#viewError(t),
      intro: () => this.#viewIntro(t),
      question: () => this.#viewQuestion(t),
      prompts: () => this.#viewPrompts(t),
      profile: () => this.#viewProfile(t),
      advice: () => this.#viewAdvice(t),
    }[this.#s.phase]();
    this.#body.replaceChildren(...view);
    this.#status.textContent = this.#statusText(t);
    if (focus) {
      const el = this.#body.querySelector(`[data-focus="${CSS_escape(focus)}"]`) ?? this.#body.querySelector('[data-focus="step"]');
      el?.focus();
    }
  }

  #statusText(t) {
    const { phase, advice, message } = this.#s;
    if (phase === "loading") return t("loading");
    if (phase !== "advice" || !advice) return "";
    const n = this.#visible(advice.recommendations).length;
    const count = advice.personalised ? t("suggestions", { n }) : t("suggestionsOff", { n });
    const more = this.#visible(advice.crossSell).length;
    const parts = [count];
    if (more) parts.push(t("crossSellCount", { n: more }));
    if (message) parts.push(message);
    const zh = uiLocale(this.#locale()) === "zh";
    return parts.map((p) => (/[.。!?！？]$/.test(p) ? p : p + (zh ? "。" : "."))).join(zh ? "" : " ");
  }

  #visible(list) {
    return (list ?? []).filter((s) => !this.#s.hidden.includes(s.productId));
  }

  /** A catalogue text element: its text as text, with `lang` when it is not the widget's. */
  #text(tag, picked, props = {}) {
    return h(tag, { ...props, lang: picked.lang, text: picked.text });
  }

  #stepHeading(text) {
    return h(this.#hl(1), { tabindex: "-1", "data-focus": "step", part: "step-heading", text });
  }

  #viewError(t) {
    const e = this.#s.error;
    const titles = { wasm: "wasmTitle", fetch: "fetchTitle", timeout: "fetchTitle", invalid: "invalidTitle", engine: "engineTitle", input: "invalidTitle", limit: "invalidTitle" };
    const texts = { wasm: "wasmText", fetch: "fetchText", timeout: "timeoutText", invalid: "invalidText", engine: "engineText", input: "inputText", limit: "limitText" };
    const canRetry = ["fetch", "timeout", "engine", "invalid"].includes(e.kind) && (this.#catalogue == null || e.kind !== "invalid");
    const contact = this.getAttribute("contact");
    const href = safeHref(this.getAttribute("contact-href"));
    const showContact = ["wasm", "invalid", "input", "limit"].includes(e.kind);
    const ref = [e.code, e.path].filter(Boolean).join(" ");
    return [
      h("div", { class: "box", part: "error", role: "alert", "data-error": e.code },
        this.#stepHeading(t(titles[e.kind] ?? "engineTitle")),
        h("p", { text: t(texts[e.kind] ?? "engineText") }),
        showContact && h("p", {},
          t("contactIntro"), " ",
          contact && href ? h("a", { href, part: "contact", text: contact }) : h("strong", { part: "contact", text: contact || t("contactDefault") })),
        e.kind !== "wasm" && h("p", { class: "muted", text: t("reference", { ref }) }),
        h("div", { class: "actions" },
          canRetry && h("button", { type: "button", class: "primary", part: "button primary", "data-action": "retry", onclick: () => this.retry(), text: t("retry") }),
          ["input", "limit"].includes(e.kind) && this.#advisor &&
            h("button", { type: "button", part: "button", "data-action": "restart", onclick: () => this.restart(), text: t("startAgain") }))),
    ];
  }

  #viewIntro(t) {
    const q = this.#pickQuestionnaire();
    const n = this.#items().length;
    return [
      h("section", { part: "step", "aria-labelledby": "intro-h" },
        Object.assign(this.#stepHeading(t("privacyTitle")), { id: "intro-h" }),
        h("p", { part: "privacy", text: t("privacy") }),
        this.#text("p", this.#pick(q.title), { class: "strong" }),
        q.description && this.#text("p", this.#pick(q.description), { class: "muted" }),
        h("p", { text: `${t("questionCount", { n })}, ${t("minutes", { n: Math.max(1, Math.round(n / 4)) })}.` }),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "primary", part: "button primary", "data-action": "start", onclick: () => this.#start(), text: t("start") }))),
    ];
  }

  #viewQuestion(t) {
    const items = this.#items();
    const i = this.#s.index;
    const item = items[i];
    const multi = item.select === "multi";
    const answer = this.#s.answers[item.id];
    const last = i === items.length - 1 || this.#s.returnTo === "prompts";
    const hint = item.help && Object.keys(item.help).length ? this.#pick(item.help) : { text: t(multi ? "chooseAny" : "chooseOne"), lang: uiLocale(this.#locale()) };
    const describedBy = ["q-progress", "q-hint", this.#s.missing ? "q-error" : null].filter(Boolean).join(" ");
    const options = item.options.map((o, k) => {
      const checked = multi ? Array.isArray(answer) && answer.includes(o.id) : answer === o.id;
      const input = h("input", {
        type: multi ? "checkbox" : "radio",
        name: "answer",
        value: o.id,
        id: `opt-${k}`,
        checked,
        "data-option": o.id,
        onchange: (ev) => {
          if (multi) {
            const set = new Set(Array.isArray(this.#s.answers[item.id]) ? this.#s.answers[item.id] : []);
            ev.target.checked ? set.add(o.id) : set.delete(o.id);
            this.#s.answers[item.id] = item.options.map((x) => x.id).filter((id) => set.has(id));
          } else {
            this.#s.answers[item.id] = o.id;
          }
        },
      });
      return h("label", { class: "option", part: "option", for: `opt-${k}` }, input, this.#text("span", this.#pick(o.text)));
    });
    const firstFocus = options.find((l) => l.firstChild.checked)?.firstChild ?? options[0]?.firstChild;
    firstFocus?.setAttribute("data-focus", "question");
    const form = h("form", {
      part: "step",
      novalidate: true,
      "data-item": item.id,
      onsubmit: (ev) => {
        ev.preventDefault();
        this.#next();
      },
    },
      h("div", { class: "progress-row" },
        h("p", { id: "q-progress", part: "progress", text: t("questionOf", { i: i + 1, n: items.length }) }),
        h("progress", { max: items.length, value: i + 1, "aria-hidden": "true" })),
      h("fieldset", { "aria-describedby": describedBy },
        this.#text("legend", this.#pick(item.text), { part: "legend" }),
        this.#text("p", hint, { id: "q-hint", class: "hint" }),
        h("div", { class: "options" }, options)),
      this.#s.missing && h("p", { id: "q-error", class: "error", part: "error-text", role: "alert", text: t("noAnswer") }),
      h("div", { class: "actions" },
        h("button", { type: "button", part: "button", "data-action": "back", onclick: () => this.#back(), text: t("back") }),
        h("button", { type: "submit", class: "primary", part: "button primary", "data-action": "next", text: last ? t("finish") : t("next") })));
    return [form];
  }

  #viewPrompts(t) {
    const items = this.#items();
    const all = this.#pickQuestionnaire().items;
    const answers = { ...(this.#profile.answers ?? {}), ...this.#s.answers };
    const answerText = (item) => {
      const a = answers[item.id];
      const ids = Array.isArray(a) ? a : a != null ? [a] : [];
      const texts = ids.map((id) => item.options.find((o) => o.id === id)).filter(Boolean).map((o) => this.#pick(o.text));
      return texts.length ? texts : [{ text: t("notAnswered"), lang: uiLocale(this.#locale()) }];
    };
    return [
      h("section", { part: "step", "aria-labelledby": "prompts-h" },
        Object.assign(this.#stepHeading(t("promptsTitle")), { id: "prompts-h" }),
        h("p", { text: t("promptsIntro") }),
        this.#s.profile.consistencyPrompts.map((p, k) =>
          h("div", { class: "box", part: "prompt", "data-prompt": p.id },
            h("p", { lang: p.lang, text: p.text, id: `prompt-${k}` }),
            h("ul", {}, p.items.map((id) => all.find((x) => x.id === id)).filter(Boolean).map((item) => {
              const visible = items.findIndex((x) => x.id === item.id);
              return h("li", {},
                this.#text("span", this.#pick(item.text)), " ",
                h("span", { class: "muted", text: t("yourAnswer") }), " ",
                answerText(item).map((a, j) => [j ? ", " : "", this.#text("strong", a)]),
                visible >= 0 && h("div", {}, h("button", {
                  type: "button", class: "link", part: "button",
                  "aria-label": t("changeLabel", { q: this.#pick(item.text).text }),
                  "data-action": "change", "data-item": item.id,
                  onclick: () => {
                    this.#s.phase = "question";
                    this.#s.index = visible;
                    this.#s.returnTo = "prompts";
                    this.#render("question");
                  },
                  text: t("change"),
                })));
            })),
            h("button", {
              type: "button", class: "primary", part: "button primary", "aria-describedby": `prompt-${k}`,
              "data-action": "confirm-prompt", "data-prompt": p.id,
              onclick: () => {
                if (!this.#s.confirmed.includes(p.id)) this.#s.confirmed.push(p.id);
                this.#reassess();
              },
              text: t("confirmAnswers"),
            })))),
    ];
  }

  #viewProfile(t) {
    const p = this.#s.profile;
    const cls = this.#doc.riskScale?.classes?.find((c) => c.id === p.class);
    const f = formatters(this.#locale(), this.#info?.currency);
    return [
      h("section", { part: "step", "aria-labelledby": "profile-h" },
        Object.assign(this.#stepHeading(t("profileTitle")), { id: "profile-h" }),
        h("div", { class: "box", part: "profile" },
          h("p", { class: "profile-class" },
            h("span", { class: "badge class-badge", part: "class-badge", text: p.class }),
            cls && this.#text("span", this.#pick(cls.label))),
          cls?.description && this.#text("p", this.#pick(cls.description)),
          h("ul", { part: "explanation" }, p.explanation.map((r) => h("li", { lang: r.lang, "data-code": r.code, text: r.text }))),
          h("p", { class: "muted", text: t("validUntil", { date: f.date(p.validUntil) }) })),
        h("div", { class: "actions" },
          h("button", {
            type: "button", class: "primary", part: "button primary", "data-action": "confirm-profile",
            onclick: () => {
              this.#emit("suitable-profile", { profile: this.#s.profile, confirmed: true });
              this.#recommend("step");
            },
            text: t("profileConfirm"),
          }),
          h("button", {
            type: "button", part: "button", "data-action": "retake",
            onclick: () => {
              this.#s.phase = "question";
              this.#s.index = 0;
              this.#s.returnTo = null;
              this.#render("question");
            },
            text: t("profileRetake"),
          }))),
    ];
  }

  #viewAdvice(t) {
    const a = this.#s.advice;
    const f = formatters(this.#locale(), this.#info?.currency);
    const recs = this.#visible(a.recommendations);
    const xs = this.#visible(a.crossSell);
    const hidden = this.#s.hidden
      .map((id) => [...a.recommendations, ...a.crossSell].find((s) => s.productId === id) ?? this.#productName(id))
      .filter(Boolean);
    const out = [
      this.#stepHeading(a.personalised ? t("adviceTitle") : t("adviceTitleOff")),
      h("div", { class: "switch-row" },
        h("label", { class: "switch", part: "switch" },
          h("input", {
            type: "checkbox", role: "switch", checked: this.#s.personalisation, "data-focus": "switch",
            "aria-describedby": "switch-help",
            onchange: (ev) => {
              this.#s.personalisation = ev.target.checked;
              this.#recommend("switch");
            },
          }),
          h("span", { text: t("personalise") })),
        h("p", { id: "switch-help", class: "muted", text: t("personaliseHelp") })),
    ];
    if (a.notices.length || a.guardianRequired) {
      out.push(h("div", { class: "box notice", part: "notice" },
        h(this.#hl(2), { text: t("notesTitle") }),
        a.guardianRequired && h("p", { text: t("guardian") }),
        a.notices.map((n) => h("p", { lang: n.lang, text: n.text }))));
    }
    for (const s of hidden) {
      out.push(h("p", { class: "box", part: "dismissed", tabindex: "-1", "data-focus": `dismissed:${s.productId}` },
        h("span", {}, t("dismissed", { name: s.name })), " ",
        h("button", {
          type: "button", class: "link", part: "button", "data-action": "undo", "data-product": s.productId,
          "aria-label": t("showAgainLabel", { name: s.name }), onclick: () => this.#undoDismiss(s.productId), text: t("showAgain"),
        })));
    }
    out.push(recs.length
      ? h("ul", { class: "cards", part: "list recommendations" }, recs.map((s, k) => h("li", {}, this.#card(s, `r${k}`, "recommendations", t, f))))
      : h("p", { text: t("noSuggestions") }));
    if (xs.length) {
      out.push(h("section", { class: "section", part: "cross-sell", "aria-labelledby": "xs-h" },
        h(this.#hl(1), { id: "xs-h", text: t("crossSellTitle") }),
        h("ul", { class: "cards", part: "list cross-sell-list" }, xs.map((s, k) => h("li", {}, this.#card(s, `x${k}`, "crossSell", t, f))))));
    }
    if (a.excluded.length) {
      const open = this.#s.showWhyNot;
      out.push(h("section", { class: "section", part: "why-not" },
        h("button", {
          type: "button", class: "link", part: "button", "aria-expanded": String(open), "aria-controls": "why-not",
          "data-action": "why-not", "data-focus": "whynot",
          onclick: () => {
            this.#s.showWhyNot = !this.#s.showWhyNot;
            this.#render("whynot");
          },
          text: t("whyNot"),
        }),
        h("div", { id: "why-not", hidden: !open },
          h("p", { text: t("whyNotCount", { n: a.excluded.length }) }),
          h("ul", { class: "excluded" }, a.excluded.map((x) => h("li", { "data-product": x.productId },
            h("strong", { lang: a.locale, text: x.name }),
            h("ul", {}, x.gates.map((g) => h("li", { lang: g.lang, "data-code": g.code, text: g.text })))))))));
    }
    out.push(h("div", { class: "actions" },
      h("button", { type: "button", part: "button", "data-action": "restart", onclick: () => this.restart(), text: t("startAgain") })));
    return out;
  }

  #productName(id) {
    const p = this.#doc?.products?.find?.((x) => x.id === id);
    return p ? { productId: id, name: this.#pick(p.texts?.name).text } : null;
  }

  #card(s, key, section, t, f) {
    const level = Number(String(s.riskLevel).slice(1)) || 0;
    const facts = [];
    const fact = (label, value) => value && facts.push(h("div", {}, h("dt", { text: label }), h("dd", { text: value })));
    if (s.ratePct != null) fact(t("rate"), f.percent(s.ratePct));
    if (s.minAmount != null) fact(t("minAmount"), f.money(s.minAmount));
    if (s.termMonths != null) fact(t("term"), f.months(s.termMonths));
    if (s.lockUpMonths != null) fact(t("lockUp"), f.months(s.lockUpMonths));
    const fees = s.fees ?? {};
    if (fees.entryPct) fact(t("entryFee"), f.percent(fees.entryPct));
    if (fees.ongoingPct) fact(t("ongoingFee"), f.percent(fees.ongoingPct));
    if (fees.exitPct) fact(t("exitFee"), f.percent(fees.exitPct));
    if (fees.annualFee) fact(t("annualFee"), f.money(fees.annualFee));
    if (!fees.entryPct && !fees.ongoingPct && !fees.exitPct && !fees.annualFee) fact(t("fees"), t("noFees"));
    const lang = s.lang;
    const ui = uiLocale(this.#locale());
    return h("article", { class: "card", part: "card", "aria-labelledby": `${key}-name`, "data-product": s.productId, "data-section": section },
      h("p", { class: "type", part: "type" },
        h("span", { class: "sr-only", text: `${t("productType")}: ` }),
        h("span", { class: "type-label", part: "type-label", lang, text: s.typeLabel }),
        h("span", { lang, text: s.categoryLabel })),
      h(this.#hl(2), { id: `${key}-name`, lang: this.#fieldLang(s.productId, "name", lang), part: "card-name", tabindex: "-1", "data-focus": `card:${s.productId}`, text: s.name }),
      h("p", { class: "risk", part: "risk" },
        h("span", { class: `badge risk-badge risk-${s.riskLevel}`, part: `risk-badge risk-${s.riskLevel}`, "aria-hidden": "true", text: s.riskLevel }),
        h("span", {}, h("span", { lang: ui, text: `${t("riskLevel")}: ` }), h("span", { lang, text: s.riskLabel })),
        h("span", { class: "meter", "aria-hidden": "true" },
          [1, 2, 3, 4, 5].map((n) => h("span", { class: n <= level ? "on" : "off" })))),
      h("p", { lang: this.#fieldLang(s.productId, "summary", lang), text: s.summary }),
      h(this.#hl(3), { text: t("why") }),
      h("ul", { part: "why" }, s.why.map((r) => h("li", { lang: r.lang, "data-code": r.code, text: r.text }))),
      h(this.#hl(3), { text: t("watch") }),
      s.risks && h("p", { lang: this.#fieldLang(s.productId, "risks", lang), text: s.risks }),
      h("ul", { part: "watch" }, s.watch.map((r) => h("li", { lang: r.lang, "data-code": r.code, text: r.text }))),
      h(this.#hl(3), { text: t("details") }),
      h("dl", { class: "facts", part: "facts" }, facts),
      h("p", { class: "disclosure", part: "disclosure" },
        h("strong", { text: `${t("disclosure")}: ` }),
        h("span", { lang: this.#fieldLang(s.productId, "disclosure", lang), text: s.disclosure })),
      h("div", { class: "actions" },
        h("button", {
          type: "button", class: "primary", part: "button primary", "data-action": "select",
          "aria-label": t("interestedLabel", { name: s.name }), onclick: () => this.#select(s, section), text: t("interested"),
        }),
        h("button", {
          type: "button", part: "button", "data-action": "dismiss",
          "aria-label": t("notInterestedLabel", { name: s.name }), onclick: () => this.#dismiss(s), text: t("notInterested"),
        })));
  }
}

function CSS_escape(s) {
  return globalThis.CSS?.escape ? globalThis.CSS.escape(s) : String(s).replace(/["\\]/g, "\\$&");
}

if (!customElements.get(TAG)) customElements.define(TAG, SuitableAdvisor);

export { SuitableAdvisor };
export default customElements.get(TAG);
