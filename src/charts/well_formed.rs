//! A small XML well-formedness check for the charts' tests, so that no XML crate is needed:
//! one root element, tags balanced and properly nested, attributes quoted and not repeated,
//! every `&` a known reference, and no character that XML cannot carry. It accepts the subset
//! of XML the charts write (no DTD, no CDATA, no processing instructions) and rejects the rest.

/// `Ok` for a well-formed document, or what is wrong and the byte offset where it was found.
pub fn check(xml: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut n_roots = 0;
    let mut rest = xml;
    let offset = |rest: &str| xml.len() - rest.len();
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..text_end];
        if open.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root at {}", offset(rest)));
        }
        check_characters(text).map_err(|e| format!("{e} at {}", offset(rest)))?;
        rest = &rest[text_end..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after
                .find("-->")
                .ok_or_else(|| format!("unclosed comment at {}", offset(rest)))?;
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after
                .find('>')
                .ok_or_else(|| format!("unclosed end tag at {}", offset(rest)))?;
            let name = after[..end].trim_end();
            match open.pop() {
                Some(expected) if expected == name => {}
                expected => {
                    return Err(format!("</{name}> closes {expected:?} at {}", offset(rest)))
                }
            }
            rest = &after[end + 1..];
        } else {
            if open.is_empty() {
                n_roots += 1;
                if n_roots > 1 {
                    return Err(format!("a second root at {}", offset(rest)));
                }
            }
            let (name, self_closing, after) =
                start_tag(&rest[1..]).map_err(|e| format!("{e} at {}", offset(rest)))?;
            if !self_closing {
                open.push(name);
            }
            rest = after;
        }
    }
    match (open.last(), n_roots) {
        (Some(name), _) => Err(format!("<{name}> is never closed")),
        (None, 0) => Err("no root element".to_string()),
        (None, _) => Ok(()),
    }
}

/// Reads a start tag after its `<`: the name, whether it ends in `/>`, and what follows it.
fn start_tag(tag: &str) -> Result<(&str, bool, &str), String> {
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .ok_or("unclosed start tag")?;
    let name = &tag[..name_end];
    check_name(name)?;
    let mut rest = &tag[name_end..];
    let mut seen: Vec<&str> = Vec::new();
    loop {
        let trimmed = rest.trim_start();
        let had_space = trimmed.len() < rest.len();
        rest = trimmed;
        if let Some(after) = rest.strip_prefix("/>") {
            return Ok((name, true, after));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Ok((name, false, after));
        }
        if !had_space {
            return Err(format!("<{name}>: attributes need a space before them"));
        }
        let equals = rest
            .find('=')
            .ok_or_else(|| format!("<{name}>: attribute without a value"))?;
        let attribute = &rest[..equals];
        check_name(attribute)?;
        if seen.contains(&attribute) {
            return Err(format!("<{name}>: attribute {attribute} twice"));
        }
        seen.push(attribute);
        let value = rest[equals + 1..]
            .strip_prefix('"')
            .ok_or_else(|| format!("<{name}>: {attribute} is not in double quotes"))?;
        let value_end = value
            .find('"')
            .ok_or_else(|| format!("<{name}>: {attribute} is never closed"))?;
        let value_text = &value[..value_end];
        if value_text.contains('<') {
            return Err(format!("<{name}>: `<` inside {attribute}"));
        }
        check_characters(value_text)?;
        rest = &value[value_end + 1..];
    }
}

fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c)) {
        Ok(())
    } else {
        Err(format!("bad name {name:?}"))
    }
}

fn is_xml_char(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// Text or an attribute value: XML characters only, and every `&` a reference.
fn check_characters(text: &str) -> Result<(), String> {
    if let Some(bad) = text.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!("character {bad:?} is not allowed in XML"));
    }
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .filter(|&end| end <= 8)
            .ok_or("`&` that starts no reference")?;
        let reference = &after[..end];
        let numeric = reference
            .strip_prefix("#x")
            .map(|hex| u32::from_str_radix(hex, 16))
            .or_else(|| reference.strip_prefix('#').map(str::parse::<u32>));
        let known = match numeric {
            Some(number) => number
                .ok()
                .and_then(char::from_u32)
                .is_some_and(is_xml_char),
            None => ["amp", "lt", "gt", "quot", "apos"].contains(&reference),
        };
        if !known {
            return Err(format!("unknown reference &{reference};"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_and_rejects_broken_markup() {
        for good in [
            "<svg/>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g a=\"1\" b=\"&lt;&#10;&#x41;\">\
             <title>a &amp; b</title></g></svg>\n",
            "<!-- note --><a><b/><c>t</c></a>",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "text",
            "<a>",
            "<a></b>",
            "<a><b></a></b>",
            "<a/><b/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a x='1'/>",
            "<a x=\"<\"/>",
            "<a x=\"1\"y=\"2\"/>",
            "<a>&</a>",
            "<a>&nbsp;</a>",
            "<a>&#0;</a>",
            "<a>\u{1}</a>",
            "<a><script>&\"'</a>",
            "<1a/>",
            "<a>x</a>trailing",
        ] {
            assert!(check(bad).is_err(), "accepted {bad:?}");
        }
    }
}
