//! Krippendorff's αu against the worked examples of Krippendorff (1995) and (2004), as DKPro
//! Statistics tests them, and on documents.

use crate::agreement::alpha::{unitizing_alpha, Alpha};

/// One annotator's units as `(start, end, label)`.
type Units = Vec<(usize, usize, &'static str)>;

/// Units `(start, length, label)`, the way the literature and DKPro write them.
fn units(list: &[(usize, usize, &'static str)]) -> Vec<(usize, usize, &'static str)> {
    list.iter()
        .map(|&(start, length, label)| (start, start + length, label))
        .collect()
}

/// Each label's (D_o, D_e, αu) rounded to four places, and the overall αu.
fn render(alpha: &Alpha) -> String {
    let mut out: Vec<String> = alpha
        .labels
        .iter()
        .map(|(label, a)| {
            let value = a.alpha.map_or("none".to_string(), |v| format!("{v:.4}"));
            format!("{label}: {:.4} {:.4} {value}", a.observed, a.expected)
        })
        .collect();
    out.push(format!(
        "overall: {}",
        alpha
            .overall
            .map_or("none".to_string(), |v| format!("{v:.4}"))
    ));
    out.join("\n")
}

/// Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*, 2nd ed.,
/// Sage, p. 254: two observers, continuum 150–450, categories c and k. Published: D_o(c) =
/// 0.0144, D_e(c) = 0.0532, αu(c) = 0.7286, D_o(k) = 0, D_e(k) = 0.0490, αu(k) = 1, and over
/// both categories αu = 0.8591 (the values DKPro Statistics' `Krippendorff2004Test` asserts).
/// The continuum starts at 150 there; αu depends only on differences and lengths, so the
/// units are moved to start at 0.
///
/// The published 0.8591 is computed from the rounded disagreements, 1 − 0.0144 / (0.0532 +
/// 0.0490); unrounded it is 0.85867, which DKPro accepts with its tolerance of 0.0005. Both
/// are checked.
#[test]
fn krippendorff_2004_worked_example() {
    let shift = |list: &[(usize, usize, &'static str)]| {
        units(list)
            .into_iter()
            .map(|(s, e, l)| (s - 150, e - 150, l))
            .collect::<Vec<_>>()
    };
    let observer_i = shift(&[
        (225, 70, "c"),
        (370, 30, "c"),
        (180, 60, "k"),
        (300, 50, "k"),
    ]);
    let observer_j = shift(&[
        (220, 80, "c"),
        (355, 20, "c"),
        (400, 20, "c"),
        (180, 60, "k"),
        (300, 50, "k"),
    ]);
    let alpha = unitizing_alpha(300, &[observer_i, observer_j]);
    assert_eq!(
        render(&alpha),
        "c: 0.0144 0.0532 0.7286\nk: 0.0000 0.0490 1.0000\noverall: 0.8587"
    );
    let from_published: f64 = 1.0 - 0.0144 / (0.0532 + 0.0490);
    assert_eq!(format!("{from_published:.4}"), "0.8591");
    let overall = alpha.overall.expect("two observers with units");
    assert!((overall - 0.8591).abs() < 0.0005, "{overall}");
    // D_o(c) by hand: (5² + 5²) + (15² + 25²) + 20² = 1300 over the two observers' pair,
    // times 2 / (R(R−1)L²) = 2 / (2 · 300²).
    assert_eq!(alpha.labels["c"].observed, 1300.0 / 90000.0);
    assert_eq!(alpha.labels["k"].observed, 0.0);
}

/// Krippendorff, K. (1995). On the reliability of unitizing contiguous data. *Sociological
/// Methodology* 25, 47–76, p. 57: four pairs of observers (A–D) on a continuum of 24. The
/// observed disagreements are 0.03125, 2.26736, 0.02777 and 0.38715 (DKPro's
/// `Krippendorff1995Test`), that is 18/576, 1306/576, 16/576 and 223/576. (Its expected
/// disagreements carry a known error in the 1995 paper and are not compared.)
#[test]
fn krippendorff_1995_observed_disagreements() {
    let cases: [(&str, Units, Units, f64); 4] = [
        (
            "A",
            units(&[(2, 8, "A"), (14, 6, "A")]),
            units(&[(4, 4, "A"), (15, 2, "A")]),
            18.0,
        ),
        (
            "B",
            units(&[(0, 18, "B")]),
            units(&[
                (0, 2, "B"),
                (2, 1, "B"),
                (3, 1, "B"),
                (4, 1, "B"),
                (5, 1, "B"),
                (6, 3, "B"),
                (9, 1, "B"),
            ]),
            1306.0,
        ),
        (
            "C",
            units(&[(2, 6, "C"), (10, 2, "C"), (14, 4, "C"), (20, 2, "C")]),
            units(&[
                (0, 2, "C"),
                (4, 4, "C"),
                (10, 4, "C"),
                (16, 2, "C"),
                (20, 2, "C"),
            ]),
            16.0,
        ),
        (
            "D",
            units(&[
                (0, 2, "D"),
                (2, 8, "D"),
                (10, 4, "D"),
                (14, 6, "D"),
                (20, 4, "D"),
            ]),
            units(&[
                (0, 4, "D"),
                (4, 4, "D"),
                (8, 7, "D"),
                (15, 2, "D"),
                (17, 7, "D"),
            ]),
            223.0,
        ),
    ];
    for (label, first, second, sum) in cases {
        let alpha = unitizing_alpha(24, &[first, second]);
        assert_eq!(alpha.labels[label].observed, sum / 576.0, "{label}");
    }
}

#[test]
fn alpha_edge_cases() {
    let check = |length: usize, annotators: Vec<Vec<(usize, usize, &str)>>, expected: &str| {
        assert_eq!(render(&unitizing_alpha(length, &annotators)), expected);
    };
    // One annotator, or none: nothing to compare.
    check(10, vec![vec![(0, 3, "X")]], "overall: none");
    check(10, vec![], "overall: none");
    // Two annotators who tagged nothing: no label, nothing to count.
    check(10, vec![vec![], vec![]], "overall: none");
    // Perfect agreement is 1. By hand (L = 10, R = 2, two units of length 3, gaps 2, 5, 2, 5):
    // each unit gives (N−1)·3·2·5/3 = 10 plus 3²·((5−3+1)·2) = 54; D_e = 2·128 / (10·(20·19
    // − 2·3·2)) = 256/3680.
    check(
        10,
        vec![vec![(2, 5, "X")], vec![(2, 5, "X")]],
        "X: 0.0000 0.0696 1.0000\noverall: 1.0000",
    );
    // Nested spans of one label by one annotator are merged into their union, so they agree
    // perfectly with the union alone: units of 6, no gap as long, D_e = 2·(2·110) / (10·(380 −
    // 60)) = 0.1375.
    check(
        10,
        vec![vec![(2, 8, "X"), (3, 5, "X")], vec![(2, 8, "X")]],
        "X: 0.0000 0.1375 1.0000\noverall: 1.0000",
    );
    // Spans that only touch stay two units: D_o = 2·((0 + 3²) + (3² + 0)) / (2·10²) = 0.18;
    // D_e = 2·(2·20 + 2·110) / (10·(380 − 42)) = 520/3380.
    check(
        10,
        vec![vec![(2, 5, "X"), (5, 8, "X")], vec![(2, 8, "X")]],
        "X: 0.1800 0.1538 -0.1700\noverall: -0.1700",
    );
    // A label only one annotator used: the unit lies in the other's gap, D_o = 2·3² / 200;
    // D_e = 2·(3²·((5−2) + (10−2))) / (10·(380 − 6)) = 198/3740.
    check(
        10,
        vec![vec![(2, 5, "X")], vec![]],
        "X: 0.0900 0.0529 -0.7000\noverall: -0.7000",
    );
}
