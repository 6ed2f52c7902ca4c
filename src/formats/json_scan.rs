//! Finding the parts of a large JSON text by scanning it (strings and nesting followed,
//! nothing parsed), so that a 20 MB file can be cut into pieces without holding it parsed.

use std::ops::Range;

/// The byte ranges of a JSON array's items, found by scanning (strings and nesting followed,
/// nothing parsed); `None` when the text is not one array.
pub fn array_items(content: &str) -> Option<Vec<(usize, usize)>> {
    let bytes = content.as_bytes();
    let open = content.find(|c: char| !c.is_whitespace())?;
    if bytes[open] != b'[' {
        return None;
    }
    let mut items = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut item_start = None;
    for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                item_start.get_or_insert(i);
            }
            b'{' | b'[' => {
                depth += 1;
                item_start.get_or_insert(i);
            }
            b'}' | b']' if depth > 0 => depth -= 1,
            b']' => {
                if let Some(start) = item_start.take() {
                    items.push((start, content[..i].trim_end().len()));
                }
                return content[i + 1..].trim().is_empty().then_some(items);
            }
            b',' if depth == 0 => {
                let start = item_start.take()?;
                items.push((start, content[..i].trim_end().len()));
            }
            _ if depth == 0 && !b.is_ascii_whitespace() => {
                item_start.get_or_insert(i);
            }
            _ => {}
        }
    }
    None
}

/// The members of a JSON object: each key with its value's byte range, found by scanning;
/// `None` when the text is not one object (or a key is not a plain string).
pub fn object_members(content: &str) -> Option<Vec<(String, Range<usize>)>> {
    let bytes = content.as_bytes();
    let skip = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = skip(0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    i = skip(i + 1);
    if bytes.get(i) == Some(&b'}') {
        return content[i + 1..].trim().is_empty().then_some(members);
    }
    loop {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(bytes, i)?;
        let key: String = serde_json::from_str(&content[i..key_end]).ok()?;
        i = skip(key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let start = skip(i + 1);
        let end = value_end(bytes, start)?;
        members.push((key, start..content[..end].trim_end().len()));
        match bytes.get(end) {
            Some(b',') => i = skip(end + 1),
            Some(b'}') => return content[end + 1..].trim().is_empty().then_some(members),
            _ => return None,
        }
    }
}

/// The byte after the string that opens at `start` (its closing quote included).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(start + 1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Where the value that starts at `start` ends: the `,` or closing bracket after it.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => depth -= 1,
            b',' if depth > 0 => {}
            b',' | b'}' | b']' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_items_are_found_between_commas_at_the_top() {
        assert_eq!(array_items("[1, 2] 3"), None);
        assert_eq!(array_items(r#"{"a": 1}"#), None);
        let text = "[ 1 , [2, 3], \"x,y\" ]";
        let items: Vec<&str> = array_items(text)
            .unwrap()
            .into_iter()
            .map(|(from, to)| &text[from..to])
            .collect();
        assert_eq!(items, ["1", "[2, 3]", "\"x,y\""]);
    }

    #[test]
    fn object_members_are_keys_with_their_values_as_written() {
        let text =
            " {\"format\": \"w\", \"n\" : 1 ,\n \"docs\": [ {\"a\": \"}]\\\"\"}, 2 ],\"e\":{}} \n";
        let members: Vec<(String, &str)> = object_members(text)
            .unwrap()
            .into_iter()
            .map(|(k, r)| (k, &text[r]))
            .collect();
        assert_eq!(
            members,
            [
                ("format".to_string(), "\"w\""),
                ("n".to_string(), "1"),
                ("docs".to_string(), "[ {\"a\": \"}]\\\"\"}, 2 ]"),
                ("e".to_string(), "{}"),
            ]
        );
        assert_eq!(object_members("{}"), Some(vec![]));
        // Not one object: something after it, a line of JSONL, a missing colon, unclosed.
        for text in [
            "{} {}",
            "{\"a\": 1}\n{\"a\": 2}",
            "{\"a\" 1}",
            "{\"a\": [1, 2}",
            "[1]",
        ] {
            assert_eq!(object_members(text), None, "{text}");
        }
    }
}
