//! libyaml's output cursor, shared by the v4 emitter ([`super::emit`]) and the yaml.v2 one
//! the JSON patch output goes through, with the scalar text both write alike. go-yaml makes
//! its spacing decisions from the cursor's state, so it is kept exactly: the column,
//! whether whitespace was just written, and whether the line is still in its indentation.

use super::scalar::{chomping, is_break};

pub(crate) struct Writer {
    out: String,
    pub(crate) column: usize,
    /// Whether whitespace was just written (an indicator that needs some writes a space).
    pub(crate) whitespace: bool,
    /// Whether the line holds nothing but its indentation so far.
    pub(crate) indention: bool,
    /// The current indentation (-1 before the first block).
    pub(crate) indent: i32,
}

impl Writer {
    pub(crate) fn new() -> Writer {
        Writer {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
        }
    }

    /// The text written, ended as libyaml ends a document: with a line break, unless the
    /// last line is still empty.
    pub(crate) fn finish(mut self) -> String {
        self.write_indent();
        self.out
    }

    pub(crate) fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    pub(crate) fn write_str(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += char_count(text);
    }

    /// A line feed, which starts a line in its indentation (go-yaml v3 on sets the flag
    /// here; yaml.v2 after each call, to the same effect).
    pub(crate) fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.indention = true;
    }

    /// A line break of the scalar's own, as it is.
    pub(crate) fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
            self.indention = true;
        }
    }

    pub(crate) fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
    }

    pub(crate) fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.write_str(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// The text of a plain or single-quoted scalar (libyaml's two writers differ only in
    /// where a space may fold and in doubling quotes): a space past column `fold_after`
    /// folds the line, a lone line feed is written twice (alone it would read back as a
    /// space), and each line after a break is indented.
    pub(crate) fn write_text(
        &mut self,
        value: &str,
        fold_after: Option<usize>,
        single_quoted: bool,
    ) {
        let mut chars = value.chars().peekable();
        let mut first = true;
        let mut spaces = false;
        let mut breaks = false;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            if c == ' ' {
                // Quotes keep a first or last space inside them.
                let inner = !single_quoted || (!first && next.is_some());
                if fold_after.is_some_and(|width| self.column > width)
                    && !spaces
                    && inner
                    && next != Some(' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if single_quoted && c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
            first = false;
        }
    }

    /// A block scalar's header: its indicator (`|`, `>`), the indentation hint when the
    /// emitter gives one, the chomping indicator, and the line break after them.
    pub(crate) fn write_block_header(
        &mut self,
        indicator: &str,
        indent_hint: Option<&str>,
        value: &str,
    ) {
        self.write_indicator(indicator, true, false, false);
        if let Some(hint) = indent_hint {
            self.write_indicator(hint, false, false, false);
        }
        if let Some(chomp) = chomping(value) {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.whitespace = true;
    }

    /// The lines of a literal block scalar, each indented, as they are.
    pub(crate) fn write_literal_text(&mut self, value: &str) {
        if !value.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            // Line feeds only: each line indented and put as is.
            for (i, line) in value.split('\n').enumerate() {
                if i > 0 {
                    self.put_break();
                }
                if !line.is_empty() {
                    self.write_indent();
                    self.write_str(line);
                    self.indention = false;
                }
            }
            return;
        }
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// The number of characters (the writer's columns).
fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}
