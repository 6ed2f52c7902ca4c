//! Offsets into a document's text, with the unit named in the type.
//!
//! Spanwise counts **Unicode code points, end exclusive** everywhere a position is stored or
//! exported (as the W3C model and Python do). Rust strings index by UTF-8 bytes and the DOM by
//! UTF-16 code units, so every conversion between the three lives here, in [`TextIndex`], built
//! once per document and updated in place by each text edit. Mixing units by accident is a compile error: `CodePoint`, `Utf16` and
//! `Byte` are distinct types.

use std::fmt;
use std::ops::Range;

/// A position counted in Unicode scalar values (code points) from the start of the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodePoint(pub usize);

/// A position counted in UTF-16 code units, as JavaScript strings and DOM ranges count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Utf16(pub usize);

/// A position counted in UTF-8 bytes, as Rust's `str` indexes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Byte(pub usize);

impl fmt::Display for CodePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A half-open range of code points, `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CpRange {
    pub start: CodePoint,
    pub end: CodePoint,
}

impl CpRange {
    pub fn new(start: usize, end: usize) -> CpRange {
        CpRange {
            start: CodePoint(start),
            end: CodePoint(end),
        }
    }

    pub fn len(&self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two ranges share at least one code point.
    pub fn overlaps(&self, other: CpRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// How many code points apart the index keeps a byte position when it is built. Small enough
/// that a code point → byte conversion scans a few dozen bytes, large enough that a 1 MB text
/// needs a few thousand of them.
const BYTE_CHECKPOINT_EVERY: usize = 64;

/// Conversions between code points, UTF-16 units and bytes for one text.
///
/// Built in one pass over the text. It keeps the code-point positions of the characters outside
/// the Basic Multilingual Plane (the only ones that take two UTF-16 units) and the byte offsets
/// of positions about every [`BYTE_CHECKPOINT_EVERY`] code points, so it stays small for long,
/// mostly-ASCII articles. An edit shifts the positions after it and adds positions in the text
/// it inserts ([`TextIndex::apply_edit`]): it costs a pass of additions, not a scan of the text,
/// so a "Replace all" of 1,000 matches in a 1 MB text stays quick.
#[derive(Clone, Debug, Default)]
pub struct TextIndex {
    n_code_points: usize,
    n_bytes: usize,
    /// Code-point positions of astral characters (UTF-16 surrogate pairs), ascending.
    astral: Vec<usize>,
    /// (code point, byte) of known positions, ascending, the first at the text's start, none
    /// more than [`BYTE_CHECKPOINT_EVERY`] code points from the one before.
    checkpoints: Vec<(usize, usize)>,
}

/// Two indexes are equal when they index equal texts the same way (where each keeps its byte
/// positions is its own affair: an edited index keeps other ones than a fresh one).
impl PartialEq for TextIndex {
    fn eq(&self, other: &Self) -> bool {
        self.n_code_points == other.n_code_points
            && self.n_bytes == other.n_bytes
            && self.astral == other.astral
    }
}

impl Eq for TextIndex {}

impl TextIndex {
    pub fn new(text: &str) -> TextIndex {
        let mut astral = Vec::new();
        let mut checkpoints = Vec::with_capacity(text.len() / BYTE_CHECKPOINT_EVERY + 1);
        let mut n_code_points = 0;
        for (byte, ch) in text.char_indices() {
            if n_code_points % BYTE_CHECKPOINT_EVERY == 0 {
                checkpoints.push((n_code_points, byte));
            }
            if ch.len_utf16() == 2 {
                astral.push(n_code_points);
            }
            n_code_points += 1;
        }
        if checkpoints.is_empty() {
            checkpoints.push((0, 0));
        }
        TextIndex {
            n_code_points,
            n_bytes: text.len(),
            astral,
            checkpoints,
        }
    }

    /// The text's length in code points.
    pub fn len(&self) -> CodePoint {
        CodePoint(self.n_code_points)
    }

    pub fn is_empty(&self) -> bool {
        self.n_code_points == 0
    }

    /// The text's length in UTF-16 units.
    pub fn len_utf16(&self) -> Utf16 {
        Utf16(self.n_code_points + self.astral.len())
    }

    /// Converts a code-point position (clamped to the text's end) to UTF-16 units.
    pub fn to_utf16(&self, cp: CodePoint) -> Utf16 {
        let cp = cp.0.min(self.n_code_points);
        let n_astral_before = self.astral.partition_point(|&a| a < cp);
        Utf16(cp + n_astral_before)
    }

    /// Converts a UTF-16 position to code points. A position inside a surrogate pair (which a DOM
    /// selection can produce) rounds down to the start of that character.
    pub fn from_utf16(&self, u: Utf16) -> CodePoint {
        let u = u.0.min(self.len_utf16().0);
        // Each astral character that starts before `u` adds one unit. One that `u` points into
        // (at its low surrogate) adds only its high surrogate, which rounds down to its start.
        let n_astral_before = partition_astral(&self.astral, u);
        CodePoint(u - n_astral_before)
    }

    /// Converts a code-point position (clamped to the text's end) to a byte offset in `text`,
    /// which must be the text this index was built from.
    pub fn to_byte(&self, text: &str, cp: CodePoint) -> Byte {
        if cp.0 >= self.n_code_points {
            return Byte(self.n_bytes);
        }
        let i = self
            .checkpoints
            .partition_point(|&(c, _)| c <= cp.0)
            .saturating_sub(1);
        let (from_cp, from) = self.checkpoints[i];
        Byte(step_chars(text, from_cp, from, cp.0))
    }

    /// Converts a byte offset to code points. A byte inside a character rounds down.
    pub fn from_byte(&self, text: &str, byte: Byte) -> CodePoint {
        let byte = byte.0.min(self.n_bytes);
        let i = self
            .checkpoints
            .partition_point(|&(_, b)| b <= byte)
            .saturating_sub(1);
        let (from_cp, from) = self.checkpoints[i];
        // Characters that end at or before `byte`: a byte inside a character leaves it out.
        let n_chars = text[from..]
            .char_indices()
            .take_while(|&(b, ch)| from + b + ch.len_utf8() <= byte)
            .count();
        CodePoint(from_cp + n_chars)
    }

    /// Updates the index after `replaced` (code points of the text before) was replaced by
    /// `inserted`, giving `new_text`; it then converts as `TextIndex::new(new_text)` does. The
    /// positions after the edit shift by its change of length; new ones are found by stepping
    /// over the inserted text and the few characters up to the next kept position.
    pub fn apply_edit(&mut self, new_text: &str, replaced: CpRange, inserted: &str) {
        let (start, old_end) = (replaced.start.0, replaced.end.0);
        debug_assert!(start <= old_end && old_end <= self.n_code_points);
        let n_inserted = inserted.chars().count();
        let n_removed = old_end - start;
        let new_n = self.n_code_points - n_removed + n_inserted;
        let new_end = start + n_inserted;
        let removed_bytes = self.n_bytes + inserted.len() - new_text.len();

        let first_astral = self.astral.partition_point(|&a| a < start);
        let after_astral = self.astral.partition_point(|&a| a < old_end);
        let inserted_astral: Vec<usize> = inserted
            .chars()
            .enumerate()
            .filter(|(_, ch)| ch.len_utf16() == 2)
            .map(|(i, _)| start + i)
            .collect();
        let n_inserted_astral = inserted_astral.len();
        self.astral
            .splice(first_astral..after_astral, inserted_astral);
        for a in &mut self.astral[first_astral + n_inserted_astral..] {
            *a = *a - n_removed + n_inserted;
        }

        // Positions up to the edit's start stay; those after its end shift; those inside go.
        let kept = self.checkpoints.partition_point(|&(c, _)| c <= start);
        let after = self.checkpoints.partition_point(|&(c, _)| c <= old_end);
        let mut tail: Vec<(usize, usize)> = self.checkpoints[after..]
            .iter()
            .map(|&(c, b)| {
                (
                    c - n_removed + n_inserted,
                    b - removed_bytes + inserted.len(),
                )
            })
            .collect();
        self.checkpoints.truncate(kept);
        // New positions from the last kept one, over the inserted text, until the next
        // shifted one is near enough.
        let next = tail.first().map_or(new_n, |&(c, _)| c);
        let (mut cp, mut byte) = *self.checkpoints.last().expect("the text's start is kept");
        let mut last = cp;
        let mut chars = new_text[byte..].chars();
        while next - last > BYTE_CHECKPOINT_EVERY || cp < new_end {
            let Some(ch) = chars.next() else {
                break;
            };
            cp += 1;
            byte += ch.len_utf8();
            if cp - last == BYTE_CHECKPOINT_EVERY && cp < next {
                self.checkpoints.push((cp, byte));
                last = cp;
            }
        }
        self.checkpoints.append(&mut tail);
        self.n_code_points = new_n;
        self.n_bytes = new_text.len();
    }

    /// The byte range of a code-point range, for slicing `text`.
    pub fn byte_range(&self, text: &str, range: CpRange) -> Range<usize> {
        self.to_byte(text, range.start).0..self.to_byte(text, range.end).0
    }

    /// The text of a code-point range.
    pub fn slice<'t>(&self, text: &'t str, range: CpRange) -> &'t str {
        &text[self.byte_range(text, range)]
    }
}

/// The byte offset of code point `to`, stepping over characters of `text` from code point
/// `from` at byte `byte`, forwards or backwards.
fn step_chars(text: &str, from: usize, byte: usize, to: usize) -> usize {
    if to >= from {
        text[byte..]
            .char_indices()
            .nth(to - from)
            .map_or(text.len(), |(b, _)| byte + b)
    } else {
        text[..byte]
            .char_indices()
            .nth_back(from - to - 1)
            .map_or(0, |(b, _)| b)
    }
}

/// Number of astral characters starting strictly before UTF-16 position `u`.
fn partition_astral(astral: &[usize], u: usize) -> usize {
    let (mut lo, mut hi) = (0, astral.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if astral[mid] + mid < u {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every conversion checked against a reference computed character by character.
    fn check_all_positions(text: &str) {
        let index = TextIndex::new(text);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(index.len(), CodePoint(chars.len()), "{text:?}");
        assert_eq!(
            index.len_utf16(),
            Utf16(text.encode_utf16().count()),
            "{text:?}"
        );
        let mut utf16 = 0;
        let mut byte = 0;
        for cp in 0..=chars.len() {
            assert_eq!(
                index.to_utf16(CodePoint(cp)),
                Utf16(utf16),
                "{text:?} cp {cp}"
            );
            assert_eq!(
                index.from_utf16(Utf16(utf16)),
                CodePoint(cp),
                "{text:?} u16 {utf16}"
            );
            assert_eq!(
                index.to_byte(text, CodePoint(cp)),
                Byte(byte),
                "{text:?} cp {cp}"
            );
            assert_eq!(
                index.from_byte(text, Byte(byte)),
                CodePoint(cp),
                "{text:?} byte {byte}"
            );
            if let Some(ch) = chars.get(cp) {
                if ch.len_utf16() == 2 {
                    // Inside a surrogate pair: rounds down to the character's start.
                    assert_eq!(
                        index.from_utf16(Utf16(utf16 + 1)),
                        CodePoint(cp),
                        "{text:?}"
                    );
                }
                for inner in 1..ch.len_utf8() {
                    assert_eq!(
                        index.from_byte(text, Byte(byte + inner)),
                        CodePoint(cp),
                        "{text:?}"
                    );
                }
                utf16 += ch.len_utf16();
                byte += ch.len_utf8();
            }
        }
    }

    #[test]
    fn conversions_agree_with_a_char_by_char_count() {
        for text in [
            "",
            "plain ascii",
            "emoji 😀 in the middle 📈 twice",
            "flag 🇶🇦 is two regional indicators",
            "combining: Zoe\u{0308} and cafe\u{0301}",
            "crlf line one\r\nline two\r\n",
            "عربي: قال وزير الخارجية ‏\u{200F}Blinken",
            "עברית ו-English mixed",
            "😀😀😀😀",
            "\u{10FFFF}\u{FFFF}\u{D7FF}",
        ] {
            check_all_positions(text);
        }
    }

    #[test]
    fn conversions_cross_many_checkpoints_and_astral_characters() {
        // Long enough for many byte checkpoints and for the binary search over astral positions.
        let text: String = (0..500)
            .map(|i| if i % 7 == 0 { "🇶🇦 é " } else { "word " })
            .collect();
        check_all_positions(&text);
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let text = "a😀b";
        let index = TextIndex::new(text);
        assert_eq!(index.to_utf16(CodePoint(99)), Utf16(4));
        assert_eq!(index.from_utf16(Utf16(99)), CodePoint(3));
        assert_eq!(index.to_byte(text, CodePoint(99)), Byte(6));
        assert_eq!(index.from_byte(text, Byte(99)), CodePoint(3));
    }

    /// Applies `inserted` over `start..end` of `text` (in code points) to the text and to its
    /// index, and checks the index against one built afresh.
    fn edit_and_check(
        text: &mut String,
        index: &mut TextIndex,
        start: usize,
        end: usize,
        inserted: &str,
    ) {
        let bytes = index.byte_range(text, CpRange::new(start, end));
        text.replace_range(bytes, inserted);
        index.apply_edit(text, CpRange::new(start, end), inserted);
        let fresh = TextIndex::new(text);
        assert_eq!(*index, fresh, "{start}..{end} by {inserted:?}");
        // Every conversion as the fresh index makes it, and the positions kept close together.
        for cp in 0..=fresh.len().0 + 1 {
            let at = index.to_byte(text, CodePoint(cp));
            assert_eq!(
                at,
                fresh.to_byte(text, CodePoint(cp)),
                "{cp} after {start}..{end}"
            );
            assert_eq!(index.from_byte(text, at), fresh.from_byte(text, at));
        }
        for byte in 0..=text.len() {
            assert_eq!(
                index.from_byte(text, Byte(byte)),
                fresh.from_byte(text, Byte(byte))
            );
        }
        assert_eq!(index.checkpoints[0], (0, 0));
        assert!(index
            .checkpoints
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[1].0 - w[0].0 <= BYTE_CHECKPOINT_EVERY));
    }

    #[test]
    fn an_edited_index_equals_a_fresh_one() {
        let base: String = (0..300)
            .map(|i| match i % 5 {
                0 => 'a',
                1 => 'é',
                2 => '€',
                3 => '😀',
                _ => '\n',
            })
            .collect();
        // (start, end, inserted): around checkpoints, at both ends, across many checkpoints.
        let cases: &[(usize, usize, &str)] = &[
            (0, 0, "x"),
            (0, 1, ""),
            (63, 63, "😀"),
            (64, 64, "é"),
            (64, 65, ""),
            (65, 65, "abc"),
            (10, 200, ""),
            (10, 10, &"😀é€a".repeat(70)),
            (127, 129, "y"),
            (299, 300, "zz"),
            (300, 300, "end"),
            (0, 300, ""),
            (0, 300, "€"),
        ];
        for &(start, end, inserted) in cases {
            let mut text = base.clone();
            let mut index = TextIndex::new(&text);
            edit_and_check(&mut text, &mut index, start, end, inserted);
        }
        let mut text = String::new();
        let mut index = TextIndex::new(&text);
        edit_and_check(&mut text, &mut index, 0, 0, &base);
        edit_and_check(&mut text, &mut index, 0, 300, "");
    }

    proptest::proptest! {
        #[test]
        fn any_edits_keep_the_index_equal_to_a_fresh_one(
            initial in "[aé€😀\n]{0,400}",
            edits in proptest::collection::vec(
                (0usize..1000, 0usize..70, "[aé€😀\n]{0,140}"),
                1..12,
            ),
        ) {
            let mut text = initial;
            let mut index = TextIndex::new(&text);
            for (at, n_removed, inserted) in edits {
                let len = index.len().0;
                let start = at % (len + 1);
                let end = (start + n_removed).min(len);
                edit_and_check(&mut text, &mut index, start, end, &inserted);
            }
        }
    }

    #[test]
    fn slice_takes_code_points() {
        let text = "🇶🇦 Doha said “yes”";
        let index = TextIndex::new(text);
        assert_eq!(index.slice(text, CpRange::new(0, 2)), "🇶🇦");
        assert_eq!(index.slice(text, CpRange::new(3, 7)), "Doha");
        assert_eq!(index.slice(text, CpRange::new(13, 18)), "“yes”");
    }
}
