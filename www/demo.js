// The demo bank page's own script (not part of the widget): it hands <suitable-advisor> what the
// bank already knows about the customer, a storage adapter for "not interested", listens to the
// widget's events, and keeps its own buttons working whatever the widget does.
//
// Query parameters (for trying failure states and for the browser tests):
//   ?lang=ru|zh|en   page language (the widget follows it)
//   ?now=YYYY-MM-DD  the date the advice is computed for (default: today)
//   ?catalogue=URL   another catalogue (same origin only, by the CSP)
//   ?timeout=MS      catalogue fetch timeout
//   ?personalisation=off
const params = new URLSearchParams(location.search);
const advisor = document.querySelector("suitable-advisor");

// What internet banking knows from the customer's accounts (persona 01-young-saver of test-data):
// these facts are never asked again in the questionnaire, and they never leave the page.
const CUSTOMER = {
  age: 24,
  residency: "DE",
  segment: "deposit_heavy",
  tier: "ordinary",
  lifeStage: "young",
  employment: "employed",
  monthlyIncome: 280000,
  liquidAssets: 900000,
  debts: 0,
  dependants: 0,
  goals: ["home"],
  payroll: false,
};

const HOST_TEXT = {
  en: {
    skip: "Skip to main content", accounts: "Accounts", payments: "Payments", advice: "Advice", language: "Language",
    hello: "Good morning, Anna", yourAccounts: "Your accounts", hideBalances: "Hide balances", showBalances: "Show balances",
    current: "Everyday current account", card: "Visa debit card", recent: "Recent transactions", date: "Date",
    what: "Description", amount: "Amount", log: "What the bank receives",
    salary: "Salary, November", rent: "Rent", grocery: "Grocery store",
    logHelp: "The advisor runs in your browser. The bank page only hears about the events below.",
    footer: "Harbour Bank is a fictional bank. This page is a demo of the Suitable advisor.",
    nav: "Main", adviceLabel: "Product advice", close: "Close", hidden: "hidden",
    selected: "Noted: an adviser will call you about “{name}”.", closed: "The app would close the advice screen now.",
    balancesHidden: "Balances are hidden.", balancesShown: "Balances are shown.",
  },
  ru: {
    skip: "Перейти к основному содержанию", accounts: "Счета", payments: "Платежи", advice: "Подбор продуктов", language: "Язык",
    hello: "Доброе утро, Анна", yourAccounts: "Ваши счета", hideBalances: "Скрыть остатки", showBalances: "Показать остатки",
    current: "Текущий счёт «Повседневный»", card: "Дебетовая карта Visa", recent: "Последние операции", date: "Дата",
    what: "Описание", amount: "Сумма", log: "Что получает банк",
    salary: "Зарплата за ноябрь", rent: "Аренда", grocery: "Продуктовый магазин",
    logHelp: "Подбор работает в вашем браузере. Страница банка узнаёт только о событиях ниже.",
    footer: "Harbour Bank — вымышленный банк. Эта страница — демонстрация Suitable.",
    nav: "Главное меню", adviceLabel: "Подбор продуктов", close: "Закрыть", hidden: "скрыто",
    selected: "Принято: консультант позвонит вам по поводу продукта «{name}».", closed: "Приложение сейчас закрыло бы экран подбора.",
    balancesHidden: "Остатки скрыты.", balancesShown: "Остатки показаны.",
  },
  zh: {
    skip: "跳到主要内容", accounts: "账户", payments: "支付", advice: "产品推荐", language: "语言",
    hello: "早上好，安娜", yourAccounts: "您的账户", hideBalances: "隐藏余额", showBalances: "显示余额",
    current: "日常活期账户", card: "Visa 借记卡", recent: "最近交易", date: "日期",
    what: "说明", amount: "金额", log: "银行收到的信息",
    salary: "11月工资", rent: "房租", grocery: "超市购物",
    logHelp: "推荐工具在您的浏览器中运行。银行页面只会收到下面列出的事件。",
    footer: "Harbour Bank 是一家虚构的银行。本页面用于演示 Suitable 推荐工具。",
    nav: "主菜单", adviceLabel: "产品推荐", close: "关闭", hidden: "已隐藏",
    selected: "已记录：客户经理将就“{name}”与您联系。", closed: "应用此时会关闭推荐页面。",
    balancesHidden: "余额已隐藏。", balancesShown: "余额已显示。",
  },
};

let lang = ["en", "ru", "zh"].includes(params.get("lang")) ? params.get("lang") : "en";
const text = (key, vars = {}) => (HOST_TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");

function applyLanguage() {
  document.documentElement.lang = lang; // the widget follows the page's lang
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = text(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", text(el.dataset.i18nLabel));
  const select = document.getElementById("lang");
  if (select) select.value = lang;
  renderBalances();
}

// ---- the host page's own controls (they must keep working whatever the widget does) --------
let balancesHidden = false;
const money = () => new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
function renderBalances() {
  const fmt = money();
  for (const el of document.querySelectorAll("[data-minor]")) {
    el.textContent = balancesHidden ? "••••" : fmt.format(Number(el.dataset.minor) / 100);
  }
  const button = document.getElementById("toggle-balances");
  if (button) {
    button.setAttribute("aria-pressed", String(balancesHidden));
    button.textContent = text(balancesHidden ? "showBalances" : "hideBalances");
  }
}
document.getElementById("toggle-balances")?.addEventListener("click", () => {
  balancesHidden = !balancesHidden;
  renderBalances();
  say(text(balancesHidden ? "balancesHidden" : "balancesShown"));
});
document.getElementById("app-back")?.addEventListener("click", () => say(text("closed")));
document.getElementById("lang")?.addEventListener("change", (ev) => {
  lang = ev.target.value;
  applyLanguage();
});

function say(message) {
  const el = document.getElementById("host-message");
  if (el) el.textContent = message;
}

// ---- the widget ---------------------------------------------------------------------------
if (advisor) {
  for (const name of ["catalogue", "timeout", "now", "personalisation"]) {
    const v = params.get(name);
    if (v) advisor.setAttribute(name === "catalogue" ? "catalogue-src" : name, v);
  }
  advisor.profile = {
    customer: CUSTOMER,
    // Items of the questionnaire the bank can answer from its own records: not asked again.
    answers: {
      cap_age: CUSTOMER.age < 40 ? "under40" : CUSTOMER.age < 55 ? "40to54" : CUSTOMER.age < 65 ? "55to64" : CUSTOMER.age < 75 ? "65to74" : "75plus",
      cap_dependants: CUSTOMER.dependants === 0 ? "none" : CUSTOMER.dependants <= 2 ? "one_two" : "three_plus",
    },
    holdings: [{ productId: "ca-everyday", openedOn: "2024-09-01" }],
    context: { intent: "savings", intendedAmount: 300000 },
  };
  // "Not interested" survives a reload within this tab (any { getItem, setItem } will do:
  // a native bridge, the bank's own profile store...).
  try {
    advisor.storage = window.sessionStorage;
  } catch {
    // storage disabled: the widget keeps its in-memory default
  }

  // A native app's webview would forward these to its bridge (WKWebView / Android WebView).
  const bridge = window.webkit?.messageHandlers?.suitable ?? window.SuitableBridge ?? null;
  const log = document.getElementById("event-log");
  const summary = {
    "suitable-ready": (d) => `catalogue ${d.catalogueVersion}, engine ${d.engineVersion}`,
    "suitable-profile": (d) => `risk profile ${d.profile.class}, valid until ${d.profile.validUntil}`,
    "suitable-advice": (d) =>
      `${d.advice.recommendations.length} + ${d.advice.crossSell.length} suggestions, input sha256 ${d.advice.audit.inputSha256.slice(0, 12)}…`,
    "suitable-select": (d) => `selected ${d.productId}`,
    "suitable-dismiss": (d) => `not interested in ${d.productId}`,
    "suitable-error": (d) => `${d.code} ${d.path}`.trim(),
  };
  for (const type of Object.keys(summary)) {
    advisor.addEventListener(type, (ev) => {
      if (log) {
        const li = document.createElement("li");
        const code = document.createElement("code");
        code.textContent = type;
        li.append(code, ` ${summary[type](ev.detail)}`);
        log.prepend(li);
        while (log.children.length > 8) log.lastElementChild.remove();
      }
      if (type === "suitable-select") say(text("selected", { name: ev.detail.name }));
      bridge?.postMessage(JSON.stringify({ type, detail: ev.detail }));
    });
  }
}

applyLanguage();
