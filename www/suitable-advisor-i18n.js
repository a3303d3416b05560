// The widget's own texts (not the catalogue's) in en, ru and zh, with CLDR plural forms through
// Intl.PluralRules, and the number, money and date formatting of the page's Intl.
// Catalogue texts (questions, products, reasons) come from the catalogue and the engine.

/** Locales the widget's own texts exist in; anything else falls back to `en`. */
export const UI_LOCALES = ["en", "ru", "zh"];

// A string is either text with {placeholders}, or an object of plural forms keyed by the
// Intl.PluralRules category of `n` ("one", "few", "many", "other"): Russian needs all four,
// Chinese only "other".
const STRINGS = {
  en: {
    title: "Find products that suit you",
    loading: "Loading the advisor…",
    privacyTitle: "Before you start",
    privacy:
      "Your answers stay on this device. They are worked out here, in your browser, and are not sent to the bank or to anyone else. The bank only learns which product you chose, if you choose one.",
    questionCount: { one: "{n} question", other: "{n} questions" },
    minutes: { one: "about {n} minute", other: "about {n} minutes" },
    start: "Start",
    questionOf: "Question {i} of {n}",
    chooseOne: "Choose one answer.",
    chooseAny: "Choose all that apply.",
    noAnswer: "Please choose an answer to continue.",
    back: "Back",
    next: "Next",
    finish: "See my risk profile",
    promptsTitle: "Please check these answers",
    promptsIntro: "Some of your answers seem to contradict each other. Change one of them, or confirm that they are right.",
    yourAnswer: "Your answer:",
    notAnswered: "not answered",
    change: "Change",
    changeLabel: "Change your answer to: {q}",
    confirmAnswers: "My answers are right",
    profileTitle: "Your risk profile",
    validUntil: "Valid until {date}",
    profileConfirm: "This describes me: show suggestions",
    profileRetake: "Change my answers",
    adviceTitle: "Suggestions for you",
    adviceTitleOff: "Products that fit your risk profile",
    personalise: "Personalised suggestions",
    personaliseHelp:
      "On: we also use what the bank knows about you, such as the products you hold, to choose and order suggestions. Off: the same list for everyone with your risk profile.",
    suggestions: { one: "{n} suggestion for you", other: "{n} suggestions for you" },
    suggestionsOff: { one: "{n} product fits your risk profile", other: "{n} products fit your risk profile" },
    noSuggestions: "No product fits your answers right now.",
    crossSellTitle: "You may also need",
    crossSellCount: { one: "{n} more suggestion", other: "{n} more suggestions" },
    notesTitle: "Please note",
    guardian: "A parent or legal guardian must agree before you open any product.",
    productType: "Product type",
    riskLevel: "Risk level",
    riskOf: "Risk level {n} of 5",
    why: "Why we suggest it",
    watch: "What to watch",
    details: "Key facts",
    rate: "Interest rate",
    minAmount: "Minimum amount",
    term: "Term",
    lockUp: "Money tied up for",
    entryFee: "Entry fee",
    ongoingFee: "Ongoing charges a year",
    exitFee: "Exit fee",
    annualFee: "Fee a year",
    noFees: "No fees",
    fees: "Fees",
    disclosure: "Important information",
    interested: "I'm interested",
    interestedLabel: "I'm interested in {name}",
    notInterested: "Not interested",
    notInterestedLabel: "Not interested in {name}",
    selected: "Thank you for your interest in {name}.",
    dismissed: "You said you are not interested in {name}. It is hidden.",
    showAgain: "Show it again",
    showAgainLabel: "Show it again: {name}",
    whyNot: "Why are some products not suggested?",
    whyNotCount: { one: "{n} product does not suit you right now:", other: "{n} products do not suit you right now:" },
    startAgain: "Start again",
    fetchTitle: "We could not load the product information",
    fetchText: "Please check your connection and try again. The rest of this page still works.",
    timeoutText: "Loading took too long. Please try again. The rest of this page still works.",
    retry: "Try again",
    invalidTitle: "Product advice is not available at the moment",
    invalidText: "Something is wrong with our product information. Please try again later, or contact us.",
    engineTitle: "The advisor could not start",
    engineText: "Please try again. The rest of this page still works.",
    inputText: "We could not work out suggestions from the information we hold about you. Please contact us.",
    limitText: "You have reached the number of times the questionnaire can be taken for now. Please try again later, or contact us.",
    reference: "Reference for our support team: {ref}",
    wasmTitle: "The advisor cannot run in this browser",
    wasmText:
      "It needs a browser feature called WebAssembly, which is switched off here (for example by Lockdown Mode on an iPhone, iPad or Mac). Nothing is wrong with your account, and the rest of this page still works.",
    contactIntro: "You can still get personal advice:",
    contactDefault: "ask your bank adviser",
  },
  ru: {
    title: "Подбор подходящих продуктов",
    loading: "Загрузка…",
    privacyTitle: "Прежде чем начать",
    privacy:
      "Ваши ответы остаются на этом устройстве. Они обрабатываются здесь, в вашем браузере, и не отправляются ни в банк, ни кому-либо ещё. Банк узнает только о продукте, который вы выберете, если выберете.",
    questionCount: { one: "{n} вопрос", few: "{n} вопроса", many: "{n} вопросов", other: "{n} вопроса" },
    minutes: { one: "около {n} минуты", few: "около {n} минут", many: "около {n} минут", other: "около {n} минуты" },
    start: "Начать",
    questionOf: "Вопрос {i} из {n}",
    chooseOne: "Выберите один ответ.",
    chooseAny: "Отметьте все подходящие варианты.",
    noAnswer: "Выберите ответ, чтобы продолжить.",
    back: "Назад",
    next: "Далее",
    finish: "Узнать свой риск-профиль",
    promptsTitle: "Пожалуйста, проверьте ответы",
    promptsIntro: "Некоторые ответы противоречат друг другу. Измените один из них или подтвердите, что они верны.",
    yourAnswer: "Ваш ответ:",
    notAnswered: "нет ответа",
    change: "Изменить",
    changeLabel: "Изменить ответ на вопрос: {q}",
    confirmAnswers: "Мои ответы верны",
    profileTitle: "Ваш риск-профиль",
    validUntil: "Действует до {date}",
    profileConfirm: "Это про меня: показать предложения",
    profileRetake: "Изменить ответы",
    adviceTitle: "Предложения для вас",
    adviceTitleOff: "Продукты, подходящие вашему риск-профилю",
    personalise: "Персональные предложения",
    personaliseHelp:
      "Включено: мы учитываем то, что банк знает о вас, например ваши продукты, при выборе и порядке предложений. Выключено: одинаковый список для всех с вашим риск-профилем.",
    suggestions: {
      one: "{n} предложение для вас",
      few: "{n} предложения для вас",
      many: "{n} предложений для вас",
      other: "{n} предложения для вас",
    },
    suggestionsOff: {
      one: "{n} продукт подходит вашему риск-профилю",
      few: "{n} продукта подходят вашему риск-профилю",
      many: "{n} продуктов подходят вашему риск-профилю",
      other: "{n} продукта подходят вашему риск-профилю",
    },
    noSuggestions: "Сейчас ни один продукт не подходит под ваши ответы.",
    crossSellTitle: "Вам также может пригодиться",
    crossSellCount: {
      one: "ещё {n} предложение",
      few: "ещё {n} предложения",
      many: "ещё {n} предложений",
      other: "ещё {n} предложения",
    },
    notesTitle: "Обратите внимание",
    guardian: "Чтобы открыть любой продукт, нужно согласие родителя или законного представителя.",
    productType: "Тип продукта",
    riskLevel: "Уровень риска",
    riskOf: "Уровень риска {n} из 5",
    why: "Почему мы это предлагаем",
    watch: "На что обратить внимание",
    details: "Основные условия",
    rate: "Ставка",
    minAmount: "Минимальная сумма",
    term: "Срок",
    lockUp: "Деньги недоступны",
    entryFee: "Комиссия при входе",
    ongoingFee: "Текущие расходы в год",
    exitFee: "Комиссия при выходе",
    annualFee: "Плата в год",
    noFees: "Без комиссий",
    fees: "Комиссии",
    disclosure: "Важная информация",
    interested: "Мне интересно",
    interestedLabel: "Мне интересно: {name}",
    notInterested: "Не интересно",
    notInterestedLabel: "Не интересно: {name}",
    selected: "Спасибо за интерес к продукту «{name}».",
    dismissed: "Вы отметили, что продукт «{name}» вам не интересен. Он скрыт.",
    showAgain: "Показать снова",
    showAgainLabel: "Показать снова: {name}",
    whyNot: "Почему не предлагаются другие продукты?",
    whyNotCount: {
      one: "{n} продукт сейчас вам не подходит:",
      few: "{n} продукта сейчас вам не подходят:",
      many: "{n} продуктов сейчас вам не подходят:",
      other: "{n} продукта сейчас вам не подходят:",
    },
    startAgain: "Начать заново",
    fetchTitle: "Не удалось загрузить информацию о продуктах",
    fetchText: "Проверьте подключение и попробуйте ещё раз. Остальная часть страницы работает.",
    timeoutText: "Загрузка заняла слишком много времени. Попробуйте ещё раз. Остальная часть страницы работает.",
    retry: "Попробовать снова",
    invalidTitle: "Подбор продуктов сейчас недоступен",
    invalidText: "С информацией о продуктах что-то не так. Попробуйте позже или свяжитесь с нами.",
    engineTitle: "Не удалось запустить подбор",
    engineText: "Попробуйте ещё раз. Остальная часть страницы работает.",
    inputText: "Не удалось подобрать продукты по имеющимся у нас данным о вас. Пожалуйста, свяжитесь с нами.",
    limitText: "Вы уже проходили анкету максимально допустимое число раз. Попробуйте позже или свяжитесь с нами.",
    reference: "Код для службы поддержки: {ref}",
    wasmTitle: "Подбор не может работать в этом браузере",
    wasmText:
      "Ему нужна функция браузера WebAssembly, а она здесь отключена (например, режимом блокировки на iPhone, iPad или Mac). С вашим счётом всё в порядке, остальная часть страницы работает.",
    contactIntro: "Вы можете получить персональную консультацию:",
    contactDefault: "обратитесь к своему консультанту в банке",
  },
  zh: {
    title: "为您挑选合适的产品",
    loading: "正在加载…",
    privacyTitle: "开始之前",
    privacy: "您的回答只保留在本设备上。所有计算都在您的浏览器中完成，不会发送给银行或任何人。只有当您选择某个产品时，银行才会知道您选择了哪个产品。",
    questionCount: { other: "{n} 个问题" },
    minutes: { other: "约 {n} 分钟" },
    start: "开始",
    questionOf: "第 {i} 题，共 {n} 题",
    chooseOne: "请选择一个答案。",
    chooseAny: "可多选。",
    noAnswer: "请选择一个答案后继续。",
    back: "上一题",
    next: "下一题",
    finish: "查看我的风险等级",
    promptsTitle: "请核对以下回答",
    promptsIntro: "您的部分回答似乎相互矛盾。请修改其中一个，或确认回答无误。",
    yourAnswer: "您的回答：",
    notAnswered: "未回答",
    change: "修改",
    changeLabel: "修改这个问题的回答：{q}",
    confirmAnswers: "我的回答无误",
    profileTitle: "您的风险等级",
    validUntil: "有效期至 {date}",
    profileConfirm: "符合我的情况：查看推荐",
    profileRetake: "修改回答",
    adviceTitle: "为您推荐",
    adviceTitleOff: "符合您风险等级的产品",
    personalise: "个性化推荐",
    personaliseHelp: "开启：我们会参考银行掌握的您的信息（例如您持有的产品）来挑选和排列推荐。关闭：与您风险等级相同的客户看到的都是同一份列表。",
    suggestions: { other: "为您推荐 {n} 个产品" },
    suggestionsOff: { other: "{n} 个产品符合您的风险等级" },
    noSuggestions: "目前没有符合您回答的产品。",
    crossSellTitle: "您可能还需要",
    crossSellCount: { other: "另有 {n} 个推荐" },
    notesTitle: "请注意",
    guardian: "办理任何产品前，需要取得父母或法定监护人的同意。",
    productType: "产品类型",
    riskLevel: "风险等级",
    riskOf: "风险等级 {n}（共 5 级）",
    why: "推荐理由",
    watch: "注意事项",
    details: "主要条款",
    rate: "利率",
    minAmount: "起购金额",
    term: "期限",
    lockUp: "资金锁定期",
    entryFee: "申购费",
    ongoingFee: "每年持续费用",
    exitFee: "赎回费",
    annualFee: "年费",
    noFees: "无费用",
    fees: "费用",
    disclosure: "重要信息",
    interested: "我感兴趣",
    interestedLabel: "我感兴趣：{name}",
    notInterested: "不感兴趣",
    notInterestedLabel: "不感兴趣：{name}",
    selected: "感谢您对“{name}”的关注。",
    dismissed: "您表示对“{name}”不感兴趣，已将其隐藏。",
    showAgain: "重新显示",
    showAgainLabel: "重新显示：{name}",
    whyNot: "为什么没有推荐某些产品？",
    whyNotCount: { other: "{n} 个产品目前不适合您：" },
    startAgain: "重新开始",
    fetchTitle: "无法加载产品信息",
    fetchText: "请检查网络连接后重试。本页面的其他功能仍可正常使用。",
    timeoutText: "加载时间过长，请重试。本页面的其他功能仍可正常使用。",
    retry: "重试",
    invalidTitle: "产品推荐暂时无法使用",
    invalidText: "我们的产品信息出现问题。请稍后再试，或与我们联系。",
    engineTitle: "推荐工具无法启动",
    engineText: "请重试。本页面的其他功能仍可正常使用。",
    inputText: "我们无法根据现有的您的信息给出推荐。请与我们联系。",
    limitText: "您目前填写问卷的次数已达上限。请稍后再试，或与我们联系。",
    reference: "客服参考编号：{ref}",
    wasmTitle: "推荐工具无法在此浏览器中运行",
    wasmText: "它需要浏览器的 WebAssembly 功能，而该功能在此处已被关闭（例如 iPhone、iPad 或 Mac 的锁定模式）。您的账户一切正常，本页面的其他功能仍可正常使用。",
    contactIntro: "您仍可获得专人咨询：",
    contactDefault: "请联系您的银行客户经理",
  },
};

/** The widget-text locale for a requested one ("ru-RU" -> "ru"); `en` when not available. */
export function uiLocale(locale) {
  const base = String(locale || "").toLowerCase().split(/[-_]/)[0];
  return UI_LOCALES.includes(base) ? base : "en";
}

/**
 * A translator for one locale: `t(key, vars)`. A plural string takes its form from
 * `Intl.PluralRules(locale).select(vars.n)`; numbers in `vars` are formatted by Intl.
 */
export function translator(locale) {
  const lang = uiLocale(locale);
  const table = STRINGS[lang];
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  return function t(key, vars = {}) {
    let s = table[key] ?? STRINGS.en[key] ?? key;
    if (typeof s === "object") s = s[plural.select(vars.n ?? 0)] ?? s.other;
    return s.replace(/\{(\w+)\}/g, (_, k) => {
      const v = vars[k];
      return typeof v === "number" ? number.format(v) : String(v ?? "");
    });
  };
}

/** Formatting helpers for one locale and the catalogue's currency. */
export function formatters(locale, currency) {
  const code = currency?.code || "EUR";
  const digits = Number.isInteger(currency?.minorUnit) ? currency.minorUnit : 2;
  let money;
  try {
    money = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    money = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  const months = new Intl.NumberFormat(locale, { style: "unit", unit: "month", unitDisplay: "long" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  return {
    /** Integer minor units -> money text, exact (formatted from a decimal string, no float). */
    money(minor) {
      if (!Number.isSafeInteger(minor)) return "";
      const neg = minor < 0;
      const abs = String(Math.abs(minor)).padStart(digits + 1, "0");
      const decimal = digits ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
      return money.format(`${neg ? "-" : ""}${decimal}`);
    },
    /** A percentage given as a number of percent (2.5 -> "2.5%"). */
    percent(p) {
      return pct.format(p / 100);
    },
    months(n) {
      return months.format(n);
    },
    /** An ISO date (YYYY-MM-DD) as a long local date. */
    date(iso) {
      const d = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : date.format(d);
    },
  };
}
