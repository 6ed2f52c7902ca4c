//! Claim suggestions: quoted statements (straight, curly and guillemet quotes, with nested
//! quotes inside), and reported speech introduced by a cue ("said", "according to"), each
//! with its cue, a speaker (a nearby person or organisation, or the subject of the cue) and a
//! quote type.

use std::ops::Range;

use crate::assist::data::tables;
use crate::assist::tokens::{Analysis, TokenKind};
use crate::model::claim::QuoteType;
use crate::model::document::can_speak;
use crate::model::offsets::CpRange;

/// An entity mention the claim rules may pick as a speaker: accepted or suggested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub range: CpRange,
    pub label: String,
}

/// A suggested claim; `speaker` indexes the mentions it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimSpan {
    pub range: CpRange,
    pub quote_type: QuoteType,
    pub cue: Option<CpRange>,
    pub speaker: Option<usize>,
}

/// Quotes shorter than this many words are scare quotes or fragments, not claims of their own.
const MIN_QUOTE_WORDS: usize = 4;
/// Reported content shorter than this many words is no claim ("he said so").
const MIN_CLAUSE_WORDS: usize = 4;
/// How far (in tokens) a speaker may sit from its cue.
const SPEAKER_REACH: usize = 8;
/// Stands for "the last speaker" until claims are walked in text order ("he said").
const LAST_SPEAKER: usize = usize::MAX;

/// Top-level quotations in `chars[block]`, as code-point ranges including the marks. A quote
/// inside another is part of it; an unclosed quote ends at the end of its paragraph and is
/// dropped.
pub fn quotations(chars: &[char], block: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut depth = 0;
    for i in block {
        let c = chars[i];
        match open {
            None => {
                let closer = match c {
                    '“' => Some('”'),
                    '„' => Some('“'),
                    '«' => Some('»'),
                    '"' => Some('"'),
                    _ => None,
                };
                if let Some(closer) = closer {
                    open = Some((i, closer));
                    depth = 0;
                }
            }
            Some((start, closer)) => {
                let opener = chars[start];
                if c == '\n' {
                    open = None;
                } else if c == closer || (opener == '„' && c == '”') {
                    if depth == 0 {
                        out.push(start..i + 1);
                        open = None;
                    } else {
                        depth -= 1;
                    }
                } else if c == opener && opener != '"' {
                    depth += 1;
                }
            }
        }
    }
    out
}

/// A cue found in the text: token range and whether it is "according to".
struct Cue {
    tokens: Range<usize>,
    /// Only "that" after it introduces reported speech ("announced that", not "announced
    /// plans").
    needs_that: bool,
    according_to: bool,
    /// The cue ends its sentence and follows what was said ("…, officials said.").
    after_content: bool,
}

fn word_count(analysis: &Analysis, tokens: Range<usize>) -> usize {
    tokens
        .filter(|&k| analysis.tokens[k].kind != TokenKind::Punct)
        .count()
}

/// Suggested claims in one analysed block. `mentions` are sorted by start; `last_speaker`
/// carries the speaker of the previous claim across blocks, for "he said".
pub fn suggest_claims(
    chars: &[char],
    analysis: &Analysis,
    mentions: &[Mention],
    last_speaker: &mut Option<usize>,
) -> Vec<ClaimSpan> {
    let t = tables();
    let tokens = &analysis.tokens;
    if tokens.is_empty() {
        return Vec::new();
    }
    let block = tokens[0].start..tokens[tokens.len() - 1].end;
    let quotes = quotations(chars, block);
    let in_quote = |pos: usize| quotes.iter().any(|q| q.contains(&pos));
    let token_at = |pos: usize| tokens.partition_point(|t| t.end <= pos);

    // Cues outside quotes, longest phrase first.
    let mut cues: Vec<Cue> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        if !t.cues.may_start(&analysis.lower[k]) {
            k += 1;
            continue;
        }
        let found = (1..=t.cues.max_tokens).rev().find(|&n| {
            k + n <= tokens.len()
                && t.cues.contains(&analysis.key(k, k + n))
                && !in_quote(tokens[k].start)
        });
        // Not a cue: a capitalised word inside a sentence ("the United States"), part of a
        // name, or a passive ("a cease-fire was declared").
        let found = found.filter(|&n| {
            let key = analysis.key(k, k + n);
            let capitalised_inside = tokens[k].kind == TokenKind::Word
                && chars[tokens[k].start].is_uppercase()
                && !analysis.starts_sentence(k)
                && key != "according to";
            let in_mention = mentions
                .iter()
                .any(|m| m.range.start.0 <= tokens[k].start && tokens[k].start < m.range.end.0);
            let passive = k > 0
                && !key.starts_with("will")
                && matches!(
                    analysis.lower[k - 1].as_str(),
                    "was" | "were" | "is" | "are" | "be" | "been" | "being"
                );
            !capitalised_inside && !in_mention && !passive
        });
        match found {
            Some(n) => {
                let key = analysis.key(k, k + n);
                let sentence = &analysis.sentences[analysis.sentence_of[k]];
                let rest = word_count(analysis, k + n..sentence.end);
                // "…, Matthew Miller said in a statement." / "…, she told reporters on Monday."
                let only_circumstance = rest <= 4
                    && analysis.lower.get(k + n).is_some_and(|w| {
                        matches!(w.as_str(), "in" | "on" | "at" | "during" | "to")
                    });
                cues.push(Cue {
                    tokens: k..k + n,
                    needs_that: t.cues_needing_that.contains(&key),
                    according_to: key == "according to",
                    after_content: rest <= 1 || only_circumstance,
                });
                k += n;
            }
            None => k += 1,
        }
    }

    let mention_ending_before = |pos: usize, reach_from: usize| {
        mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.range.end.0 <= pos && m.range.start.0 >= reach_from)
            .filter(|(_, m)| match m.label.as_str() {
                label if can_speak(label) => true,
                // A place speaks only as the subject itself ("Doha confirms", "Washington
                // said"), not inside a description ("the head of US diplomacy said").
                "GPE" => (token_at(m.range.end.0)..token_at(pos)).all(|k| {
                    let word = analysis.lower[k].as_str();
                    matches!(
                        word,
                        "also" | "has" | "have" | "had" | "again" | "then" | ","
                    ) || word.ends_with("ly")
                }),
                _ => false,
            })
            .max_by_key(|(_, m)| (m.range.end, m.label == "PERSON"))
            .map(|(i, _)| i)
    };
    let mention_starting_after = |pos: usize, reach_to: usize| {
        mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.range.start.0 >= pos && m.range.end.0 <= reach_to)
            .filter(|(_, m)| can_speak(&m.label) || m.label == "GPE")
            .min_by_key(|(_, m)| m.range.start)
            .map(|(i, _)| i)
    };
    let is_pronoun = |k: usize| matches!(analysis.lower[k].as_str(), "he" | "she" | "they");
    // "the president said", "the minister added": a title standing for a person named before.
    let described = |cue_start: usize| {
        cue_start >= 2
            && analysis.lower[cue_start - 2] == "the"
            && t.titles.contains(&analysis.lower[cue_start - 1])
    };

    // The speaker of a cue: the subject before it ("the Pentagon said", "Netanyahu has
    // repeatedly said"), a pronoun standing for the last speaker, the name after it ("said
    // John Smith", "according to Reuters").
    let speaker_of = |cue: &Cue, claim: &Range<usize>| -> Option<usize> {
        let sentence = &analysis.sentences[analysis.sentence_of[cue.tokens.start]];
        if cue.according_to {
            let reach = tokens[(cue.tokens.end + SPEAKER_REACH).min(sentence.end) - 1].end;
            return mention_starting_after(tokens[cue.tokens.end - 1].end, reach)
                .filter(|&m| !claim.contains(&mentions[m].range.start.0));
        }
        let first = cue
            .tokens
            .start
            .saturating_sub(SPEAKER_REACH)
            .max(sentence.start);
        // A pronoun between the subject window and the cue stands for the last speaker.
        if (first..cue.tokens.start).rev().take(3).any(is_pronoun) || described(cue.tokens.start) {
            // The person most recently named in this block, else the last speaker.
            let sentence_start =
                analysis.sentences[analysis.sentence_of[cue.tokens.start].saturating_sub(2)].start;
            return mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    m.label == "PERSON"
                        && m.range.start.0 >= tokens[sentence_start].start
                        && m.range.end.0 <= tokens[cue.tokens.start].start
                        && !claim.contains(&m.range.start.0)
                })
                .max_by_key(|(_, m)| m.range.end)
                .map(|(i, _)| i)
                .or(Some(LAST_SPEAKER));
        }
        let reach_from = tokens[first]
            .start
            .max(if claim.end <= tokens[cue.tokens.start].start {
                claim.end
            } else {
                0
            });
        mention_ending_before(tokens[cue.tokens.start].start, reach_from)
            .filter(|&m| !claim.contains(&mentions[m].range.start.0))
            .or_else(|| {
                let reach = tokens[(cue.tokens.end + 4).min(sentence.end) - 1].end;
                mention_starting_after(tokens[cue.tokens.end - 1].end, reach)
                    .filter(|&m| mentions[m].label == "PERSON")
            })
    };

    let mut claims: Vec<ClaimSpan> = Vec::new();
    let mut cue_used = vec![false; cues.len()];
    // "said that no, quote unquote, “solid proposal” has been presented": a "that" clause
    // with a quotation inside is one mixed claim, and the quotation is no claim of its own.
    let mut mixed: Vec<(usize, ClaimSpan)> = Vec::new();
    for (i, cue) in cues.iter().enumerate() {
        if cue.according_to
            || cue.after_content
            || analysis
                .lower
                .get(cue.tokens.end)
                .is_none_or(|w| w != "that")
        {
            continue;
        }
        let sentence = analysis.sentences[analysis.sentence_of[cue.tokens.start]].clone();
        let Some(content) = content_after(chars, analysis, mentions, cue.tokens.end, &sentence)
        else {
            continue;
        };
        let range = CpRange::new(tokens[content.start].start, tokens[content.end - 1].end);
        let inside: Vec<&Range<usize>> = quotes
            .iter()
            .filter(|q| q.start >= range.start.0 && q.end <= range.end.0)
            .collect();
        if inside.is_empty()
            || inside.iter().any(|q| q.start == range.start.0)
            || word_count(analysis, content.clone()) < MIN_CLAUSE_WORDS
        {
            continue;
        }
        let speaker = speaker_of(cue, &(range.start.0..range.end.0));
        cue_used[i] = true;
        mixed.push((
            content.start,
            ClaimSpan {
                range,
                quote_type: QuoteType::Mixed,
                cue: Some(CpRange::new(
                    tokens[cue.tokens.start].start,
                    tokens[cue.tokens.end - 1].end,
                )),
                speaker,
            },
        ));
    }
    // Several quotes may share a cue ("“A,” he said, “B.”"), but not one a clause has taken.
    let taken_by_mixed = cue_used.clone();
    let in_mixed = |q: &Range<usize>| {
        mixed
            .iter()
            .any(|(_, c)| c.range.start.0 <= q.start && q.end <= c.range.end.0)
    };
    // Each quote long enough, with the nearest cue of its sentences.
    let mut quote_claims: Vec<(usize, ClaimSpan)> = Vec::new();
    for quote in &quotes {
        let first = token_at(quote.start);
        let last = token_at(quote.end - 1);
        if word_count(analysis, first..last + 1) < MIN_QUOTE_WORDS || in_mixed(quote) {
            continue;
        }
        let sentences = analysis.sentence_of[first]..analysis.sentence_of[last] + 1;
        let nearest = cues
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                !taken_by_mixed[*i] && sentences.contains(&analysis.sentence_of[c.tokens.start])
            })
            .min_by_key(|(_, c)| {
                if c.tokens.start > last {
                    c.tokens.start - last
                } else {
                    (first + 1).saturating_sub(c.tokens.end)
                }
            })
            .map(|(i, _)| i);
        quote_claims.push((
            first,
            ClaimSpan {
                range: CpRange::new(quote.start, quote.end),
                quote_type: QuoteType::Direct,
                cue: None,
                speaker: None,
            },
        ));
        if let Some(i) = nearest {
            let cue = &cues[i];
            let claim = quote.clone();
            let speaker = speaker_of(cue, &claim);
            let entry = &mut quote_claims.last_mut().expect("just pushed").1;
            entry.cue = Some(CpRange::new(
                tokens[cue.tokens.start].start,
                tokens[cue.tokens.end - 1].end,
            ));
            entry.speaker = speaker;
            cue_used[i] = true;
        } else if first > 0 {
            // "Matthew Miller, “He will discuss …”": a name right before the quote.
            let before = tokens[first - 1];
            let reach_from = if before.kind == TokenKind::Punct && first >= 2 {
                tokens[first - 2].start
            } else {
                before.start
            };
            let entry = &mut quote_claims.last_mut().expect("just pushed").1;
            entry.speaker = mentions
                .iter()
                .position(|m| m.range.end.0 > reach_from && m.range.end.0 <= quote.start)
                .filter(|&m| can_speak(&mentions[m].label));
        } else {
            // A quote that opens a paragraph without a cue continues the last speaker.
            quote_claims.last_mut().expect("just pushed").1.speaker = Some(LAST_SPEAKER);
        }
    }

    // Reported speech: the clause a cue introduces, unless a quote already stands for it.
    let mut reported: Vec<(usize, ClaimSpan)> = Vec::new();
    for (i, cue) in cues.iter().enumerate() {
        if cue_used[i] {
            continue;
        }
        let sentence = analysis.sentences[analysis.sentence_of[cue.tokens.start]].clone();
        let content = if cue.according_to {
            content_around_according_to(chars, analysis, cue, &sentence)
        } else if cue.after_content {
            content_before(chars, analysis, cue.tokens.start, &sentence)
        } else {
            content_after(chars, analysis, mentions, cue.tokens.end, &sentence)
        };
        let Some(content) = content else { continue };
        if word_count(analysis, content.clone()) < MIN_CLAUSE_WORDS {
            continue;
        }
        let range = CpRange::new(tokens[content.start].start, tokens[content.end - 1].end);
        let quoted_inside = quotes
            .iter()
            .filter(|q| q.start >= range.start.0 && q.end <= range.end.0)
            .collect::<Vec<_>>();
        if quoted_inside.iter().any(|q| {
            word_count(analysis, token_at(q.start)..token_at(q.end - 1) + 1) >= MIN_QUOTE_WORDS
        }) {
            // The quote is the claim ("said … “The differences are narrowing” …").
            continue;
        }
        let followed_by_that = analysis
            .lower
            .get(cue.tokens.end)
            .is_some_and(|w| w == "that");
        if cue.needs_that && !followed_by_that && quoted_inside.is_empty() {
            continue;
        }
        let claim_chars = range.start.0..range.end.0;
        let speaker = speaker_of(cue, &claim_chars);
        reported.push((
            content.start,
            ClaimSpan {
                range,
                quote_type: if quoted_inside.is_empty() {
                    QuoteType::Indirect
                } else {
                    QuoteType::Mixed
                },
                cue: Some(CpRange::new(
                    tokens[cue.tokens.start].start,
                    tokens[cue.tokens.end - 1].end,
                )),
                speaker,
            },
        ));
    }
    // A quote whose cue or speaker was missing keeps what it found; quotes and reported claims
    // never overlap (the quote wins).
    let mut all: Vec<(usize, ClaimSpan)> = quote_claims;
    all.extend(mixed);
    for (at, claim) in reported {
        if all.iter().all(|(_, c)| !c.range.overlaps(claim.range)) {
            all.push((at, claim));
        }
    }
    all.sort_by_key(|(at, _)| *at);
    for (_, mut claim) in all {
        if claim.speaker == Some(LAST_SPEAKER) {
            claim.speaker = *last_speaker;
        }
        if let Some(speaker) = claim.speaker {
            if mentions[speaker].label == "PERSON" {
                *last_speaker = Some(speaker);
            }
        }
        claims.push(claim);
    }
    claims
}

fn is_punct(chars: &[char], analysis: &Analysis, k: usize, set: &[char]) -> bool {
    let t = &analysis.tokens[k];
    t.kind == TokenKind::Punct && set.contains(&chars[t.start])
}

/// Trims closing punctuation at the end of a clause: full stops, commas, colons.
fn trim_end(chars: &[char], analysis: &Analysis, mut content: Range<usize>) -> Range<usize> {
    while content.end > content.start
        && is_punct(
            chars,
            analysis,
            content.end - 1,
            &['.', ',', ';', ':', '!', '?'],
        )
    {
        content.end -= 1;
    }
    content
}

/// What comes after a cue: skip "that", times ("Tuesday") and a comma, end at the sentence's
/// end or at a clause break ("; ", ", but").
fn content_after(
    chars: &[char],
    analysis: &Analysis,
    mentions: &[Mention],
    mut k: usize,
    sentence: &Range<usize>,
) -> Option<Range<usize>> {
    let is_date = |k: usize| {
        let t = analysis.tokens[k];
        mentions
            .iter()
            .any(|m| m.label == "DATE" && m.range.start.0 <= t.start && t.end <= m.range.end.0)
    };
    while k < sentence.end
        && (is_date(k)
            || matches!(analysis.lower[k].as_str(), "that" | "on" | "," | ":")
            || (analysis.lower[k] == "in" && analysis.lower.get(k + 1).is_some_and(|w| w == "a")))
    {
        if analysis.lower[k] == "in" {
            // "said in a statement that": skip to the word after "statement".
            k += 3;
            continue;
        }
        k += 1;
    }
    let mut end = k;
    while end < sentence.end {
        let lower = analysis.lower[end].as_str();
        if lower == ";" || (lower == "but" && end > k) || (lower == "(" && end > k) {
            break;
        }
        end += 1;
    }
    let content = trim_end(chars, analysis, k..end.min(sentence.end));
    (content.start < content.end).then_some(content)
}

/// What comes before a cue that closes it ("…, officials said."): from the sentence's start
/// to the last comma before the cue's subject.
fn content_before(
    chars: &[char],
    analysis: &Analysis,
    cue_start: usize,
    sentence: &Range<usize>,
) -> Option<Range<usize>> {
    let comma = (sentence.start..cue_start)
        .rev()
        .find(|&k| is_punct(chars, analysis, k, &[',']))?;
    let content = trim_end(chars, analysis, sentence.start..comma);
    (content.start < content.end).then_some(content)
}

/// "According to X, CLAUSE" or "CLAUSE, according to X".
fn content_around_according_to(
    chars: &[char],
    analysis: &Analysis,
    cue: &Cue,
    sentence: &Range<usize>,
) -> Option<Range<usize>> {
    let leading = (sentence.start..cue.tokens.start)
        .all(|k| matches!(analysis.lower[k].as_str(), "and" | "but" | "," | "so"));
    if leading {
        let comma = (cue.tokens.end..sentence.end)
            .take(SPEAKER_REACH)
            .find(|&k| is_punct(chars, analysis, k, &[',']))?;
        let content = trim_end(chars, analysis, comma + 1..sentence.end);
        (content.start < content.end).then_some(content)
    } else {
        let mut end = cue.tokens.start;
        if end > sentence.start && is_punct(chars, analysis, end - 1, &[',']) {
            end -= 1;
        }
        let content = trim_end(chars, analysis, sentence.start..end);
        (content.start < content.end).then_some(content)
    }
}
