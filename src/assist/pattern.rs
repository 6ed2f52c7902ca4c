//! A small regular-expression matcher for search, over code points.
//!
//! The `regex` crate would add about 440 KB (measured on a native release build with
//! `opt-level = "z"` and LTO, default features off, `unicode-case` on) to an app whose whole
//! WebAssembly file is about 615 KB, for a search box. This matcher covers what people type
//! there: literals, `.`, classes (`[a-z]`, `[^…]`, `\d`, `\w`, `\s` and their negations),
//! groups `(…)` and `(?:…)`, alternation `|`, the quantifiers `* + ? {m} {m,} {m,n}` (greedy,
//! or lazy with a trailing `?`), anchors `^` `$` (at line starts and ends) and `\b` `\B`.
//! Case-insensitive matching folds Unicode case character by character. It runs as a Pike VM,
//! so time grows linearly with the text whatever the pattern (no catastrophic backtracking),
//! and matches are leftmost-first, like Perl and the `regex` crate.

use thiserror::Error;

/// Repetition counts above this are refused: `a{100000}` would build a huge program.
const MAX_REPEAT: u32 = 1000;
/// The largest compiled program, in instructions.
const MAX_PROGRAM: usize = 20_000;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{message} (at character {at})")]
pub struct PatternError {
    pub message: String,
    /// Code-point position in the pattern.
    pub at: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Class {
    ranges: Vec<(char, char)>,
    digit: bool,
    word: bool,
    space: bool,
    negated: bool,
}

impl Class {
    fn empty() -> Class {
        Class {
            ranges: Vec::new(),
            digit: false,
            word: false,
            space: false,
            negated: false,
        }
    }

    fn matches_exactly(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
            || (self.digit && c.is_numeric())
            || (self.word && is_word(c))
            || (self.space && c.is_whitespace())
    }

    fn matches(&self, c: char, fold_case: bool) -> bool {
        let hit = self.matches_exactly(c)
            || (fold_case && (self.matches_exactly(lower(c)) || self.matches_exactly(upper(c))));
        hit != self.negated
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The simple (one character) lower-case mapping, or the character itself.
fn lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Assertion {
    LineStart,
    LineEnd,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Class),
    Assert(Assertion),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn error(&self, message: &str) -> PatternError {
        PatternError {
            message: message.to_string(),
            at: self.at,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alternation(&mut self) -> Result<Node, PatternError> {
        let mut branches = vec![self.concatenation()?];
        while self.peek() == Some('|') {
            self.at += 1;
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().expect("one branch")
        } else {
            Node::Alt(branches)
        })
    }

    fn concatenation(&mut self) -> Result<Node, PatternError> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().expect("one item"),
            _ => Node::Concat(items),
        })
    }

    /// A `{m}`, `{m,}` or `{m,n}` at the cursor, without consuming it unless it is one.
    fn counts(&mut self) -> Result<Option<(u32, Option<u32>)>, PatternError> {
        let rest: String = self.chars[self.at..].iter().take(24).collect();
        let Some(close) = rest.find('}') else {
            return Ok(None);
        };
        let inner = &rest[1..close];
        let parse = |s: &str| s.parse::<u32>().ok();
        let counts = match inner.split_once(',') {
            None => parse(inner).map(|n| (n, Some(n))),
            Some((lo, "")) => parse(lo).map(|n| (n, None)),
            Some((lo, hi)) => parse(lo).zip(parse(hi)).map(|(a, b)| (a, Some(b))),
        };
        let Some((min, max)) = counts else {
            return Ok(None);
        };
        if max.is_some_and(|max| max < min) {
            return Err(self.error("repetition {m,n} with n smaller than m"));
        }
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT) {
            return Err(self.error("repetition count above 1000"));
        }
        self.at += inner.chars().count() + 2;
        Ok(Some((min, max)))
    }

    fn quantified(&mut self, mut atom: Node) -> Result<Node, PatternError> {
        let mut repeated = false;
        loop {
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.at += 1;
                    (0, None)
                }
                Some('+') => {
                    self.at += 1;
                    (1, None)
                }
                Some('?') => {
                    self.at += 1;
                    (0, Some(1))
                }
                Some('{') => match self.counts()? {
                    Some(counts) => counts,
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            if matches!(atom, Node::Empty | Node::Assert(_)) {
                return Err(self.error("nothing to repeat"));
            }
            if repeated {
                return Err(self.error("a quantifier cannot follow another; use (?:…)"));
            }
            let greedy = if self.peek() == Some('?') {
                self.at += 1;
                false
            } else {
                true
            };
            repeated = true;
            atom = Node::Repeat {
                node: Box::new(atom),
                min,
                max,
                greedy,
            };
        }
    }

    fn atom(&mut self) -> Result<Node, PatternError> {
        let c = self.peek().ok_or_else(|| self.error("unexpected end"))?;
        self.at += 1;
        Ok(match c {
            '(' => {
                if self.chars[self.at..].starts_with(&['?', ':']) {
                    self.at += 2;
                } else if self.peek() == Some('?') {
                    return Err(self.error("only (?:…) groups are supported"));
                }
                self.depth += 1;
                if self.depth > 100 {
                    return Err(self.error("groups nested too deep"));
                }
                let inner = self.alternation()?;
                if self.peek() != Some(')') {
                    return Err(self.error("unclosed group: missing )"));
                }
                self.at += 1;
                self.depth -= 1;
                inner
            }
            ')' => return Err(self.error("unopened group: ) without (")),
            '[' => Node::Class(self.class()?),
            '.' => Node::Any,
            '^' => Node::Assert(Assertion::LineStart),
            '$' => Node::Assert(Assertion::LineEnd),
            '*' | '+' | '?' => return Err(self.error("nothing to repeat")),
            '\\' => self.escape()?,
            c => Node::Char(c),
        })
    }

    fn escape(&mut self) -> Result<Node, PatternError> {
        let c = self
            .peek()
            .ok_or_else(|| self.error("pattern ends with a backslash"))?;
        self.at += 1;
        let class = |set: fn(&mut Class), negated: bool| {
            let mut class = Class::empty();
            set(&mut class);
            class.negated = negated;
            Node::Class(class)
        };
        Ok(match c {
            'd' => class(|c| c.digit = true, false),
            'D' => class(|c| c.digit = true, true),
            'w' => class(|c| c.word = true, false),
            'W' => class(|c| c.word = true, true),
            's' => class(|c| c.space = true, false),
            'S' => class(|c| c.space = true, true),
            'b' => Node::Assert(Assertion::WordBoundary),
            'B' => Node::Assert(Assertion::NotWordBoundary),
            _ => Node::Char(self.escaped_char(c)?),
        })
    }

    /// A character after a backslash that stands for itself or a control character.
    fn escaped_char(&self, c: char) -> Result<char, PatternError> {
        match c {
            'n' => Ok('\n'),
            't' => Ok('\t'),
            'r' => Ok('\r'),
            c if c.is_alphanumeric() => Err(self.error(&format!("unknown escape \\{c}"))),
            c => Ok(c),
        }
    }

    fn class(&mut self) -> Result<Class, PatternError> {
        let mut class = Class::empty();
        if self.peek() == Some('^') {
            class.negated = true;
            self.at += 1;
        }
        let mut first = true;
        loop {
            let c = self
                .peek()
                .ok_or_else(|| self.error("unclosed class: missing ]"))?;
            self.at += 1;
            if c == ']' && !first {
                return Ok(class);
            }
            first = false;
            let start = if c == '\\' {
                let e = self
                    .peek()
                    .ok_or_else(|| self.error("unclosed class: missing ]"))?;
                self.at += 1;
                match e {
                    'd' => {
                        class.digit = true;
                        continue;
                    }
                    'w' => {
                        class.word = true;
                        continue;
                    }
                    's' => {
                        class.space = true;
                        continue;
                    }
                    'D' | 'W' | 'S' => {
                        return Err(self.error("\\D, \\W and \\S are not supported inside [ ]"))
                    }
                    e => self.escaped_char(e)?,
                }
            } else {
                c
            };
            let is_range = self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']');
            if is_range {
                self.at += 1;
                let mut end = self
                    .peek()
                    .ok_or_else(|| self.error("unclosed class: missing ]"))?;
                self.at += 1;
                if end == '\\' {
                    let e = self
                        .peek()
                        .ok_or_else(|| self.error("unclosed class: missing ]"))?;
                    self.at += 1;
                    end = self.escaped_char(e)?;
                }
                if end < start {
                    return Err(self.error("class range out of order"));
                }
                class.ranges.push((start, end));
            } else {
                class.ranges.push((start, start));
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inst {
    Char(char),
    Any,
    Class(Class),
    Assert(Assertion),
    /// Try the first target before the second.
    Split(usize, usize),
    Jump(usize),
    Match,
}

struct Compiler {
    program: Vec<Inst>,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, PatternError> {
        if self.program.len() >= MAX_PROGRAM {
            return Err(PatternError {
                message: "pattern too large".into(),
                at: 0,
            });
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    fn compile(&mut self, node: &Node) -> Result<(), PatternError> {
        match node {
            Node::Empty => {}
            Node::Char(c) => drop(self.push(Inst::Char(*c))?),
            Node::Any => drop(self.push(Inst::Any)?),
            Node::Class(class) => drop(self.push(Inst::Class(class.clone()))?),
            Node::Assert(a) => drop(self.push(Inst::Assert(*a))?),
            Node::Concat(items) => {
                for item in items {
                    self.compile(item)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.compile(branch)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.program.len();
                        self.program[split] = Inst::Split(split + 1, next);
                    } else {
                        self.compile(branch)?;
                    }
                }
                let end = self.program.len();
                for j in jumps {
                    self.program[j] = Inst::Jump(end);
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => {
                for _ in 0..*min {
                    self.compile(node)?;
                }
                match max {
                    None => {
                        // L: split body, out; body; jump L
                        let split = self.push(Inst::Split(0, 0))?;
                        self.compile(node)?;
                        self.push(Inst::Jump(split))?;
                        let out = self.program.len();
                        self.program[split] = self.split(split + 1, out, *greedy);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.compile(node)?;
                        }
                        let out = self.program.len();
                        for s in splits {
                            self.program[s] = self.split(s + 1, out, *greedy);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn split(&self, body: usize, out: usize, greedy: bool) -> Inst {
        if greedy {
            Inst::Split(body, out)
        } else {
            Inst::Split(out, body)
        }
    }
}

/// Which instructions already have a thread at the current position.
struct Marks {
    seen: Vec<usize>,
    generation: usize,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    program: Vec<Inst>,
    fold_case: bool,
}

impl Pattern {
    pub fn new(pattern: &str, case_sensitive: bool) -> Result<Pattern, PatternError> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            at: 0,
            depth: 0,
        };
        let node = parser.alternation()?;
        if parser.at < parser.chars.len() {
            return Err(parser.error("unopened group: ) without ("));
        }
        let mut compiler = Compiler {
            program: Vec::new(),
        };
        compiler.compile(&node)?;
        compiler.push(Inst::Match)?;
        Ok(Pattern {
            program: compiler.program,
            fold_case: !case_sensitive,
        })
    }

    /// A pattern that matches `text` literally.
    pub fn literal(text: &str, case_sensitive: bool) -> Result<Pattern, PatternError> {
        let mut program: Vec<Inst> = text.chars().map(Inst::Char).collect();
        if program.len() >= MAX_PROGRAM {
            return Err(PatternError {
                message: "pattern too large".into(),
                at: 0,
            });
        }
        program.push(Inst::Match);
        Ok(Pattern {
            program,
            fold_case: !case_sensitive,
        })
    }

    fn char_matches(&self, inst: &Inst, c: char) -> bool {
        match inst {
            Inst::Char(p) => *p == c || (self.fold_case && lower(*p) == lower(c)),
            Inst::Any => c != '\n',
            Inst::Class(class) => class.matches(c, self.fold_case),
            _ => false,
        }
    }

    /// Follows jumps, splits and assertions from `pc` at `at`, adding threads in priority
    /// order. `seen` marks instructions already added at this position.
    fn add_thread(
        &self,
        list: &mut Vec<(usize, usize)>,
        marks: &mut Marks,
        text: &[char],
        pc: usize,
        at: usize,
        start: usize,
    ) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if marks.seen[pc] == marks.generation {
                continue;
            }
            marks.seen[pc] = marks.generation;
            match &self.program[pc] {
                Inst::Jump(to) => stack.push(*to),
                Inst::Split(first, second) => {
                    // The stack pops the first target first.
                    stack.push(*second);
                    stack.push(*first);
                }
                Inst::Assert(assertion) => {
                    let before = at.checked_sub(1).map(|i| text[i]);
                    let after = text.get(at).copied();
                    let holds = match assertion {
                        Assertion::LineStart => before.is_none_or(|c| c == '\n'),
                        Assertion::LineEnd => after.is_none_or(|c| c == '\n' || c == '\r'),
                        Assertion::WordBoundary | Assertion::NotWordBoundary => {
                            let boundary =
                                before.is_some_and(is_word) != after.is_some_and(is_word);
                            boundary == (*assertion == Assertion::WordBoundary)
                        }
                    };
                    if holds {
                        stack.push(pc + 1);
                    }
                }
                _ => list.push((pc, start)),
            }
        }
    }

    /// The leftmost-first match starting at or after `from`, as a code-point range.
    fn find_at(&self, text: &[char], from: usize) -> Option<(usize, usize)> {
        let n = self.program.len();
        let mut current: Vec<(usize, usize)> = Vec::new();
        let mut next: Vec<(usize, usize)> = Vec::new();
        let mut marks = Marks {
            seen: vec![usize::MAX; n],
            generation: 0,
        };
        let mut found: Option<(usize, usize)> = None;
        let mut at = from;
        loop {
            if found.is_none() {
                // A new thread starting here, at the lowest priority.
                self.add_thread(&mut current, &mut marks, text, 0, at, at);
            }
            if current.is_empty() && (found.is_some() || at >= text.len()) {
                break;
            }
            marks.generation += 1;
            let c = text.get(at).copied();
            for &(pc, start) in &current {
                match &self.program[pc] {
                    Inst::Match => {
                        found = Some((start, at));
                        // Threads after this one have lower priority.
                        break;
                    }
                    inst => {
                        if c.is_some_and(|c| self.char_matches(inst, c)) {
                            self.add_thread(&mut next, &mut marks, text, pc + 1, at + 1, start);
                        }
                    }
                }
            }
            if at >= text.len() {
                break;
            }
            std::mem::swap(&mut current, &mut next);
            next.clear();
            at += 1;
        }
        found
    }

    /// All non-overlapping matches, leftmost-first, as code-point ranges. After an empty
    /// match the search moves on by one character.
    pub fn find_all(&self, text: &[char]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while from <= text.len() {
            let Some((start, end)) = self.find_at(text, from) else {
                break;
            };
            out.push((start, end));
            from = if end > start { end } else { end + 1 };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matched texts of a pattern in a text.
    fn matches(pattern: &str, case_sensitive: bool, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let pattern = Pattern::new(pattern, case_sensitive).expect("valid pattern");
        pattern
            .find_all(&chars)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn patterns_match_like_perl() {
        for (pattern, case_sensitive, text, expected) in [
            (
                "gaza",
                false,
                "Gaza GAZA gaza",
                &["Gaza", "GAZA", "gaza"][..],
            ),
            ("gaza", true, "Gaza GAZA gaza", &["gaza"]),
            ("ünal", false, "ÜNAL Ünal", &["ÜNAL", "Ünal"]),
            ("a.c", true, "abc a\nc axc", &["abc", "axc"]),
            ("[a-c]+", true, "xxabcbay", &["abcba"]),
            ("[^a-c ]+", true, "abc def", &["def"]),
            ("\\d+", true, "On 7 October 2023", &["7", "2023"]),
            ("\\w+", true, "el-Sisi’s", &["el", "Sisi", "s"]),
            (
                "\\bcairo\\b",
                false,
                "Cairo cairois Cairo.",
                &["Cairo", "Cairo"],
            ),
            ("\\Bis", true, "cairois is", &["is"]),
            (
                "^[A-Z]\\w*",
                true,
                "Blinken met\nHamas said",
                &["Blinken", "Hamas"],
            ),
            ("said$", true, "he said\nshe said", &["said", "said"]),
            (
                "Israel|Hamas",
                true,
                "Hamas and Israel",
                &["Hamas", "Israel"],
            ),
            ("(?:ab)+", true, "ababab ab", &["ababab", "ab"]),
            ("(a|ab)(c|bcd)", true, "abcd", &["abcd"]),
            ("a{2,3}", true, "a aa aaaa", &["aa", "aaa"]),
            ("a{2}", true, "aaaaa", &["aa", "aa"]),
            ("a{2,}", true, "a aaaaa", &["aaaaa"]),
            ("“.*?”", true, "“one” and “two”", &["“one”", "“two”"]),
            ("“.*”", true, "“one” and “two”", &["“one” and “two”"]),
            ("colou?r", true, "color colour", &["color", "colour"]),
            ("x*", true, "axxb", &["", "xx", "", ""]),
            ("\\.", true, "a.b", &["."]),
            ("[\\d,]+", true, "1,200 people", &["1,200"]),
            ("[]a]", true, "]a", &["]", "a"]),
            ("a{x}", true, "a{x}", &["a{x}"]),
            ("😀+", true, "a😀😀b", &["😀😀"]),
        ] {
            assert_eq!(
                matches(pattern, case_sensitive, text),
                expected,
                "{pattern} in {text:?}"
            );
        }
    }

    #[test]
    fn bad_patterns_are_errors() {
        for (pattern, at) in [
            ("(unclosed", 9),
            ("unopened)", 8),
            ("*a", 1),
            ("a**", 3),
            ("a*??*", 4),
            ("[abc", 4),
            ("\\q", 2),
            ("trailing\\", 9),
            ("[z-a]", 4),
            ("a{3,2}", 1),
            ("a{5000}", 1),
            ("(?=x)", 1),
        ] {
            let error = Pattern::new(pattern, true).expect_err(pattern);
            assert_eq!(error.at, at, "{pattern}: {error}");
        }
        assert!(Pattern::new("(?:a{1000}){1000}", true).is_err());
    }

    #[test]
    fn long_texts_take_linear_time_even_for_nested_repeats() {
        // (a*)*b on many a's is exponential for a backtracking matcher.
        let text: Vec<char> = "a".repeat(20_000).chars().collect();
        let pattern = Pattern::new("(a*)*b", true).expect("valid");
        assert!(pattern.find_at(&text, 0).is_none());
    }
}
