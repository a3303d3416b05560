//! The one error type of the engine: a stable machine-readable code, a message for people,
//! and the JSON Pointer of the offending input node (empty when the whole input is meant).

use std::fmt;

/// Stable error codes. The string form (`as_str`) is part of the public API: hosts switch on it,
/// so a code is never renamed, only added.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// The catalogue is not JSON, or a field has the wrong shape.
    CatalogueParse,
    /// `schemaVersion` is not one this engine reads.
    CatalogueSchemaVersion,
    /// Two products, questions, options or rules share an id.
    CatalogueDuplicateId,
    /// An id that is referred to does not exist (product, questionnaire, item, class...).
    CatalogueUnknownReference,
    /// A value is out of its allowed range or inconsistent with another one.
    CatalogueInvalid,
    /// A customer-facing text lacks a locale; it falls back (a warning, never fatal).
    CatalogueMissingTranslation,
    /// An embedded example test of the catalogue did not give the expected result.
    CatalogueTestFailed,
    /// A rule is not valid JsonLogic (not an object with one key, bad literal...).
    RuleParse,
    /// A rule uses an operator the engine does not know (or not in this mode).
    RuleUnknownOperator,
    /// An operator got the wrong number of arguments.
    RuleArity,
    /// An operator got a literal argument of a type it cannot use.
    RuleType,
    /// Loose `==` / `!=` used in strict mode; use `===` / `!==`.
    RuleLooseEquality,
    /// A `var` path that the evaluation data can never have.
    RuleUnknownVariable,
    /// The rule nests deeper than the limit.
    RuleTooDeep,
    /// The rule has more nodes than the limit.
    RuleTooLarge,
    /// A rule failed while evaluating (compat mode only reports, strict mode fails closed).
    RuleEval,
    /// Questionnaire answers are missing, unknown or of the wrong shape.
    AnswersInvalid,
    /// The customer profile / facts are of the wrong shape or out of range.
    ProfileInvalid,
    /// The recommendation input is of the wrong shape.
    InputInvalid,
    /// A date is not an ISO `YYYY-MM-DD` calendar date.
    DateInvalid,
    /// Too many assessments in a day or a year.
    AssessmentLimit,
    /// No questionnaire with that id in the catalogue.
    QuestionnaireNotFound,
    /// No product with that id in the catalogue.
    ProductNotFound,
    /// An engine bug caught at the boundary (never expected).
    Internal,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::CatalogueParse => "CATALOGUE_PARSE",
            ErrorCode::CatalogueSchemaVersion => "CATALOGUE_SCHEMA_VERSION",
            ErrorCode::CatalogueDuplicateId => "CATALOGUE_DUPLICATE_ID",
            ErrorCode::CatalogueUnknownReference => "CATALOGUE_UNKNOWN_REFERENCE",
            ErrorCode::CatalogueInvalid => "CATALOGUE_INVALID",
            ErrorCode::CatalogueMissingTranslation => "CATALOGUE_MISSING_TRANSLATION",
            ErrorCode::CatalogueTestFailed => "CATALOGUE_TEST_FAILED",
            ErrorCode::RuleParse => "RULE_PARSE",
            ErrorCode::RuleUnknownOperator => "RULE_UNKNOWN_OPERATOR",
            ErrorCode::RuleArity => "RULE_ARITY",
            ErrorCode::RuleType => "RULE_TYPE",
            ErrorCode::RuleLooseEquality => "RULE_LOOSE_EQUALITY",
            ErrorCode::RuleUnknownVariable => "RULE_UNKNOWN_VARIABLE",
            ErrorCode::RuleTooDeep => "RULE_TOO_DEEP",
            ErrorCode::RuleTooLarge => "RULE_TOO_LARGE",
            ErrorCode::RuleEval => "RULE_EVAL",
            ErrorCode::AnswersInvalid => "ANSWERS_INVALID",
            ErrorCode::ProfileInvalid => "PROFILE_INVALID",
            ErrorCode::InputInvalid => "INPUT_INVALID",
            ErrorCode::DateInvalid => "DATE_INVALID",
            ErrorCode::AssessmentLimit => "ASSESSMENT_LIMIT",
            ErrorCode::QuestionnaireNotFound => "QUESTIONNAIRE_NOT_FOUND",
            ErrorCode::ProductNotFound => "PRODUCT_NOT_FOUND",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// Every code, for documentation and for tests that check the list is stable.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::CatalogueParse,
        ErrorCode::CatalogueSchemaVersion,
        ErrorCode::CatalogueDuplicateId,
        ErrorCode::CatalogueUnknownReference,
        ErrorCode::CatalogueInvalid,
        ErrorCode::CatalogueMissingTranslation,
        ErrorCode::CatalogueTestFailed,
        ErrorCode::RuleParse,
        ErrorCode::RuleUnknownOperator,
        ErrorCode::RuleArity,
        ErrorCode::RuleType,
        ErrorCode::RuleLooseEquality,
        ErrorCode::RuleUnknownVariable,
        ErrorCode::RuleTooDeep,
        ErrorCode::RuleTooLarge,
        ErrorCode::RuleEval,
        ErrorCode::AnswersInvalid,
        ErrorCode::ProfileInvalid,
        ErrorCode::InputInvalid,
        ErrorCode::DateInvalid,
        ErrorCode::AssessmentLimit,
        ErrorCode::QuestionnaireNotFound,
        ErrorCode::ProductNotFound,
        ErrorCode::Internal,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An engine error: `code` for machines, `message` for people, `path` (a JSON Pointer such as
/// `/products/7/eligibility/and/2`) for finding the node.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    pub path: String,
}

impl Error {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            path: path.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{}: {}: {}", self.path, self.code, self.message)
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Parses JSON text into `T`; a shape error carries the JSON Pointer of the offending field
/// (`/products/7/riskLevel`), a syntax error its line and column in the message.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str, code: ErrorCode) -> Result<T> {
    deserialize_at(&mut serde_json::Deserializer::from_str(text), code)
}

/// Deserialises from any serde source (JSON text, a JS value at the boundary) with the JSON
/// Pointer of the first offending field in the error.
pub fn deserialize_at<'de, D, T>(de: D, code: ErrorCode) -> Result<T>
where
    D: serde::Deserializer<'de>,
    D::Error: fmt::Display,
    T: serde::Deserialize<'de>,
{
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = to_pointer(&e.path().to_string());
        Error::new(code, path, e.into_inner().to_string())
    })
}

/// serde_path_to_error's `products[7].texts.name` -> `/products/7/texts/name`.
fn to_pointer(p: &str) -> String {
    let mut out = String::new();
    if p == "." {
        return out;
    }
    for seg in p.split('.') {
        let mut rest = seg;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out = pointer_push(&out, &rest[..i]);
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                out = pointer_push(&out, &stripped[..end]);
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else if !rest.is_empty() {
            out = pointer_push(&out, rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn serde_paths_become_pointers() {
        assert_eq!(to_pointer("products[7].texts.name"), "/products/7/texts/name");
        assert_eq!(to_pointer("riskScale.sriToLevel[2]"), "/riskScale/sriToLevel/2");
        assert_eq!(to_pointer("."), "");
    }

    #[test]
    fn parse_json_reports_the_field() {
        let e = parse_json::<Vec<crate::model::Money>>("[1, 2.5]", ErrorCode::InputInvalid).unwrap_err();
        assert_eq!(e.path, "/1");
        assert_eq!(e.code, ErrorCode::InputInvalid);
    }

    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake() {
        let mut seen = std::collections::BTreeSet::new();
        for c in ErrorCode::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        }
    }

    #[test]
    fn pointer_escapes_tokens() {
        assert_eq!(pointer_push("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(pointer_push("", "0"), "/0");
    }

    #[test]
    fn display_puts_path_first() {
        let e = Error::new(ErrorCode::RuleArity, "/products/1/eligibility", "needs 2");
        assert_eq!(e.to_string(), "/products/1/eligibility: RULE_ARITY: needs 2");
    }
}
