//! Turning a file's bytes into text: UTF-8 (with or without a byte-order mark), UTF-16 with a
//! byte-order mark, and — for anything else that is not binary — Windows-1252, the superset of
//! Latin-1 that old news exports use. Binary files are refused rather than shown as noise.

use thiserror::Error;

/// How the bytes were read, for the message the person sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Windows1252 => "Windows-1252 (Latin-1)",
        }
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file looks binary (it has {n_control} control bytes in its first {n_sampled}), not text")]
    Binary { n_control: usize, n_sampled: usize },
    #[error("the UTF-16 text is broken at byte {position}")]
    BadUtf16 { position: usize },
}

/// How many bytes are sampled to tell text from binary.
const SAMPLE: usize = 64 * 1024;

/// Decodes a file's bytes as text, telling which encoding it used.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes).map(|t| (t, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes).map(|t| (t, Encoding::Utf16Be));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    // NUL and other C0 controls (but tab, line feed, form feed, carriage return and escape) do
    // not occur in text files; a few may, by accident, so only a share of them means binary.
    let n_control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if sample.contains(&0) || n_control * 100 > sample.len() {
        return Err(DecodeError::Binary {
            n_control,
            n_sampled: sample.len(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
        Err(_) => Ok((
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            Encoding::Windows1252,
        )),
    }
}

fn utf16(bytes: &[u8], from_bytes: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if bytes.len() % 2 == 1 {
        return Err(DecodeError::BadUtf16 {
            position: bytes.len() + 1,
        });
    }
    let units = bytes
        .chunks_exact(2)
        .map(|pair| from_bytes([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for (k, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(DecodeError::BadUtf16 {
                    position: 2 + 2 * k,
                })
            }
        }
    }
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

/// Windows-1252: Latin-1 except for 0x80–0x9F, which hold typographic characters.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(text: &str, bom: &[u8], to: fn(u16) -> [u8; 2]) -> Vec<u8> {
        let mut bytes = bom.to_vec();
        bytes.extend(text.encode_utf16().flat_map(to));
        bytes
    }

    #[test]
    fn every_encoding_decodes_to_the_same_text() {
        let text = "Doha 🇶🇦 “confirms” café";
        let cases: Vec<(Vec<u8>, Encoding)> = vec![
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                Encoding::Utf8,
            ),
            (
                utf16_bytes(text, b"\xFF\xFE", u16::to_le_bytes),
                Encoding::Utf16Le,
            ),
            (
                utf16_bytes(text, b"\xFE\xFF", u16::to_be_bytes),
                Encoding::Utf16Be,
            ),
        ];
        for (bytes, encoding) in cases {
            assert_eq!(decode(&bytes), Ok((text.to_string(), encoding)));
        }
    }

    #[test]
    fn latin_1_and_windows_1252_decode() {
        assert_eq!(
            decode(b"caf\xe9 \x93quoted\x94 \x80 5"),
            Ok(("café “quoted” € 5".to_string(), Encoding::Windows1252))
        );
    }

    #[test]
    fn empty_binary_and_broken_files_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xFF\xFE"), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary {
                n_control: 4,
                n_sampled: 16
            })
        );
        assert_eq!(
            decode(b"\xFF\xFEa"),
            Err(DecodeError::BadUtf16 { position: 2 })
        );
        // A lone high surrogate.
        assert_eq!(
            decode(b"\xFF\xFEa\0\x00\xD8"),
            Err(DecodeError::BadUtf16 { position: 4 })
        );
        assert_eq!(
            DecodeError::Binary {
                n_control: 5,
                n_sampled: 16
            }
            .to_string(),
            "the file looks binary (it has 5 control bytes in its first 16), not text"
        );
    }
}
