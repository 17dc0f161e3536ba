//! Error reports rendered the way cel-go's `common.Errors.ToDisplayString` renders them: each
//! message with its `<input>:line:column` position, the source line and a caret under the
//! offending character.

/// cel-go reports at most this many errors, then says how many it left out.
const MAX_ERRORS_TO_REPORT: usize = 100;

/// Longest source line cel-go shows under a message.
const MAX_SNIPPET_LENGTH: usize = 16384;

/// A position: 1-based line, 0-based column counted in characters; `(-1, -1)` is cel-go's
/// `NoLocation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Location {
    pub line: i64,
    pub column: i64,
}

impl Location {
    pub(super) const NONE: Location = Location {
        line: -1,
        column: -1,
    };
}

/// The expression text, split into lines the way cel-go's text source does (on `\n`, offsets
/// in characters).
pub(super) struct Source<'a> {
    text: &'a str,
    /// Character offset at which each line after the first starts.
    line_offsets: Vec<i64>,
    chars: usize,
}

impl<'a> Source<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut line_offsets = Vec::new();
        let mut count = 0i64;
        for c in text.chars() {
            count += 1;
            if c == '\n' {
                line_offsets.push(count);
            }
        }
        // cel-go records the end of the text as the start of a final line, and a lone 0 for
        // an empty text.
        line_offsets.push(if count == 0 { 0 } else { count + 1 });
        Source {
            text,
            line_offsets,
            chars: usize::try_from(count).unwrap_or(usize::MAX),
        }
    }

    /// The location of a character offset (`SourceInfo.GetLocationByOffset`).
    pub(super) fn location(&self, offset: i64) -> Location {
        let mut line = 1;
        let mut column = offset;
        for &line_offset in &self.line_offsets {
            if line_offset > offset {
                break;
            }
            line += 1;
            column = offset - line_offset;
        }
        Location { line, column }
    }

    fn line_offset(&self, line: i64) -> Option<i64> {
        if line == 1 {
            return Some(0);
        }
        if line > 1 && line <= self.line_offsets.len() as i64 {
            return Some(self.line_offsets[(line - 2) as usize]);
        }
        None
    }

    /// The location of a byte offset, as the `cel` crate's source info records them.
    pub(super) fn location_of_byte(&self, byte_offset: usize) -> Location {
        let chars = self
            .text
            .char_indices()
            .take_while(|(i, _)| *i < byte_offset)
            .count();
        self.location(chars as i64)
    }

    /// The byte offset of the `-` sign before the number at `byte_offset`, if any.
    pub(super) fn sign_before(&self, byte_offset: usize) -> Option<usize> {
        let before = self.text.get(..byte_offset)?;
        let trimmed = before.trim_end();
        trimmed.ends_with('-').then(|| trimmed.len() - 1)
    }

    /// The text of a 1-based line (`Source.Snippet`).
    fn snippet(&self, line: i64) -> Option<String> {
        let start = self.line_offset(line)?;
        if self.chars == 0 {
            return None;
        }
        let end = match self.line_offset(line + 1) {
            Some(next) => next - 1,
            None => self.chars as i64,
        };
        let (start, end) = (start.max(0) as usize, end.max(0) as usize);
        Some(
            self.text
                .chars()
                .skip(start)
                .take(end.saturating_sub(start))
                .collect(),
        )
    }
}

/// The errors of one parse or check.
#[derive(Default)]
pub(super) struct Errors {
    errors: Vec<(Location, String)>,
    count: usize,
}

impl Errors {
    pub(super) fn report(&mut self, location: Location, message: String) {
        self.count += 1;
        if self.count > MAX_ERRORS_TO_REPORT {
            return;
        }
        self.errors.push((location, message));
    }

    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// All errors, sorted by position (stable, as cel-go sorts them), one block each.
    pub(super) fn display(mut self, source: &Source<'_>) -> String {
        self.errors
            .sort_by_key(|(location, _)| (location.line, location.column));
        let mut parts: Vec<String> = self
            .errors
            .iter()
            .map(|(location, message)| display_error(source, *location, message))
            .collect();
        if self.count > MAX_ERRORS_TO_REPORT {
            parts.push(format!(
                "{} more errors were truncated",
                self.count - MAX_ERRORS_TO_REPORT
            ));
        }
        parts.join("\n")
    }
}

/// One error (`common.Error.ToDisplayString`).
fn display_error(source: &Source<'_>, location: Location, message: &str) -> String {
    let mut out = format!(
        "ERROR: <input>:{}:{}: {}",
        location.line,
        location.column + 1,
        message
    );
    let Some(snippet) = source.snippet(location.line) else {
        return out;
    };
    if snippet.len() > MAX_SNIPPET_LENGTH {
        return out;
    }
    let snippet = snippet.replace('\t', " ");
    out.push_str("\n | ");
    out.push_str(&snippet);
    out.push_str("\n | ");
    let mut chars = snippet.chars();
    let mut i = 0;
    while i < location.column {
        let Some(c) = chars.next() else { break };
        out.push(if c.len_utf8() > 1 { '\u{ff0e}' } else { '.' });
        i += 1;
    }
    match chars.next() {
        Some(c) if c.len_utf8() > 1 => out.push('\u{ff3e}'),
        _ => out.push('^'),
    }
    out
}
