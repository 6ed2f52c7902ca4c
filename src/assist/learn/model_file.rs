//! The tagger as a file, so that a workspace keeps it and a team shares it: JSON,
//! `{"format":"spanwise-tagger","version":1,…}`, with weights under their feature names in
//! sorted order (two trainings on the same documents write the same bytes).
//!
//! Reading never panics: a file from a newer version is refused with the version it has, and
//! a truncated or hostile file (wrong types, huge or non-finite numbers, tags out of range)
//! gives an error that says what is wrong.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;
use thiserror::Error;

use crate::assist::learn::tagger::{TagSet, Tagger};

pub const FORMAT: &str = "spanwise-tagger";
pub const VERSION: u64 = 1;
/// Larger files are refused before they are parsed.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// More labels than any schema has; it keeps the tag indices small.
pub const MAX_LABELS: usize = 200;
/// No trained weight comes near this; a larger one is a damaged file.
pub const MAX_WEIGHT: f32 = 1.0e6;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelFileError {
    #[error("the model file is {0} bytes; at most {MAX_BYTES} are read")]
    TooLarge(usize),
    #[error("not a model file: {0}")]
    Malformed(String),
    #[error("this is a {0:?} file, not a tagger model ({FORMAT:?})")]
    WrongFormat(String),
    #[error("the model file has version {0}; this version of Spanwise reads up to version {VERSION}: update Spanwise to use it")]
    Newer(u64),
    #[error("the model file has version {0}, which never existed")]
    UnknownVersion(u64),
    #[error("the model file is damaged: {0}")]
    Invalid(String),
}

/// The file as it is written. It is read from the parsed value by [`load`], field by field.
#[derive(Serialize)]
struct FileV1<'a> {
    format: &'a str,
    version: u64,
    labels: Vec<&'a str>,
    trained_on: TrainedOn,
    /// `transitions[p][t]`: tag `t` after `p` (`p = 0`: the sentence's start).
    transitions: &'a [Vec<f32>],
    /// Feature name → `[[tag, weight], …]`.
    weights: &'a BTreeMap<String, Vec<(u16, f32)>>,
}

#[derive(Serialize)]
struct TrainedOn {
    documents: u64,
    tokens: u64,
}

/// The model as JSON text.
pub fn save(tagger: &Tagger) -> String {
    let file = FileV1 {
        format: FORMAT,
        version: VERSION,
        labels: tagger.tags.labels.iter().map(|l| &**l).collect(),
        trained_on: TrainedOn {
            documents: tagger.n_documents as u64,
            tokens: tagger.n_tokens as u64,
        },
        transitions: &tagger.transitions,
        weights: &tagger.weights,
    };
    serde_json::to_string(&file).expect("a model of plain numbers and strings serializes")
}

/// Reads a model written by [`save`], or says why not.
pub fn load(json: &str) -> Result<Tagger, ModelFileError> {
    if json.len() > MAX_BYTES {
        return Err(ModelFileError::TooLarge(json.len()));
    }
    // Parsed once into a value, then read from it: the app reads its other files from values
    // too, which keeps the page's code smaller than a second parser of its own would.
    let malformed = |e: serde_json::Error| ModelFileError::Malformed(e.to_string());
    let value: serde_json::Value = serde_json::from_str(json).map_err(malformed)?;
    let field = |name: &str| {
        value
            .get(name)
            .ok_or_else(|| format!("missing field `{name}`"))
    };
    let format = field("format")
        .and_then(|f| {
            f.as_str()
                .ok_or_else(|| "`format` is not a string".to_string())
        })
        .map_err(ModelFileError::Malformed)?;
    if format != FORMAT {
        return Err(ModelFileError::WrongFormat(format.to_string()));
    }
    let version = field("version")
        .and_then(|v| {
            v.as_u64()
                .ok_or_else(|| "`version` is not a whole number".to_string())
        })
        .map_err(ModelFileError::Malformed)?;
    match version {
        VERSION => {}
        v if v > VERSION => return Err(ModelFileError::Newer(v)),
        v => return Err(ModelFileError::UnknownVersion(v)),
    }
    let file = read_v1(&value).map_err(ModelFileError::Malformed)?;
    let invalid = |why: String| Err(ModelFileError::Invalid(why));
    if file.labels.len() > MAX_LABELS {
        return invalid(format!(
            "{} labels, at most {MAX_LABELS}",
            file.labels.len()
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for label in &file.labels {
        if label.is_empty() || !seen.insert(label.as_str()) {
            return invalid(format!("label {label:?} is empty or repeated"));
        }
    }
    let tags = TagSet {
        labels: file.labels.iter().map(|l| Rc::from(l.as_str())).collect(),
    };
    let n_tags = tags.len();
    if file.transitions.len() != n_tags + 1 || file.transitions.iter().any(|r| r.len() != n_tags) {
        return invalid(format!(
            "transitions must be {} rows of {n_tags} numbers",
            n_tags + 1
        ));
    }
    let fits = |w: f32| w.is_finite() && w.abs() <= MAX_WEIGHT;
    if !file.transitions.iter().flatten().all(|&w| fits(w)) {
        return invalid(format!(
            "a transition weight is not a number up to {MAX_WEIGHT}"
        ));
    }
    for (feature, weights) in &file.weights {
        for &(tag, weight) in weights {
            if tag as usize >= n_tags {
                return invalid(format!("feature {feature:?} names tag {tag} of {n_tags}"));
            }
            if !fits(weight) {
                return invalid(format!("feature {feature:?} has weight {weight}"));
            }
        }
    }
    let count = |n: u64, what: &str| {
        usize::try_from(n).map_err(|_| ModelFileError::Invalid(format!("{n} {what}")))
    };
    Ok(Tagger {
        tags,
        weights: file.weights,
        transitions: file.transitions,
        n_documents: count(file.documents, "documents")?,
        n_tokens: count(file.tokens, "tokens")?,
    })
}

/// What a version 1 file holds, its types checked; [`load`] checks what the numbers mean.
struct Read {
    labels: Vec<String>,
    documents: u64,
    tokens: u64,
    transitions: Vec<Vec<f32>>,
    weights: BTreeMap<String, Vec<(u16, f32)>>,
}

/// Reads the fields of a version 1 file from its value (by hand: serde's derived reader is
/// 8 KB of wasm for the same checks). The errors name the field, as serde's would.
fn read_v1(value: &serde_json::Value) -> Result<Read, String> {
    use serde_json::Value;
    fn object<'v>(
        value: &'v Value,
        what: &str,
        fields: &[&str],
    ) -> Result<&'v serde_json::Map<String, Value>, String> {
        let map = value
            .as_object()
            .ok_or_else(|| format!("`{what}` is not an object"))?;
        match map.keys().find(|key| !fields.contains(&key.as_str())) {
            Some(key) => Err(format!("unknown field `{key}` in `{what}`")),
            None => Ok(map),
        }
    }
    fn field<'v>(map: &'v serde_json::Map<String, Value>, name: &str) -> Result<&'v Value, String> {
        map.get(name)
            .ok_or_else(|| format!("missing field `{name}`"))
    }
    fn array<'v>(value: &'v Value, what: &str) -> Result<&'v Vec<Value>, String> {
        value
            .as_array()
            .ok_or_else(|| format!("`{what}` is not a list"))
    }
    fn whole(value: &Value, what: &str) -> Result<u64, String> {
        value
            .as_u64()
            .ok_or_else(|| format!("`{what}` is not a whole number"))
    }
    fn weight(value: &Value, what: &str) -> Result<f32, String> {
        // Out of f32's range it becomes infinite, which `load` refuses with the reason.
        value
            .as_f64()
            .map(|w| w as f32)
            .ok_or_else(|| format!("a weight of `{what}` is not a number"))
    }
    let file = object(
        value,
        "the file",
        &[
            "format",
            "version",
            "labels",
            "trained_on",
            "transitions",
            "weights",
        ],
    )?;
    let labels = array(field(file, "labels")?, "labels")?
        .iter()
        .map(|label| {
            label
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| "a label is not a string".to_string())
        })
        .collect::<Result<_, _>>()?;
    let trained_on = object(
        field(file, "trained_on")?,
        "trained_on",
        &["documents", "tokens"],
    )?;
    let transitions = array(field(file, "transitions")?, "transitions")?
        .iter()
        .map(|row| {
            array(row, "transitions")?
                .iter()
                .map(|w| weight(w, "transitions"))
                .collect()
        })
        .collect::<Result<_, String>>()?;
    let weights = field(file, "weights")?
        .as_object()
        .ok_or_else(|| "`weights` is not an object".to_string())?
        .iter()
        .map(|(feature, pairs)| {
            let pairs = array(pairs, feature)?
                .iter()
                .map(|pair| match array(pair, feature)?.as_slice() {
                    [tag, w] => {
                        let tag = whole(tag, feature)?;
                        let tag = u16::try_from(tag)
                            .map_err(|_| format!("feature {feature:?} names tag {tag}"))?;
                        Ok((tag, weight(w, feature)?))
                    }
                    _ => Err(format!(
                        "feature {feature:?} has a pair that is not [tag, weight]"
                    )),
                })
                .collect::<Result<_, String>>()?;
            Ok((feature.clone(), pairs))
        })
        .collect::<Result<_, String>>()?;
    Ok(Read {
        labels,
        documents: whole(field(trained_on, "documents")?, "documents")?,
        tokens: whole(field(trained_on, "tokens")?, "tokens")?,
        transitions,
        weights,
    })
}
