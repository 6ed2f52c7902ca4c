//! Substring search fast enough to go over a corpus on every keystroke: thousands of texts,
//! tens of megabytes, in WebAssembly without SIMD. The standard library's `str::contains`
//! steps through short needles a byte or two at a time; here the needle's rarest byte is
//! looked for eight bytes at a time (SWAR: a "has this byte" test on a `u64`), and only where
//! it occurs is the whole needle compared. For ASCII text the case of letters can be ignored
//! in the search itself, so an English corpus needs no lower-case copy.

/// Whether `haystack` holds `needle`, byte for byte (fold case before, if it should not
/// count). The answer is exactly `haystack.contains(needle)`'s.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack.as_bytes(), needle.as_bytes(), false)
}

/// Whether `haystack` holds `needle` when ASCII letters are compared without their case: for
/// an ASCII haystack, exactly `haystack.to_lowercase().contains(&needle.to_lowercase())`, without
/// the lower-case copy.
pub fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    find(haystack.as_bytes(), needle.as_bytes(), true)
}

fn find(haystack: &[u8], needle: &[u8], ignore_case: bool) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.len() > haystack.len() {
        return false;
    }
    let (offset, rare) = rarest_byte(needle);
    let (rare, other) = if ignore_case {
        (rare.to_ascii_lowercase(), rare.to_ascii_uppercase())
    } else {
        (rare, rare)
    };
    // Where the rare byte may be: a match starting at `start` has it at `start + offset`.
    let last_start = haystack.len() - needle.len();
    let window = &haystack[offset..=last_start + offset];
    let is_rare = |byte: u8| byte == rare || byte == other;
    let matches_at = |start: usize| {
        let piece = &haystack[start..start + needle.len()];
        if ignore_case {
            piece.eq_ignore_ascii_case(needle)
        } else {
            piece == needle
        }
    };
    let (rare_word, other_word) = (
        u64::from_le_bytes([rare; 8]),
        u64::from_le_bytes([other; 8]),
    );
    let mut chunks = window.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        let mut found = has_zero_byte(word ^ rare_word) | has_zero_byte(word ^ other_word);
        while found != 0 {
            // The lowest flag is exact; flags above a true one may be false, so each is checked.
            let at = base + (found.trailing_zeros() / 8) as usize;
            if is_rare(window[at]) && matches_at(at) {
                return true;
            }
            found &= found - 1;
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .enumerate()
        .any(|(k, &byte)| is_rare(byte) && matches_at(base + k))
}

/// The high bit of each byte of `word` that is zero (and maybe of bytes above one that is).
fn has_zero_byte(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// The needle's byte least likely in running text, and where it is in the needle.
fn rarest_byte(needle: &[u8]) -> (usize, u8) {
    let (offset, &byte) = needle
        .iter()
        .enumerate()
        .min_by_key(|&(_, &b)| commonness(b))
        .expect("a needle that is not empty");
    (offset, byte)
}

/// How common a byte is in text (higher: more common). Space and the frequent letters of
/// English come first; the bytes of other scripts' characters (≥ 0x80) in between; digits and
/// punctuation are rare.
fn commonness(byte: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    match byte {
        b' ' => 255,
        b'A'..=b'Z' | b'a'..=b'z' => {
            let lower = byte.to_ascii_lowercase();
            let rank = BY_FREQUENCY.iter().position(|&b| b == lower).unwrap_or(0);
            250 - 4 * rank as u8
        }
        0x80.. => 140,
        _ => 50,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: haystack, needle, and the answer (which is also checked against std).
    #[test]
    fn finds_what_str_contains_finds() {
        let cases = [
            ("", "", true),
            ("abc", "", true),
            ("", "a", false),
            ("ab", "abc", false),
            ("the harbour bridge", "harbour", true),
            ("the harbour bridge", "harbor", false),
            ("harbour", "harbour", true),
            ("xxxxxxxxxxxxxxxxq", "q", true),
            ("xxxxxxxxxxxxxxxxq", "xq", true),
            ("qxxxxxxxxxxxxxxxx", "qx", true),
            ("xxxxxxxqxxxxxxxxxxxx", "xqx", true),
            ("aaaaaaaaaaaaaaaaaaab", "aab", true),
            ("aaaaaaaaaaaaaaaaaaaa", "aab", false),
            ("zzzzzzz zzzzzzzzzzz", "z z", true),
            ("erdoğan spoke", "ğan", true),
            ("erdoğan spoke", "gan", false),
            ("état et état", "t é", true),
            ("عباس كامل في القاهرة", "كامل", true),
        ];
        for (haystack, needle, expected) in cases {
            assert_eq!(
                contains(haystack, needle),
                expected,
                "{haystack:?} {needle:?}"
            );
            assert_eq!(
                haystack.contains(needle),
                expected,
                "{haystack:?} {needle:?}"
            );
        }
    }

    /// Each case: an ASCII haystack, a lower-case needle, and the answer.
    #[test]
    fn ascii_letters_match_in_either_case() {
        let cases = [
            ("The HARBOUR Bridge", "harbour", true),
            ("The HARBOUR Bridge", "harbour b", true),
            ("The HARBOUR Bridge", "harbor", false),
            ("XXXXXXXXXXXXXXXXQ", "xq", true),
            ("xxxxxxxxxxxxxxxxQ", "q", true),
            ("Report 09999", "report 0999", true),
            ("Report 09999", "report 1", false),
            // Only letters fold: "@" is not "`" though they differ by the case bit.
            ("a@b", "a`b", false),
            ("[x]", "{x}", false),
        ];
        for (haystack, needle, expected) in cases {
            assert_eq!(
                contains_ignoring_ascii_case(haystack, needle),
                expected,
                "{haystack:?} {needle:?}"
            );
            let std = haystack.to_lowercase().contains(&needle.to_lowercase());
            assert_eq!(std, expected, "{haystack:?} {needle:?}");
        }
    }

    /// Every substring of a text that crosses many eight-byte boundaries is found, at every
    /// alignment; strings one byte off are not, exactly when std says so.
    #[test]
    fn agrees_with_str_contains_on_every_piece_of_a_text() {
        let text = "Secretary Blinken met Abbas Kamel in Cairo; Erdoğan, Shoukry and «the rest» met 12 times.";
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let ascii = text.to_ascii_lowercase();
        let mut checked = 0;
        for (k, &start) in boundaries.iter().enumerate() {
            for &end in &boundaries[k..] {
                let piece = &text[start..end];
                assert!(contains(text, piece), "{piece:?}");
                let altered = format!("{piece}#");
                assert_eq!(
                    contains(text, &altered),
                    text.contains(&altered),
                    "{altered:?}"
                );
                // In capitals, ignoring ASCII case, against the text with its ASCII lowered.
                let shouted = piece.to_uppercase();
                assert_eq!(
                    contains_ignoring_ascii_case(text, &shouted),
                    ascii.contains(&shouted.to_ascii_lowercase()),
                    "{shouted:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, boundaries.len() * (boundaries.len() + 1) / 2);
    }
}
