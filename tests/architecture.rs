//! Architecture invariants, checked as tests (as rust-analyzer's tidy tests do): the pure
//! modules never reach for the browser, so they build and test natively, and modules depend
//! one way only (the model on nothing, formats/assist/charts/agreement on the model, the view on
//! all).

use std::fs;
use std::path::Path;

const WEB_CRATES: [&str; 5] = ["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("source folder exists") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Folders that must build natively.
const PURE_MODULES: [&str; 7] = [
    "model",
    "formats",
    "assist",
    "charts",
    "session",
    "store",
    "agreement",
];

#[test]
fn pure_modules_do_not_use_web_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for module in PURE_MODULES {
        let mut files = Vec::new();
        rust_files(&root.join(module), &mut files);
        assert!(!files.is_empty(), "src/{module} has Rust files");
        for file in files {
            let source = fs::read_to_string(&file).expect("readable source");
            for (n, line) in source.lines().enumerate() {
                for krate in WEB_CRATES {
                    let used = line.contains(&format!("{krate}::"))
                        || line.contains(&format!("use {krate}"));
                    if used && !line.trim_start().starts_with("//") {
                        offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "web crates used in pure modules:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn every_module_opens_with_a_doc_comment() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !fs::read_to_string(f).expect("readable").starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! opening: {missing:?}"
    );
}

/// Which top-level modules each folder may not import: the model depends on nothing else in the
/// crate; formats, assist, charts and session never reach up into the view; agreement reads
/// only the model (the charts and the view draw it, not the other way round).
const FORBIDDEN_IMPORTS: [(&str, &[&str]); 6] = [
    (
        "model",
        &["formats", "assist", "charts", "ui", "web", "session"],
    ),
    ("formats", &["ui", "web", "session"]),
    ("assist", &["ui", "web", "session"]),
    ("charts", &["ui", "web", "session"]),
    ("session", &["ui", "web"]),
    (
        "agreement",
        &[
            "formats", "assist", "charts", "ui", "web", "session", "store",
        ],
    ),
];

/// The top-level modules a source names through `crate::` paths, with their 1-based line:
/// `crate::formats::brat`, `use crate::{formats, model::x}` (also across lines) and `crate::ui`
/// in an expression. Comment lines (`//`, `//!`, `///`) and the rest of a line after `//` are
/// skipped, so a doc link such as ``[`crate::charts`]`` is not an import.
fn crate_modules_named(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    // Inside `crate::{…}`: the brace depth, and whether the next identifier at depth 1 starts a
    // path (it follows `{` or `,`).
    let mut group_depth = 0usize;
    let mut at_segment_start = false;
    for (n, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        loop {
            if group_depth > 0 {
                let mut consumed = rest.len();
                let mut chars = rest.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '{' => {
                            group_depth += 1;
                            at_segment_start = group_depth == 1;
                        }
                        '}' => {
                            group_depth -= 1;
                            if group_depth == 0 {
                                consumed = i + 1;
                                break;
                            }
                        }
                        ',' => at_segment_start = group_depth == 1,
                        c if c.is_alphabetic() || c == '_' => {
                            let mut end = i + c.len_utf8();
                            while let Some(&(j, d)) = chars.peek() {
                                if d.is_alphanumeric() || d == '_' {
                                    end = j + d.len_utf8();
                                    chars.next();
                                } else {
                                    break;
                                }
                            }
                            if at_segment_start && group_depth == 1 {
                                found.push((n + 1, rest[i..end].to_string()));
                            }
                            at_segment_start = false;
                        }
                        _ => {}
                    }
                }
                rest = &rest[consumed..];
                if group_depth > 0 {
                    break;
                }
            }
            let Some(at) = rest.find("crate::") else {
                break;
            };
            // `mycrate::x` is another path, not ours.
            let before = rest[..at].chars().next_back();
            let after = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                rest = after;
                continue;
            }
            if let Some(group) = after.strip_prefix('{') {
                group_depth = 1;
                at_segment_start = true;
                rest = group;
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push((n + 1, name));
                }
                rest = after;
            }
        }
    }
    found
}

#[test]
fn the_import_scanner_finds_crate_paths_and_skips_comments() {
    let cases: [(&str, &[(usize, &str)]); 7] = [
        ("use crate::model::document::Document;", &[(1, "model")]),
        (
            "use crate::{formats::brat, model};",
            &[(1, "formats"), (1, "model")],
        ),
        (
            "use crate::{\n    assist::{tokens, search},\n    ui::App,\n};",
            &[(2, "assist"), (3, "ui")],
        ),
        ("let x = crate::charts::draw(&y);", &[(1, "charts")]),
        ("//! See [`crate::charts`].\n/// [`crate::ui`]", &[]),
        ("let a = 1; // crate::web is not used", &[]),
        ("use mycrate::ui; use other_crate::{web};", &[]),
    ];
    for (source, expected) in cases {
        let found = crate_modules_named(source);
        let expected: Vec<(usize, String)> = expected
            .iter()
            .map(|(line, name)| (*line, name.to_string()))
            .collect();
        assert_eq!(found, expected, "{source}");
    }
}

#[test]
fn modules_depend_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for (module, forbidden) in FORBIDDEN_IMPORTS {
        let folder = root.join(module);
        let mut files = Vec::new();
        rust_files(&folder, &mut files);
        assert!(!files.is_empty(), "src/{module} has Rust files");
        for file in files {
            let source = fs::read_to_string(&file).expect("readable source");
            let lines: Vec<&str> = source.lines().collect();
            let relative = file
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(&file);
            for (line, name) in crate_modules_named(&source) {
                if forbidden.contains(&name.as_str()) {
                    offenders.push(format!(
                        "{}:{line}: src/{module} imports crate::{name}: {}",
                        relative.display(),
                        lines[line - 1].trim()
                    ));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "imports against the direction of the layers:\n{}",
        offenders.join("\n")
    );
}
