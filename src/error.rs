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

#[derive(Clone)]
enum Slot {
    /// In an object: the last key read (None before the first).
    Key(Option<String>),
    /// In an array: the index of the element being read (None before the first).
    Index(Option<usize>),
}

/// The JSON Pointer of the value being read at byte `offset` of `text`: the innermost member
/// or element that the position is in, or that has just ended there.
pub fn pointer_at(text: &str, offset: usize) -> String {
    let b = text.as_bytes();
    let mut stack: Vec<Slot> = Vec::new();
    let mut i = 0;
    let end = offset.min(b.len());
    while i < end {
        match b.get(i).copied().unwrap_or(b' ') {
            b'{' => stack.push(Slot::Key(None)),
            b'[' => stack.push(Slot::Index(None)),
            b'}' | b']' => {
                // The position just after a closing bracket still means that container.
                if i + 1 >= end {
                    break;
                }
                stack.pop();
            }
            b'"' => {
                let (s, next) = read_string(b, i);
                // A string directly followed by ':' in an object is a key.
                let mut j = next;
                while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                if b.get(j) == Some(&b':') {
                    if let Some(Slot::Key(k)) = stack.last_mut() {
                        *k = Some(s);
                    }
                } else if let Some(Slot::Index(ix)) = stack.last_mut() {
                    if ix.is_none() {
                        *ix = Some(0);
                    }
                }
                i = next;
                continue;
            }
            b',' => {
                if let Some(Slot::Index(ix)) = stack.last_mut() {
                    *ix = Some(ix.map_or(1, |n| n + 1));
                }
            }
            c if !c.is_ascii_whitespace() && c != b':' => {
                if let Some(Slot::Index(ix)) = stack.last_mut() {
                    if ix.is_none() {
                        *ix = Some(0);
                    }
                }
            }
            _ => {}
        }
        // Opening a container inside an array starts its element.
        let depth = stack.len();
        if matches!(b.get(i), Some(b'{' | b'[')) && depth >= 2 {
            if let Some(Slot::Index(ix)) = stack.get_mut(depth - 2) {
                if ix.is_none() {
                    *ix = Some(0);
                }
            }
        }
        i += 1;
    }
    let mut out = String::new();
    for slot in &stack {
        match slot {
            Slot::Key(Some(k)) => out = pointer_push(&out, k),
            Slot::Index(Some(n)) => out = pointer_push(&out, &n.to_string()),
            _ => break,
        }
    }
    out
}

/// Reads the JSON string starting at the quote `b[start]`; returns it (escapes other than
/// `\"` and `\\` kept as written: keys with escapes are rare) and the index after it.
fn read_string(b: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' => {
                if let Some(&n) = b.get(i + 1) {
                    if n != b'"' && n != b'\\' {
                        out.push(c);
                    }
                    out.push(n);
                }
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

#[cfg(test)]
mod tests {
    #[test]
    fn pointer_at_finds_the_member() {
        let t = r#"{"a": {"b": [1, {"c": 2.5}], "d": "x"}, "e": []}"#;
        let at = |needle: &str| pointer_at(t, t.find(needle).unwrap() + needle.len());
        assert_eq!(at("2.5"), "/a/b/1/c");
        assert_eq!(at("[1"), "/a/b/0");
        assert_eq!(at("\"x\""), "/a/d");
        assert_eq!(at("}]"), "/a/b/1");
        assert_eq!(pointer_at(t, 0), "");
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
        assert_eq!(
            e.to_string(),
            "/products/1/eligibility: RULE_ARITY: needs 2"
        );
    }
}
