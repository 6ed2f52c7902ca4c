//! One sort for the lists the page puts in order.
//!
//! Each `sort_by_key` over another element type is another copy of the standard library's
//! stable sort in the wasm, 3 to 5 KB apiece. [`sort_by_order`] sorts `(key, index)` pairs,
//! one copy for every list, and then moves the items into that order. The keys are two
//! numbers; [`range_order`] and [`descending`] make them from what the lists are ordered by.

use crate::model::offsets::CpRange;

/// What a list is ordered by: compared as a pair, the first number first.
pub type Order = (u64, u64);

/// Sorts `items` by `order`; stable (items of equal order keep theirs).
pub fn sort_by_order<T>(items: &mut Vec<T>, order: impl Fn(&T) -> Order) {
    let mut keyed: Vec<(Order, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (order(item), i))
        .collect();
    // Unstable is enough: no two pairs are equal, their indices differ.
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        keyed
            .into_iter()
            .map(|(_, i)| slots[i].take().expect("every index is in the list once")),
    );
}

/// Earlier start first; of equal starts, the longer range first.
pub fn range_order(range: CpRange) -> u64 {
    let start = range.start.0 as u64 & 0xFFFF_FFFF;
    let end = range.end.0 as u64 & 0xFFFF_FFFF;
    (start << 32) | (0xFFFF_FFFF - end)
}

/// The larger number first, in the order of `f32::total_cmp` turned around.
pub fn descending(x: f32) -> u64 {
    let bits = x.to_bits();
    // total_cmp's order of the bits: negative numbers flipped, positive ones above them.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    };
    u64::from(!ascending)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::offsets::CodePoint;

    fn range(start: usize, end: usize) -> CpRange {
        CpRange {
            start: CodePoint(start),
            end: CodePoint(end),
        }
    }

    #[test]
    fn sorts_stably_by_the_pair() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_order(&mut items, |&(k, _)| (k, 0));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        // All equal: nothing moves.
        sort_by_order(&mut items, |_| (7, 7));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        sort_by_order(&mut items, |&(_, c)| (0, u64::from(c as u32 % 2)));
        assert_eq!(items, [(1, 'b'), (2, 'd'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn ranges_by_start_then_longer_first() {
        let mut ranges = vec![
            range(5, 6),
            range(0, 3),
            range(0, 9),
            range(5, 20),
            range(2, 2),
        ];
        sort_by_order(&mut ranges, |&r| (range_order(r), 0));
        assert_eq!(
            ranges,
            [
                range(0, 9),
                range(0, 3),
                range(2, 2),
                range(5, 20),
                range(5, 6)
            ]
        );
    }

    #[test]
    fn descending_matches_total_cmp_reversed() {
        let values = [
            0.5f32,
            -1.0,
            0.0,
            -0.0,
            1.0,
            0.75,
            f32::INFINITY,
            -f32::INFINITY,
            0.25,
        ];
        let mut ours = values.to_vec();
        sort_by_order(&mut ours, |&x| (descending(x), 0));
        let mut std = values.to_vec();
        std.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(
            ours.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            std.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}
