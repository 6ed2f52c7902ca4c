//! Which entity mentions probably name the same real-world entity: the grouping suggestion.
//!
//! Mentions are compared by a normalised name: lower case, without titles ("Secretary",
//! "President"), possessive endings or punctuation. People are matched by surname, so "Antony
//! Blinken", "anthony blinken", "Blinken" and "Secretary Blinken" form one group, unless two
//! full names with that surname have different first names ("Joe Biden", "Hunter Biden"), in
//! which case only the full names that agree are grouped and the bare surname is left alone.

use std::collections::BTreeMap;

use crate::model::document::{is_person_label, Annotation, AnnotationId, Document, SpanKind};

/// Words that precede a name without being part of it. General knowledge, not picked from any
/// article; lower case.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "foreign",
    "defence",
    "defense",
    "finance",
    "interior",
    "state",
    "of",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "admiral",
    "senator",
    "sen",
    "representative",
    "rep",
    "governor",
    "gov",
    "mayor",
    "judge",
    "justice",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "sultan",
    "pope",
    "cardinal",
    "bishop",
    "ambassador",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chief",
    "deputy",
    "us",
    "u.s.",
];

/// The words of a mention's name: lower case, possessives and punctuation removed, titles
/// dropped from the front (but a name made only of title words is kept whole).
pub fn name_words(text: &str) -> Vec<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let w = w.to_lowercase();
            let w = w
                .strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .unwrap_or(&w)
                .to_string();
            w.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let n_titles = words
        .iter()
        .take_while(|w| TITLES.contains(&w.as_str()))
        .count();
    if n_titles == words.len() {
        words
    } else {
        words[n_titles..].to_vec()
    }
}

/// True when two first names plausibly belong to the same person: equal, one an initial or
/// prefix of the other, or one edit apart ("Antony" and "anthony").
fn similar_first_names(a: &str, b: &str) -> bool {
    a == b || a.starts_with(b) || b.starts_with(a) || edit_distance_at_most_one(a, b)
}

fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short[prefix + 1.min(short.len() - prefix)..] == long[prefix + 1.min(long.len() - prefix)..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// A mention with the words of its name.
type NamedMention = (AnnotationId, Vec<String>);

/// Groups of at least two entity mentions that probably name one entity, in text order of
/// their first mention. Groups whose mentions all belong to one entity already are left out.
pub fn suggest_groups(document: &Document) -> Vec<Vec<AnnotationId>> {
    group_candidates(
        document,
        document
            .annotations()
            .iter()
            .filter(|a| a.kind == SpanKind::Entity),
    )
}

/// The suggested group that contains one mention, if any. Cheaper than [`suggest_groups`] on a
/// long document: only mentions whose text contains the mention's key are compared.
pub fn suggest_group_for(document: &Document, mention: &AnnotationId) -> Option<Vec<AnnotationId>> {
    let annotation = document
        .annotation(mention)
        .filter(|a| a.kind == SpanKind::Entity)?;
    let words = name_words(document.slice(annotation.range));
    let is_person = is_person_label(&annotation.label);
    let key = if is_person {
        words.last()?.clone()
    } else {
        words.join(" ")
    };
    let candidates = document.annotations().iter().filter(|a| {
        a.kind == SpanKind::Entity
            && a.label == annotation.label
            && contains_ignoring_case(document.slice(a.range), &key)
    });
    group_candidates(document, candidates)
        .into_iter()
        .find(|group| group.contains(mention))
}

/// Whether `text` contains `lower_needle` (already lower case), ignoring case; without
/// allocating for ASCII needles, the common case.
fn contains_ignoring_case(text: &str, lower_needle: &str) -> bool {
    if lower_needle.is_ascii() {
        let needle = lower_needle.as_bytes();
        text.len() >= needle.len()
            && text
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        text.to_lowercase().contains(lower_needle)
    }
}

fn group_candidates<'d>(
    document: &'d Document,
    candidates: impl Iterator<Item = &'d Annotation>,
) -> Vec<Vec<AnnotationId>> {
    // (label, key) → mentions; for people the key is the surname.
    let mut buckets: BTreeMap<(String, String), Vec<NamedMention>> = BTreeMap::new();
    for a in candidates {
        let words = name_words(document.slice(a.range));
        let Some(last) = words.last() else { continue };
        let is_person = is_person_label(&a.label);
        let key = if is_person {
            last.clone()
        } else {
            words.join(" ")
        };
        buckets
            .entry((a.label.to_string(), key))
            .or_default()
            .push((a.id.clone(), words));
    }
    let mut groups: Vec<Vec<AnnotationId>> = Vec::new();
    for ((label, _), mentions) in buckets {
        if !is_person_label(&label) {
            groups.push(mentions.into_iter().map(|(id, _)| id).collect());
            continue;
        }
        // Cluster the full names by first name; bare surnames join only an unambiguous cluster.
        let mut clusters: Vec<(String, Vec<AnnotationId>)> = Vec::new();
        let mut bare = Vec::new();
        for (id, words) in mentions {
            if words.len() < 2 {
                bare.push(id);
                continue;
            }
            match clusters
                .iter_mut()
                .find(|(first, _)| similar_first_names(first, &words[0]))
            {
                Some((_, ids)) => ids.push(id),
                None => clusters.push((words[0].clone(), vec![id])),
            }
        }
        match clusters.len() {
            0 => groups.push(bare),
            1 => {
                let (_, mut ids) = clusters.pop().expect("one cluster");
                ids.extend(bare);
                groups.push(ids);
            }
            _ => groups.extend(clusters.into_iter().map(|(_, ids)| ids)),
        }
    }
    let position = |id: &AnnotationId| {
        document
            .annotation(id)
            .map(|a| (a.range.start, a.range.end))
    };
    for group in &mut groups {
        group.sort_by_key(|id| position(id));
    }
    groups.retain(|group| {
        group.len() >= 2 && {
            let first = document.entity_of(&group[0]).map(|e| &e.id);
            first.is_none()
                || group
                    .iter()
                    .any(|m| document.entity_of(m).map(|e| &e.id) != first)
        }
    });
    groups.sort_by_key(|group| position(&group[0]));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::parse_fixture;

    fn check(fixture: &str, expected: &[&[&str]]) {
        let document = parse_fixture(fixture);
        let groups: Vec<Vec<&str>> = suggest_groups(&document)
            .iter()
            .map(|g| {
                g.iter()
                    .map(|id| {
                        document
                            .annotation(id)
                            .map_or("?", |a| document.slice(a.range))
                    })
                    .collect()
            })
            .collect();
        let expected: Vec<Vec<&str>> = expected.iter().map(|g| g.to_vec()).collect();
        assert_eq!(groups, expected, "{fixture}");
    }

    #[test]
    fn names_are_normalised() {
        assert_eq!(
            name_words("Secretary of State Antony Blinken"),
            ["antony", "blinken"]
        );
        assert_eq!(name_words("Blinken’s"), ["blinken"]);
        assert_eq!(
            name_words("US Secretary of State,"),
            ["us", "secretary", "of", "state"]
        );
        assert_eq!(name_words("  "), Vec::<String>::new());
    }

    #[test]
    fn mentions_of_one_person_group_by_surname() {
        check(
            "[Antony Blinken|PERSON] met [Sameh Shoukry|PERSON]; [anthony blinken|PERSON] and \
             [Blinken|PERSON] then [Secretary Blinken|PERSON] and [Shoukry|PERSON]; [Blinken’s|PERSON] visit",
            &[
                &["Antony Blinken", "anthony blinken", "Blinken", "Secretary Blinken", "Blinken’s"],
                &["Sameh Shoukry", "Shoukry"],
            ],
        );
    }

    #[test]
    fn different_first_names_are_not_merged() {
        check(
            "[Joe Biden|PERSON], [Hunter Biden|PERSON], [Biden|PERSON], [President Joe Biden|PERSON], [J. Biden|PERSON]",
            &[&["Joe Biden", "President Joe Biden", "J. Biden"]],
        );
    }

    #[test]
    fn other_labels_group_by_whole_name_and_label() {
        check(
            "[Gaza|GPE] and [gaza|GPE] and [Gaza Strip|LOC] and [Gaza|LOC]; [Hamas|ORG] said [Hamas|PERSON]",
            &[&["Gaza", "gaza"]],
        );
    }

    #[test]
    fn the_group_of_one_mention_matches_the_full_suggestion() {
        let document = parse_fixture(
            "[Joe Biden|PERSON], [Hunter Biden|PERSON], [Biden|PERSON], [President Joe Biden|PERSON]; \
             [Gaza|GPE] and [GAZA|GPE]; [Blinken|PERSON] alone; [Zoë Ölund|PERSON] and [ZOË ÖLUND|PERSON]",
        );
        let all = suggest_groups(&document);
        for annotation in document.annotations() {
            let expected = all.iter().find(|g| g.contains(&annotation.id)).cloned();
            assert_eq!(
                suggest_group_for(&document, &annotation.id),
                expected,
                "{}",
                annotation.id
            );
        }
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn edit_distance() {
        for (a, b, expected) in [
            ("antony", "anthony", true),
            ("anthony", "antony", true),
            ("joe", "jon", true),
            ("joe", "hunter", false),
            ("ab", "ba", false),
            ("", "a", true),
            ("abc", "abc", true),
        ] {
            assert_eq!(edit_distance_at_most_one(a, b), expected, "{a} {b}");
        }
    }
}
