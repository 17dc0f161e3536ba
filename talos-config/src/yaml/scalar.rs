//! What go-yaml's emitters decide from a scalar's text alone, shared by the v4 emitter
//! ([`super::emit`]) and the yaml.v2 one the JSON patch output goes through: libyaml's
//! character classes, which styles can hold the text (`analyzeScalar`), double-quoted escapes
//! and the block chomping indicator. Both Go emitters are the same libyaml port here, except
//! for how the analysis treats tabs ([`Tabs`]).

use std::borrow::Cow;

pub(crate) fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

pub(crate) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's printable set: tab excluded, astral characters excluded, BOM excluded.
pub(crate) fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

/// How the analysis treats a tab, the one point where yaml.v2's and v3's differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tabs {
    /// yaml.v2: a tab is unprintable like any control character, so only double quotes can
    /// hold it.
    Special,
    /// go-yaml v3 on: a tab rules out plain and single-quoted scalars, not block ones.
    BlockAllowed,
}

/// How a scalar may be written, from go-yaml's `analyzeScalar`.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) struct Analysis {
    pub(crate) empty: bool,
    pub(crate) multiline: bool,
    pub(crate) flow_plain: bool,
    pub(crate) block_plain: bool,
    pub(crate) single_quoted: bool,
    pub(crate) block: bool,
}

/// go-yaml's `analyzeScalar` (yaml.v2's `yaml_emitter_analyze_scalar`).
pub(crate) fn analyze(value: &str, tabs: Tabs) -> Analysis {
    if value.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            flow_plain: false,
            block_plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let mut scan = Scan::new(value, tabs);
    if value.is_ascii() {
        scan.ascii(value.as_bytes());
    } else {
        scan.chars(value);
    }
    scan.finish()
}

/// Printable ASCII that means nothing to `analyzeScalar` after the first character.
const PLAIN_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x21;
    while b < 0x7F {
        table[b] = !matches!(
            b as u8,
            b',' | b'?' | b'[' | b']' | b'{' | b'}' | b':' | b'#'
        );
        b += 1;
    }
    table
};

/// The state of go-yaml's `analyzeScalar` loop.
struct Scan {
    tab_rule: Tabs,
    block_indicators: bool,
    flow_indicators: bool,
    line_breaks: bool,
    special: bool,
    tabs: bool,
    leading_space: bool,
    leading_break: bool,
    trailing_space: bool,
    trailing_break: bool,
    break_space: bool,
    space_break: bool,
    previous_space: bool,
    previous_break: bool,
    preceded_by_whitespace: bool,
}

impl Scan {
    fn new(value: &str, tab_rule: Tabs) -> Scan {
        let document_marker = value.starts_with("---") || value.starts_with("...");
        Scan {
            tab_rule,
            block_indicators: document_marker,
            flow_indicators: document_marker,
            line_breaks: false,
            special: false,
            tabs: false,
            leading_space: false,
            leading_break: false,
            trailing_space: false,
            trailing_break: false,
            break_space: false,
            space_break: false,
            previous_space: false,
            previous_break: false,
            preceded_by_whitespace: true,
        }
    }

    /// The loop over non-empty ASCII text, skipping runs that only reset the "previous"
    /// flags.
    fn ascii(&mut self, bytes: &[u8]) {
        let last = bytes.len() - 1;
        let next = |i: usize| bytes.get(i + 1).map(|&b| char::from(b));
        self.step(char::from(bytes[0]), next(0), true, last == 0);
        let mut i = 1;
        while i <= last {
            let run = i;
            while i <= last && PLAIN_ASCII[usize::from(bytes[i])] {
                i += 1;
            }
            if i > run {
                self.previous_space = false;
                self.previous_break = false;
                self.preceded_by_whitespace = false;
            }
            if i <= last {
                self.step(char::from(bytes[i]), next(i), false, i == last);
                i += 1;
            }
        }
    }

    /// The loop over any text, one character at a time.
    fn chars(&mut self, value: &str) {
        let mut chars = value.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            self.step(c, next, first, next.is_none());
            first = false;
        }
    }

    /// One character `c`, followed by `next`.
    fn step(&mut self, c: char, next: Option<char>, first: bool, last: bool) {
        let followed_by_whitespace = next.is_none_or(is_blank);
        if first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    self.flow_indicators = true;
                    self.block_indicators = true;
                }
                '?' | ':' => {
                    self.flow_indicators = true;
                    if followed_by_whitespace {
                        self.block_indicators = true;
                    }
                }
                '-' if followed_by_whitespace => {
                    self.flow_indicators = true;
                    self.block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => self.flow_indicators = true,
                ':' => {
                    self.flow_indicators = true;
                    if followed_by_whitespace {
                        self.block_indicators = true;
                    }
                }
                '#' if self.preceded_by_whitespace => {
                    self.flow_indicators = true;
                    self.block_indicators = true;
                }
                _ => {}
            }
        }
        if c == '\t' && self.tab_rule == Tabs::BlockAllowed {
            self.tabs = true;
        } else if !is_printable(c) {
            self.special = true;
        }
        if c == ' ' {
            self.leading_space |= first;
            self.trailing_space |= last;
            self.break_space |= self.previous_break;
            self.previous_space = true;
            self.previous_break = false;
        } else if is_break(c) {
            self.line_breaks = true;
            self.leading_break |= first;
            self.trailing_break |= last;
            self.space_break |= self.previous_space;
            self.previous_space = false;
            self.previous_break = true;
        } else {
            self.previous_space = false;
            self.previous_break = false;
        }
        self.preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
    }

    fn finish(&self) -> Analysis {
        let mut a = Analysis {
            empty: false,
            multiline: self.line_breaks,
            flow_plain: true,
            block_plain: true,
            single_quoted: true,
            block: true,
        };
        if self.leading_space || self.leading_break || self.trailing_space || self.trailing_break {
            a.flow_plain = false;
            a.block_plain = false;
        }
        if self.trailing_space {
            a.block = false;
        }
        if self.break_space || self.space_break || self.tabs || self.special {
            a.flow_plain = false;
            a.block_plain = false;
            a.single_quoted = false;
        }
        if self.space_break || self.special {
            a.block = false;
        }
        if self.line_breaks {
            a.flow_plain = false;
            a.block_plain = false;
        }
        if self.flow_indicators {
            a.flow_plain = false;
        }
        if self.block_indicators {
            a.block_plain = false;
        }
        a
    }
}

/// The escape a double-quoted scalar writes for `c`, backslash included.
pub(crate) fn escape(c: char) -> Cow<'static, str> {
    Cow::Borrowed(match c {
        '\0' => "\\0",
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\x0b' => "\\v",
        '\x0c' => "\\f",
        '\r' => "\\r",
        '\x1b' => "\\e",
        '"' => "\\\"",
        '\\' => "\\\\",
        '\u{85}' => "\\N",
        '\u{A0}' => "\\_",
        '\u{2028}' => "\\L",
        '\u{2029}' => "\\P",
        c => {
            let v = c as u32;
            return Cow::Owned(if v <= 0xFF {
                format!("\\x{v:02X}")
            } else if v <= 0xFFFF {
                format!("\\u{v:04X}")
            } else {
                format!("\\U{v:08X}")
            });
        }
    })
}

/// A block scalar's chomping indicator: `-` when the text does not end in a line break, `+`
/// when it ends in more than one (or is a lone break), none (clip) for exactly one.
pub(crate) fn chomping(value: &str) -> Option<&'static str> {
    let mut rev = value.chars().rev();
    match (rev.next(), rev.next()) {
        (None, _) => Some("-"),
        (Some(last), _) if !is_break(last) => Some("-"),
        (Some(_), None) => Some("+"),
        (Some(_), Some(before)) if is_break(before) => Some("+"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Analysis, Scan, Tabs, analyze};

    /// Every string of up to three characters from an alphabet of the characters the
    /// analysis looks at, and longer ones built from them.
    fn samples() -> Vec<String> {
        let alphabet = [
            'a', ' ', '\t', '\n', '\r', ':', '#', '-', '?', ',', '[', '{', '\'', '"', '.', '|',
            '\u{85}', '\u{2028}', '\u{FEFF}', 'é', '\u{1}', '\0', '~', '!', '%',
        ];
        let mut values = vec![String::new()];
        for _ in 0..3 {
            let shorter = values.clone();
            for prefix in &shorter {
                for &c in &alphabet {
                    values.push(format!("{prefix}{c}"));
                }
            }
        }
        values.extend(
            [
                "---x",
                "...",
                "a: b",
                "a #b",
                "a#b",
                "x y z ",
                " lead",
                "http://x:80/p",
                "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJQakNC",
                "a\n b",
                "a \nb",
            ]
            .map(str::to_owned),
        );
        values.sort();
        values.dedup();
        values
    }

    #[test]
    fn ascii_runs_match_the_character_loop() {
        for value in samples().iter().filter(|v| !v.is_empty() && v.is_ascii()) {
            for tabs in [Tabs::Special, Tabs::BlockAllowed] {
                let mut by_runs = Scan::new(value, tabs);
                by_runs.ascii(value.as_bytes());
                let mut by_chars = Scan::new(value, tabs);
                by_chars.chars(value);
                assert_eq!(by_runs.finish(), by_chars.finish(), "{value:?}");
            }
        }
    }

    #[test]
    fn tabs_differ_only_in_block_styles() {
        for value in samples() {
            let v2 = analyze(&value, Tabs::Special);
            let v3 = analyze(&value, Tabs::BlockAllowed);
            let same_but_block = Analysis {
                block: v2.block,
                ..v3
            };
            assert_eq!(v2, same_but_block, "{value:?}");
        }
        let tab = |tabs| analyze("a\tb", tabs);
        assert!(!tab(Tabs::Special).block && !tab(Tabs::Special).block_plain);
        assert!(tab(Tabs::BlockAllowed).block && !tab(Tabs::BlockAllowed).single_quoted);
    }

    #[test]
    fn styles_match_go_yaml() {
        let a = analyze("a: b", Tabs::BlockAllowed);
        assert!(!a.block_plain && !a.flow_plain && a.single_quoted && a.block);
        let a = analyze("http://x:80/p", Tabs::BlockAllowed);
        assert!(a.block_plain && !a.flow_plain);
        let a = analyze("x y z ", Tabs::Special);
        assert!(!a.block_plain && a.single_quoted && !a.block);
        let a = analyze("a \nb", Tabs::Special);
        assert!(a.multiline && !a.single_quoted && !a.block);
        let a = analyze("", Tabs::Special);
        assert!(a.empty && a.block_plain && !a.flow_plain && !a.block);
    }
}
