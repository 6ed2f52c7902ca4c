//! Where two texts differ: what the open document's text and the room's have between them.

/// Where two texts differ, in code points: the start, how many code points of `old` are
/// replaced, and by what of `new` (the common start and end left out).
pub fn text_difference<'n>(old: &str, new: &'n str) -> (usize, usize, &'n str) {
    let d = difference(old, new);
    (d.start, d.removed, d.inserted)
}

/// [`text_difference`], with where the replaced part of `old` lies in bytes.
pub(crate) struct Difference<'o, 'n> {
    pub start: usize,
    pub removed: usize,
    pub replaced: &'o str,
    pub inserted: &'n str,
}

/// Compared byte by byte, a block at a time (a typed character in a 1 MB article: the
/// comparison is most of what writing it costs), then cut back to whole characters.
pub(crate) fn difference<'o, 'n>(old: &'o str, new: &'n str) -> Difference<'o, 'n> {
    const BLOCK: usize = 64;
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let n = a.len().min(b.len());
    let mut prefix = 0;
    while prefix + BLOCK <= n && a[prefix..prefix + BLOCK] == b[prefix..prefix + BLOCK] {
        prefix += BLOCK;
    }
    while prefix < n && a[prefix] == b[prefix] {
        prefix += 1;
    }
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let most = n - prefix;
    let mut suffix = 0;
    let tail = |s: &[u8], k: usize, len: usize| s.len() - k - len;
    while suffix + BLOCK <= most
        && a[tail(a, suffix, BLOCK)..a.len() - suffix]
            == b[tail(b, suffix, BLOCK)..b.len() - suffix]
    {
        suffix += BLOCK;
    }
    while suffix < most && a[a.len() - suffix - 1] == b[b.len() - suffix - 1] {
        suffix += 1;
    }
    while !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    let replaced = &old[prefix..old.len() - suffix];
    Difference {
        start: old[..prefix].chars().count(),
        removed: replaced.chars().count(),
        replaced,
        inserted: &new[prefix..new.len() - suffix],
    }
}
