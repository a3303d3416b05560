//! Small domain types shared by the catalogue, the profile and the advice: risk classes and
//! levels, money, localized texts, product kinds.

use crate::util::KeyMap;

use serde::Serialize;

use crate::json::{expected, fail, str_enum_from_json, At, Fail, FromJson, Json};

/// Customer risk class, C1 conservative .. C5 aggressive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum RiskClass {
    #[default]
    C1,
    C2,
    C3,
    C4,
    C5,
}

/// Product risk level, R1 low .. R5 high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum RiskLevel {
    #[default]
    R1,
    R2,
    R3,
    R4,
    R5,
}

impl RiskClass {
    pub const ALL: [RiskClass; 5] = [Self::C1, Self::C2, Self::C3, Self::C4, Self::C5];
    /// 1..=5
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }
    /// 1..=5, clamped.
    pub fn from_rank(r: i64) -> RiskClass {
        match r {
            ..=1 => Self::C1,
            2 => Self::C2,
            3 => Self::C3,
            4 => Self::C4,
            _ => Self::C5,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::C1 => "C1",
            Self::C2 => "C2",
            Self::C3 => "C3",
            Self::C4 => "C4",
            Self::C5 => "C5",
        }
    }
    /// The highest product level this class may be recommended (G1).
    pub fn max_level(self) -> RiskLevel {
        RiskLevel::from_rank(i64::from(self.rank()))
    }
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 5] = [Self::R1, Self::R2, Self::R3, Self::R4, Self::R5];
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }
    /// 1..=5, clamped.
    pub fn from_rank(r: i64) -> RiskLevel {
        match r {
            ..=1 => Self::R1,
            2 => Self::R2,
            3 => Self::R3,
            4 => Self::R4,
            _ => Self::R5,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::R1 => "R1",
            Self::R2 => "R2",
            Self::R3 => "R3",
            Self::R4 => "R4",
            Self::R5 => "R5",
        }
    }
}

/// An amount in integer minor units of the catalogue currency (cents, kopecks, fen).
/// Never a binary float: a JSON number with a fraction is refused when parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Money(pub i64);

/// A customer-facing text per locale, e.g. `{"en": "Time deposit", "ru": "Срочный вклад"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Text(pub KeyMap<String>);

impl Text {
    /// The text in the first locale of `chain` that has one, with that locale.
    pub fn resolve<'a>(&'a self, chain: &[String]) -> Option<(&'a str, &'a str)> {
        chain.iter().find_map(|l| {
            self.0
                .get_key_value(l.as_str())
                .map(|(k, v)| (v.as_str(), k.as_str()))
        })
    }
}

/// What the product is, always shown to the customer so a deposit is never mistaken for an
/// investment or an insurance policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductType {
    #[default]
    CurrentAccount,
    SavingsAccount,
    TimeDeposit,
    LargeDeposit,
    MoneyMarketFund,
    BondFund,
    BalancedFund,
    EquityFund,
    StructuredNote,
    GovernmentBond,
    LifeInsurance,
    HealthInsurance,
    HomeInsurance,
    PensionPlan,
    EducationPlan,
    CreditCard,
    ConsumerLoan,
    Mortgage,
}

/// The family a product belongs to; suitability gates G2–G4 apply to `investment` and `pension`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    #[default]
    Account,
    Deposit,
    Investment,
    Insurance,
    Pension,
    Credit,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Account => "account",
            Category::Deposit => "deposit",
            Category::Investment => "investment",
            Category::Insurance => "insurance",
            Category::Pension => "pension",
            Category::Credit => "credit",
        }
    }
    pub fn is_investment(self) -> bool {
        matches!(self, Category::Investment | Category::Pension)
    }
}

impl ProductType {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductType::CurrentAccount => "current_account",
            ProductType::SavingsAccount => "savings_account",
            ProductType::TimeDeposit => "time_deposit",
            ProductType::LargeDeposit => "large_deposit",
            ProductType::MoneyMarketFund => "money_market_fund",
            ProductType::BondFund => "bond_fund",
            ProductType::BalancedFund => "balanced_fund",
            ProductType::EquityFund => "equity_fund",
            ProductType::StructuredNote => "structured_note",
            ProductType::GovernmentBond => "government_bond",
            ProductType::LifeInsurance => "life_insurance",
            ProductType::HealthInsurance => "health_insurance",
            ProductType::HomeInsurance => "home_insurance",
            ProductType::PensionPlan => "pension_plan",
            ProductType::EducationPlan => "education_plan",
            ProductType::CreditCard => "credit_card",
            ProductType::ConsumerLoan => "consumer_loan",
            ProductType::Mortgage => "mortgage",
        }
    }
}

/// Investment variety, for G2 (the varieties a customer accepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Variety {
    #[default]
    Cash,
    MoneyMarket,
    FixedIncome,
    Mixed,
    Equity,
    Structured,
    Leveraged,
    Protection,
    Credit,
}

impl Variety {
    /// In declaration order (the order `as usize` gives).
    pub const ALL: [Variety; 9] = [
        Variety::Cash,
        Variety::MoneyMarket,
        Variety::FixedIncome,
        Variety::Mixed,
        Variety::Equity,
        Variety::Structured,
        Variety::Leveraged,
        Variety::Protection,
        Variety::Credit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Variety::Cash => "cash",
            Variety::MoneyMarket => "money_market",
            Variety::FixedIncome => "fixed_income",
            Variety::Mixed => "mixed",
            Variety::Equity => "equity",
            Variety::Structured => "structured",
            Variety::Leveraged => "leveraged",
            Variety::Protection => "protection",
            Variety::Credit => "credit",
        }
    }
}

/// Questionnaire dimension an item measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    #[default]
    Capacity,
    Willingness,
    Knowledge,
    Experience,
    Objective,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Capacity,
        Dimension::Willingness,
        Dimension::Knowledge,
        Dimension::Experience,
        Dimension::Objective,
    ];
}

str_enum_from_json!(RiskClass { "C1" => RiskClass::C1, "C2" => RiskClass::C2, "C3" => RiskClass::C3, "C4" => RiskClass::C4, "C5" => RiskClass::C5 });
str_enum_from_json!(RiskLevel { "R1" => RiskLevel::R1, "R2" => RiskLevel::R2, "R3" => RiskLevel::R3, "R4" => RiskLevel::R4, "R5" => RiskLevel::R5 });
str_enum_from_json!(ProductType {
    "current_account" => ProductType::CurrentAccount,
    "savings_account" => ProductType::SavingsAccount,
    "time_deposit" => ProductType::TimeDeposit,
    "large_deposit" => ProductType::LargeDeposit,
    "money_market_fund" => ProductType::MoneyMarketFund,
    "bond_fund" => ProductType::BondFund,
    "balanced_fund" => ProductType::BalancedFund,
    "equity_fund" => ProductType::EquityFund,
    "structured_note" => ProductType::StructuredNote,
    "government_bond" => ProductType::GovernmentBond,
    "life_insurance" => ProductType::LifeInsurance,
    "health_insurance" => ProductType::HealthInsurance,
    "home_insurance" => ProductType::HomeInsurance,
    "pension_plan" => ProductType::PensionPlan,
    "education_plan" => ProductType::EducationPlan,
    "credit_card" => ProductType::CreditCard,
    "consumer_loan" => ProductType::ConsumerLoan,
    "mortgage" => ProductType::Mortgage,
});
str_enum_from_json!(Category {
    "account" => Category::Account,
    "deposit" => Category::Deposit,
    "investment" => Category::Investment,
    "insurance" => Category::Insurance,
    "pension" => Category::Pension,
    "credit" => Category::Credit,
});
str_enum_from_json!(Variety {
    "cash" => Variety::Cash,
    "money_market" => Variety::MoneyMarket,
    "fixed_income" => Variety::FixedIncome,
    "mixed" => Variety::Mixed,
    "equity" => Variety::Equity,
    "structured" => Variety::Structured,
    "leveraged" => Variety::Leveraged,
    "protection" => Variety::Protection,
    "credit" => Variety::Credit,
});
str_enum_from_json!(Dimension {
    "capacity" => Dimension::Capacity,
    "willingness" => Dimension::Willingness,
    "knowledge" => Dimension::Knowledge,
    "experience" => Dimension::Experience,
    "objective" => Dimension::Objective,
});

impl FromJson for Money {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        match v.as_number() {
            Some(n) => n.as_i64().map(Money).ok_or_else(|| {
                fail(
                    at,
                    format!("{n} is not a whole number of minor units (money is never a fraction)"),
                )
            }),
            None => Err(expected(at, v, "a whole number of minor units")),
        }
    }
}

impl FromJson for Text {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        KeyMap::<String>::from_json(v, at).map(Text)
    }
}

/// Serialises an f64 the way JavaScript prints it where the two differ most: a whole number
/// within ±2^53 is written as an integer (`2`, not `2.0`), so native and wasm JSON are identical.
pub fn js_f64<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    if x.fract() == 0.0 && x.abs() < LIMIT {
        #[allow(clippy::cast_possible_truncation)] // whole and within ±2^53: exact
        let i = *x as i64;
        s.serialize_i64(i)
    } else {
        s.serialize_f64(*x)
    }
}

/// [`js_f64`] for optional numbers.
#[allow(clippy::ref_option)] // serde's serialize_with passes &Option<f64>
pub fn js_f64_opt<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(v) => js_f64(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_floats_print_as_integers() {
        #[derive(Serialize)]
        struct T(#[serde(serialize_with = "js_f64")] f64);
        assert_eq!(serde_json::to_string(&T(2.0)).unwrap(), "2");
        assert_eq!(serde_json::to_string(&T(-0.0)).unwrap(), "0");
        assert_eq!(serde_json::to_string(&T(0.25)).unwrap(), "0.25");
    }

    use super::*;

    #[test]
    fn ranks_round_trip() {
        for c in RiskClass::ALL {
            assert_eq!(RiskClass::from_rank(i64::from(c.rank())), c);
            assert_eq!(c.max_level().rank(), c.rank());
        }
        assert_eq!(RiskLevel::from_rank(99), RiskLevel::R5);
        assert_eq!(RiskLevel::from_rank(-3), RiskLevel::R1);
    }

    #[test]
    fn money_refuses_fractions() {
        use crate::json::parse_json;
        use crate::ErrorCode::InputInvalid;
        assert_eq!(
            parse_json::<Money>("1050", InputInvalid).unwrap(),
            Money(1050)
        );
        assert!(parse_json::<Money>("10.50", InputInvalid).is_err());
        assert!(parse_json::<Money>("10.0", InputInvalid).is_err());
    }

    #[test]
    fn text_follows_the_chain() {
        let t: Text = crate::json::parse_json(
            r#"{"en":"Deposit","ru":"Вклад"}"#,
            crate::ErrorCode::InputInvalid,
        )
        .unwrap();
        let chain = vec!["zh".to_string(), "en".to_string()];
        assert_eq!(t.resolve(&chain), Some(("Deposit", "en")));
    }
}
