//! Short forms of text for the screen: one line, cut with an ellipsis.

/// `text` on one line, cut to `max_chars` code points with a final "…" when longer.
pub fn ellipsize(text: &str, max_chars: usize) -> String {
    let text = text.replace(['\n', '\r'], " ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::ellipsize;

    #[test]
    fn long_texts_are_cut_on_one_line() {
        for (text, max, expected) in [
            ("Blinken", 10, "Blinken"),
            ("Blinken", 7, "Blinken"),
            ("Blinken arrived", 8, "Blinken…"),
            ("two\nlines\r\n", 20, "two lines  "),
            ("القاهرة والدوحة", 5, "القا…"),
        ] {
            assert_eq!(ellipsize(text, max), expected, "{text:?} at {max}");
        }
    }
}
