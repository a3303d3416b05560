//! JSON text as a flat tape of tokens, read in place: what the typed readers
//! ([`super::FromJson`]) walk, instead of a tree of values.
//!
//! Why: building a [`Value`] tree for a 3 MB catalogue and freeing it again was two thirds of
//! its load (one allocation per key, string and container, and a sort per object), and the
//! readers then copied most of it into the catalogue's own types anyway. The tape is one
//! vector: strings stay in the text (only those with escapes are copied, unescaped, into a
//! side buffer), containers record where they end, so a reader skips a subtree in one step.
//! Only the parts kept as JSON (rules, attributes) become [`Value`]s.

use std::fmt;

use super::value::{hex_digit, Map, Number, Value, N};
use crate::util::byte_order;

/// Where and why JSON text could not be read. `offset` is a byte offset into the text.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: &'static str,
    line: usize,
    column: usize,
}

impl SyntaxError {
    /// 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, counted in bytes (as serde_json).
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// Nesting deeper than this is refused (as serde_json): the parser recurses per level.
const MAX_DEPTH: usize = 128;

/// One token. Offsets are `u32`: [`Tape::parse`] refuses texts of 4 GiB and more.
#[derive(Clone, Copy, Debug)]
enum Tok {
    Null,
    Bool(bool),
    Num(Number),
    /// Bytes `from..to` of the text, or of the side buffer when the literal had escapes.
    Str {
        from: u32,
        to: u32,
        escaped: bool,
    },
    /// `len` elements follow; the next token after the array is at `end`.
    Arr {
        len: u32,
        end: u32,
    },
    /// `len` entries follow, each a `Str` key then its value; the next token is at `end`.
    /// `keys` has the [`key_bit`] of every key; `sorted`: the keys are in strictly
    /// ascending order as written.
    Obj {
        len: u32,
        end: u32,
        keys: u64,
        sorted: bool,
    },
}

/// A cheap hash of an object key into one of 64 bits: its length and last byte.
pub(super) fn key_bit(key: &[u8]) -> u64 {
    let last = key.last().copied().unwrap_or(0);
    1 << ((key.len() as u64 * 7 + u64::from(last)) & 63)
}

/// A parsed JSON text.
pub struct Tape<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    unescaped: String,
}

impl<'t> Tape<'t> {
    /// Parses one JSON document (surrounding whitespace allowed, nothing else).
    pub fn parse(text: &'t str) -> Result<Tape<'t>, SyntaxError> {
        let mut p = Parser {
            text,
            b: text.as_bytes(),
            i: 0,
            depth: 0,
            toks: Vec::new(),
            unescaped: String::new(),
        };
        if u32::try_from(text.len()).is_err() {
            return Err(p.error("document too large"));
        }
        // About one token per 30 bytes in a catalogue: start near it, not at zero.
        p.toks.reserve(text.len() / 24 + 4);
        p.value().map_err(|m| p.error(m))?;
        p.ws();
        if p.i < p.b.len() {
            return Err(p.error("trailing characters"));
        }
        Ok(Tape {
            text,
            toks: p.toks,
            unescaped: p.unescaped,
        })
    }

    /// The document's value.
    pub fn root(&self) -> Json<'_> {
        Json { tape: self, i: 0 }
    }

    fn tok(&self, i: usize) -> Tok {
        self.toks.get(i).copied().unwrap_or(Tok::Null)
    }

    /// The index of the token after the value at `i`.
    fn after(&self, i: usize) -> usize {
        match self.tok(i) {
            Tok::Arr { end, .. } | Tok::Obj { end, .. } => end as usize,
            _ => i + 1,
        }
    }

    /// The bytes of the string token at `i` (for comparing keys: no char-boundary checks).
    fn bytes_at(&self, i: usize) -> &[u8] {
        str_bytes(self.toks.get(i), self.text, &self.unescaped)
    }

    fn str_at(&self, i: usize) -> Option<&str> {
        let (s, range) = str_span(self.toks.get(i), self.text, &self.unescaped)?;
        s.get(range)
    }
}

/// Where string token `t` is: the text or the side buffer, and its byte range there.
fn str_span<'s>(
    t: Option<&Tok>,
    text: &'s str,
    unescaped: &'s str,
) -> Option<(&'s str, std::ops::Range<usize>)> {
    match t {
        Some(&Tok::Str { from, to, escaped }) => Some((
            if escaped { unescaped } else { text },
            from as usize..to as usize,
        )),
        _ => None,
    }
}

/// The bytes of string token `t` (empty for any other token).
fn str_bytes<'s>(t: Option<&Tok>, text: &'s str, unescaped: &'s str) -> &'s [u8] {
    str_span(t, text, unescaped)
        .and_then(|(s, range)| s.as_bytes().get(range))
        .unwrap_or_default()
}

/// One value in a [`Tape`]: a cursor, copied freely.
#[derive(Clone, Copy)]
pub struct Json<'a> {
    tape: &'a Tape<'a>,
    i: usize,
}

impl<'a> Json<'a> {
    fn tok(self) -> Tok {
        self.tape.tok(self.i)
    }

    /// "a string", "an object"...: for messages.
    pub fn kind(self) -> &'static str {
        match self.tok() {
            Tok::Null => "null",
            Tok::Bool(_) => "a boolean",
            Tok::Num(_) => "a number",
            Tok::Str { .. } => "a string",
            Tok::Arr { .. } => "an array",
            Tok::Obj { .. } => "an object",
        }
    }

    /// The [`key_bit`]s of an object's keys (0 for anything else).
    pub(super) fn key_bits(self) -> u64 {
        match self.tok() {
            Tok::Obj { keys, .. } => keys,
            _ => 0,
        }
    }

    pub fn is_null(self) -> bool {
        matches!(self.tok(), Tok::Null)
    }

    pub fn is_array(self) -> bool {
        matches!(self.tok(), Tok::Arr { .. })
    }

    pub fn as_str(self) -> Option<&'a str> {
        self.tape.str_at(self.i)
    }

    pub fn as_bool(self) -> Option<bool> {
        match self.tok() {
            Tok::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_number(self) -> Option<Number> {
        match self.tok() {
            Tok::Num(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_f64(self) -> Option<f64> {
        self.as_number().and_then(|n| n.as_f64())
    }

    /// The elements of an array.
    pub fn elements(self) -> Option<Elements<'a>> {
        match self.tok() {
            Tok::Arr { len, .. } => Some(Elements {
                tape: self.tape,
                i: self.i + 1,
                left: len as usize,
            }),
            _ => None,
        }
    }

    /// The entries of an object, in the order written (keys may repeat).
    pub fn entries(self) -> Option<Entries<'a>> {
        match self.tok() {
            Tok::Obj { len, .. } => Some(Entries {
                tape: self.tape,
                i: self.i + 1,
                left: len as usize,
            }),
            _ => None,
        }
    }

    /// The token of an object's first key (for [`Json::entry_at`]).
    pub(super) fn first_entry(self) -> usize {
        self.i + 1
    }

    /// The object entry whose key is token `i`: key, value, and the token of the next key.
    pub(super) fn entry_at(self, i: usize) -> (&'a [u8], Json<'a>, usize) {
        let key = self.tape.bytes_at(i);
        let v = Json {
            tape: self.tape,
            i: i + 1,
        };
        (key, v, self.tape.after(i + 1))
    }

    /// The value as a tree (an object's repeated key: the last one wins, as `JSON.parse`).
    pub fn to_value(self) -> Value {
        match self.tok() {
            Tok::Null => Value::Null,
            Tok::Bool(b) => Value::Bool(b),
            Tok::Num(n) => Value::Number(n),
            Tok::Str { .. } => Value::String(self.as_str().unwrap_or_default().to_string()),
            Tok::Arr { len, .. } => {
                let mut out = Vec::with_capacity(len as usize);
                let mut i = self.i + 1;
                for _ in 0..len {
                    out.push(Json { tape: self.tape, i }.to_value());
                    i = self.tape.after(i);
                }
                Value::Array(out)
            }
            Tok::Obj { len, .. } => {
                let mut out = Vec::with_capacity(len as usize);
                for (k, x) in self.sorted_entries().into_iter().flatten() {
                    out.push((k.to_string(), x.to_value()));
                }
                Value::Object(Map::from_sorted(out))
            }
        }
    }

    /// An object's entries sorted by key, of a repeated key only the last (as `JSON.parse`):
    /// the order of a [`crate::util::KeyMap`], found here once for every value type.
    pub fn sorted_entries(self) -> Option<KeyOrder<'a>> {
        let all = self.entries()?;
        // Most maps are written in key order already (locales "en", "ru", "zh"...): then
        // nothing is collected or sorted.
        if let Tok::Obj { sorted: true, .. } = self.tok() {
            return Some(KeyOrder::Written(all));
        }
        let entries: Vec<(&'a str, Json<'a>)> = all.collect();
        let order =
            crate::util::last_of_each_key(entries.len(), &|i| entries.get(i).map_or("", |e| e.0));
        let mut sorted = Vec::with_capacity(order.len());
        for i in order {
            if let Some(&e) = entries.get(i) {
                sorted.push(e);
            }
        }
        Some(KeyOrder::Sorted(sorted.into_iter()))
    }
}

/// An object's entries in key order: as written when they already were, else sorted.
pub enum KeyOrder<'a> {
    Written(Entries<'a>),
    Sorted(std::vec::IntoIter<(&'a str, Json<'a>)>),
}

impl<'a> Iterator for KeyOrder<'a> {
    type Item = (&'a str, Json<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            KeyOrder::Written(e) => e.next(),
            KeyOrder::Sorted(e) => e.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            KeyOrder::Written(e) => e.size_hint(),
            KeyOrder::Sorted(e) => e.size_hint(),
        }
    }
}

impl ExactSizeIterator for KeyOrder<'_> {}

pub struct Elements<'a> {
    tape: &'a Tape<'a>,
    i: usize,
    left: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Json<'a>;
    fn next(&mut self) -> Option<Json<'a>> {
        self.left = self.left.checked_sub(1)?;
        let v = Json {
            tape: self.tape,
            i: self.i,
        };
        self.i = self.tape.after(self.i);
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Elements<'_> {}

pub struct Entries<'a> {
    tape: &'a Tape<'a>,
    i: usize,
    left: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a str, Json<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        let key = self.tape.str_at(self.i).unwrap_or_default();
        let v = Json {
            tape: self.tape,
            i: self.i + 1,
        };
        self.i = self.tape.after(self.i + 1);
        Some((key, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Entries<'_> {}

struct Parser<'t> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    depth: usize,
    toks: Vec<Tok>,
    unescaped: String,
}

type Step<T> = Result<T, &'static str>;

impl<'t> Parser<'t> {
    fn error(&self, message: &'static str) -> SyntaxError {
        let at = self.i.min(self.b.len());
        let before = self.b.get(..at).unwrap_or_default();
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |n| n + 1)
            + 1;
        SyntaxError {
            offset: at,
            message,
            line,
            column,
        }
    }

    // The hot loops below: at opt-level "z" these would stay calls per byte without the hint
    // (a profile of loading a 3 MB catalogue in wasm showed a fifth of the time in them).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        // Indented text is a third whitespace, most of it spaces after a line break: those
        // are skipped eight at a time.
        const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
        let rest = self.b.get(self.i..).unwrap_or_default();
        let mut n = 0;
        loop {
            match rest.get(n) {
                Some(b'\n') => {
                    n += 1;
                    while let Some(w) = rest.get(n..n + 8) {
                        if u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) != SPACES {
                            break;
                        }
                        n += 8;
                    }
                }
                Some(b' ' | b'\r' | b'\t') => n += 1,
                _ => break,
            }
        }
        self.i += n;
    }

    /// How many bytes from the cursor until a quote, a backslash or a control character.
    #[inline(always)]
    fn plain_run(&self) -> usize {
        const ONES: u64 = u64::from_le_bytes([1; 8]);
        const HIGH: u64 = ONES << 7;
        let rest = self.b.get(self.i..).unwrap_or_default();
        // Eight bytes per step while none can be special: `below(x, n)` is non-zero whenever
        // a byte of `x` is below `n` (n <= 128): a control byte, or a quote or a backslash
        // XORed to zero. Never missed; a false alarm only ends the fast part early, and the
        // byte loop below decides.
        let every = |c: u8| ONES * u64::from(c);
        let below = |x: u64, n: u8| x.wrapping_sub(every(n)) & !x & HIGH;
        let mut n = 0;
        while let Some(chunk) = rest.get(n..n + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or([b'"'; 8]));
            if below(w ^ every(b'"'), 1) | below(w ^ every(b'\\'), 1) | below(w, 0x20) != 0 {
                break;
            }
            n += 8;
        }
        let tail = rest.get(n..).unwrap_or_default();
        n + tail
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            .unwrap_or(tail.len())
    }

    fn literal(&mut self, word: &'static [u8], t: Tok) -> Step<()> {
        for &c in word {
            match self.peek() {
                Some(x) if x == c => self.i += 1,
                None => return Err("EOF while parsing a value"),
                Some(_) => return Err("expected ident"),
            }
        }
        self.toks.push(t);
        Ok(())
    }

    fn value(&mut self) -> Step<()> {
        self.ws();
        match self.peek() {
            None => Err("EOF while parsing a value"),
            Some(b'n') => self.literal(b"null", Tok::Null),
            Some(b't') => self.literal(b"true", Tok::Bool(true)),
            Some(b'f') => self.literal(b"false", Tok::Bool(false)),
            Some(b'"') => {
                self.i += 1;
                self.string()
            }
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number()?;
                self.toks.push(Tok::Num(n));
                Ok(())
            }
            Some(b'[') => {
                self.enter()?;
                let v = self.array();
                self.depth -= 1;
                v
            }
            Some(b'{') => {
                self.enter()?;
                let v = self.object();
                self.depth -= 1;
                v
            }
            Some(_) => Err("expected value"),
        }
    }

    fn enter(&mut self) -> Step<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("recursion limit exceeded");
        }
        self.i += 1;
        Ok(())
    }

    /// Sets the container token at `at` once its contents are on the tape (`keys` and
    /// `sorted` for an object, as in [`Tok::Obj`]).
    fn close(&mut self, at: usize, len: u32, object: Option<(u64, bool)>) {
        let end = u32::try_from(self.toks.len()).unwrap_or(u32::MAX);
        if let Some(t) = self.toks.get_mut(at) {
            *t = match object {
                Some((keys, sorted)) => Tok::Obj {
                    len,
                    end,
                    keys,
                    sorted,
                },
                None => Tok::Arr { len, end },
            };
        }
    }

    /// The bytes of string token `i`.
    fn tok_bytes(&self, i: usize) -> &[u8] {
        str_bytes(self.toks.get(i), self.text, &self.unescaped)
    }

    fn array(&mut self) -> Step<()> {
        let at = self.toks.len();
        self.toks.push(Tok::Null);
        let mut len = 0u32;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.close(at, len, None);
            return Ok(());
        }
        loop {
            self.value()?;
            len += 1;
            if !self.separator(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                self.close(at, len, None);
                return Ok(());
            }
        }
    }

    /// After an element or entry: `,` (true: another follows) or the closing `close` (false).
    fn separator(&mut self, close: u8, eof: &'static str, expected: &'static str) -> Step<bool> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(close) {
                    return Err("trailing comma");
                }
                Ok(true)
            }
            Some(c) if c == close => {
                self.i += 1;
                Ok(false)
            }
            None => Err(eof),
            Some(_) => Err(expected),
        }
    }

    fn object(&mut self) -> Step<()> {
        let at = self.toks.len();
        self.toks.push(Tok::Null);
        let mut len = 0u32;
        let (mut keys, mut sorted, mut prev) = (0u64, true, None);
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.close(at, len, Some((keys, sorted)));
            return Ok(());
        }
        loop {
            match self.peek() {
                Some(b'"') => self.i += 1,
                None => return Err("EOF while parsing an object"),
                Some(_) => return Err("key must be a string"),
            }
            self.string()?;
            let key = self.toks.len().saturating_sub(1);
            let bytes = self.tok_bytes(key);
            keys |= key_bit(bytes);
            sorted = sorted && prev.is_none_or(|p| byte_order(self.tok_bytes(p), bytes).is_lt());
            prev = Some(key);
            self.ws();
            match self.peek() {
                Some(b':') => self.i += 1,
                None => return Err("EOF while parsing an object"),
                Some(_) => return Err("expected `:`"),
            }
            self.value()?;
            len += 1;
            if !self.separator(b'}', "EOF while parsing an object", "expected `,` or `}`")? {
                self.close(at, len, Some((keys, sorted)));
                return Ok(());
            }
        }
    }

    /// The rest of a string literal (the opening quote is consumed), as a `Str` token.
    fn string(&mut self) -> Step<()> {
        // Without escapes the token points into the text; with them, the unescaped string
        // goes to the side buffer (runs between escapes copied in one piece).
        let start = self.i;
        let mut copied: Option<usize> = None;
        loop {
            let run = self.i;
            self.i += self.plain_run();
            let piece = self.slice(run, self.i);
            match self.peek() {
                None => return Err("EOF while parsing a string"),
                Some(b'"') => {
                    let (from, to, escaped) = match copied {
                        None => (start, self.i, false),
                        Some(from) => {
                            self.unescaped.push_str(piece);
                            (from, self.unescaped.len(), true)
                        }
                    };
                    self.i += 1;
                    // Both below 4 GiB: `Tape::parse` checked the text's length, and the side
                    // buffer is never longer than the text.
                    self.toks.push(Tok::Str {
                        from: from as u32,
                        to: to as u32,
                        escaped,
                    });
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    if copied.is_none() {
                        copied = Some(self.unescaped.len());
                    }
                    self.unescaped.push_str(piece);
                    self.escape()?;
                }
                Some(_) => {
                    return Err("control character (\\u0000-\\u001F) found while parsing a string")
                }
            }
        }
    }

    /// A piece of the text; only ever cut next to ASCII bytes, so always at char boundaries.
    fn slice(&self, from: usize, to: usize) -> &'t str {
        self.text.get(from..to).unwrap_or_default()
    }

    fn escape(&mut self) -> Step<()> {
        let c = self.peek().ok_or("EOF while parsing a string")?;
        self.i += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                match hi {
                    0xd800..=0xdbff => {
                        if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                            return Err("lone leading surrogate in hex escape");
                        }
                        self.i += 2;
                        let lo = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&lo) {
                            return Err("lone leading surrogate in hex escape");
                        }
                        let code = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                        char::from_u32(code).ok_or("invalid unicode code point")?
                    }
                    0xdc00..=0xdfff => return Err("lone leading surrogate in hex escape"),
                    _ => char::from_u32(hi).ok_or("invalid unicode code point")?,
                }
            }
            _ => return Err("invalid escape"),
        };
        self.unescaped.push(ch);
        Ok(())
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let c = self.peek().ok_or("EOF while parsing a string")?;
            let d = hex_digit(c).ok_or("invalid escape")?;
            n = n * 16 + d;
            self.i += 1;
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Step<Number> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let int_start = self.i;
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err("invalid number");
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err("EOF while parsing a value"),
            Some(_) => return Err("invalid number"),
        }
        let int_end = self.i;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            float = true;
            if self.digits() == 0 {
                return Err(if self.peek().is_none() {
                    "EOF while parsing a value"
                } else {
                    "invalid number"
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(if self.peek().is_none() {
                    "EOF while parsing a value"
                } else {
                    "invalid number"
                });
            }
        }
        if !float {
            let digits = self.slice(int_start, int_end);
            if let Ok(u) = digits.parse::<u64>() {
                if !negative {
                    return Ok(Number(N::PosInt(u)));
                }
                if u == 0 {
                    // serde_json reads `-0` as the float -0.0.
                    return Ok(Number(N::Float(-0.0)));
                }
                if let Some(i) = 0i64.checked_sub_unsigned(u) {
                    return Ok(Number(N::NegInt(i)));
                }
            }
        }
        let f = super::parse_f64(self.slice(start, self.i)).ok_or("invalid number")?;
        Number::from_f64(f).ok_or("number out of range")
    }
}
