//! A fast path for the YAML Talos configurations are written in: block mappings and
//! sequences, one-line plain and quoted scalars, literal and folded block scalars, one-line
//! flow collections, comments and `---` separators.
//!
//! It builds exactly the node trees (positions, styles, tags) and document boundaries that
//! libyaml's scanner and parser followed by the composer in `parse.rs` build, and it gives
//! up — the caller then re-reads the input through libyaml — on anything it does not mirror
//! with certainty: anchors, aliases, tags, directives, `...`, multi-line plain or quoted
//! scalars, `?` keys, tabs outside comments and scalar text, BOMs other than a leading
//! UTF-8 one, Unicode line breaks, control characters, odd indentation and every error.
//! Errors and their texts therefore always come from libyaml.
//!
//! Every rule below names the libyaml behaviour it mirrors; the fuzz target
//! `yaml_fast_path` checks that whatever this accepts libyaml reads the same way.

use super::node::{Node, ScalarStyle};
use super::parse::Document;
use super::resolve;

/// Deeper nesting goes to libyaml (this parser recurses, libyaml's does not).
const MAX_DEPTH: u32 = 64;
/// libyaml drops a simple key more than 1024 bytes before its `:`; stay clear of that.
const MAX_KEY_BYTES: usize = 1000;

/// The outcome of reading one more document.
pub(super) enum Step {
    /// A document, identical to libyaml's.
    Document(Document),
    /// The stream has no more documents.
    End,
    /// Not certain: libyaml must read the input.
    Bail,
}

/// The fast reader's position between documents (the text is passed to each call, so the
/// caller can hand it to libyaml when this gives up).
pub(super) struct Fast {
    /// Children of the collections being read, moved out in one exact allocation each.
    stack: Vec<Node>,
    pos: usize,
    line: usize,
    line_start: usize,
    started: bool,
}

impl Fast {
    /// Starts on `text` (what libyaml would read: line breaks normalised, UTF-16 decoded),
    /// or `None` when libyaml must read it (its reader rejects or treats specially some
    /// characters anywhere in the input, before the first document).
    pub(super) fn new(text: &str) -> Option<Fast> {
        let bytes = text.as_bytes();
        // libyaml's reader consumes a leading UTF-8 BOM (positions do not count it) and
        // rejects any other input starting with 0xEF.
        let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else if bytes.first() == Some(&0xEF) {
            return None;
        } else {
            0
        };
        if !allowed_chars(&bytes[start..], &text[start..]) {
            return None;
        }
        Some(Fast {
            stack: Vec::new(),
            pos: start,
            line: 0,
            line_start: start,
            started: false,
        })
    }

    /// Reads the next document of `text` (the same text as given to [`Fast::new`]).
    pub(super) fn next_document(&mut self, text: &str) -> Step {
        let mut p = Parser {
            s: text.as_bytes(),
            text,
            pos: self.pos,
            line: self.line,
            line_start: self.line_start,
            depth: 0,
            stack: std::mem::take(&mut self.stack),
        };
        let result = p.document(!self.started);
        self.stack = p.stack;
        self.stack.clear();
        match result {
            Some(Some(doc)) => {
                self.started = true;
                self.pos = p.pos;
                self.line = p.line;
                self.line_start = p.line_start;
                Step::Document(doc)
            }
            Some(None) => Step::End,
            None => Step::Bail,
        }
    }
}

/// Characters libyaml's reader accepts and that mean nothing special to its scanner: no
/// control characters (tab and line feed aside), no CR (normalised away before), no NEL,
/// LS or PS (line breaks to libyaml), no BOM (skipped at the start of any line).
fn allowed_chars(bytes: &[u8], text: &str) -> bool {
    if bytes.is_ascii() {
        // Without short-circuits, so that it vectorises.
        return bytes.iter().fold(true, |ok, &b| {
            ok & ((b >= 0x20) & (b != 0x7F) | (b == b'\n') | (b == b'\t'))
        });
    }
    text.chars().all(|c| match c {
        '\t' | '\n' | ' '..='~' => true,
        '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => true,
        _ => false,
    })
}

/// Where a block node starts, which decides what it may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// First on its line (a document root, or a value or item on the lines below).
    OwnLine,
    /// After `- ` on the same line (a compact mapping or sequence may start here).
    AfterDash,
    /// After `key: ` on the same line (only a scalar or flow collection; libyaml refuses
    /// a mapping or a block sequence here).
    AfterKey,
}

struct Parser<'t> {
    s: &'t [u8],
    text: &'t str,
    pos: usize,
    /// 0-based line of `pos`.
    line: usize,
    /// Byte offset where the line of `pos` starts.
    line_start: usize,
    depth: u32,
    stack: Vec<Node>,
}

/// Bytes that end a run of plain scalar text (blanks, `:`; in flow context also `,[]{}`).
const BLOCK_STOPS: [bool; 256] = stops(false);
const FLOW_STOPS: [bool; 256] = stops(true);

const fn stops(flow: bool) -> [bool; 256] {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\n' as usize] = true;
    table[b':' as usize] = true;
    if flow {
        table[b',' as usize] = true;
        table[b'[' as usize] = true;
        table[b']' as usize] = true;
        table[b'{' as usize] = true;
        table[b'}' as usize] = true;
    }
    table
}

/// The first index from `i` whose byte is a stop.
fn skip_until(s: &[u8], mut i: usize, stops: &[bool; 256]) -> usize {
    while i < s.len() && !stops[usize::from(s[i])] {
        i += 1;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` equal to `b` (exact for the lowest one, which is
/// all the callers look at).
fn bytes_equal(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// [`skip_until`] with the block stops (space, tab, line feed, `:`), eight bytes at a time.
fn skip_plain_block(s: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = s.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = bytes_equal(word, b' ')
            | bytes_equal(word, b'\t')
            | bytes_equal(word, b'\n')
            | bytes_equal(word, b':');
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    skip_until(s, i, &BLOCK_STOPS)
}

/// The index of the next line feed from `i`, or the end.
fn line_end(s: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = s.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = bytes_equal(word, b'\n');
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    s[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(s.len(), |k| i + k)
}

fn blank_or_end(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\n'))
}

/// libyaml's indicators, which cannot start a plain scalar.
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A scalar node as the composer builds it from a scalar event without tag or anchor.
fn scalar(value: String, style: ScalarStyle, mark: (usize, usize)) -> Node {
    let tag = if style == ScalarStyle::Plain {
        resolve::resolve_plain(&value).tag()
    } else {
        resolve::STR
    };
    let mut node = Node::static_scalar(tag, value, style);
    set_mark(&mut node, mark);
    node
}

fn set_mark(node: &mut Node, (line, column): (usize, usize)) {
    node.line = to_u32(line + 1);
    node.column = to_u32(column + 1);
}

impl Parser<'_> {
    fn byte(&self, at: usize) -> Option<&u8> {
        self.s.get(at)
    }

    fn eof(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// libyaml's column: characters since the start of the line.
    fn column_of(&self, at: usize) -> usize {
        let segment = &self.s[self.line_start..at];
        if segment.is_ascii() {
            segment.len()
        } else {
            segment.iter().filter(|&&b| b & 0xC0 != 0x80).count()
        }
    }

    fn mark(&self) -> (usize, usize) {
        (self.line, self.column_of(self.pos))
    }

    fn new_line(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    fn skip_spaces(&mut self) {
        while self.s.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
    }

    /// libyaml's `scan_to_next_token`: spaces, comments and line breaks, up to the next
    /// token or the end. Tabs (which libyaml skips only in some states) give up, as does
    /// a `#` glued to the token before it.
    fn skip_to_content(&mut self) -> Option<()> {
        loop {
            self.skip_spaces();
            match self.byte(self.pos) {
                None => return Some(()),
                Some(b'\n') => self.new_line(),
                Some(b'#') => {
                    if self.pos > self.line_start && self.s[self.pos - 1] != b' ' {
                        return None;
                    }
                    self.pos = line_end(self.s, self.pos);
                }
                Some(b'\t') => return None,
                Some(_) => return Some(()),
            }
        }
    }

    /// After a token that must end its line: spaces, then a comment or the line break.
    fn finish_line(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.byte(self.pos) {
            None | Some(b'\n') => {}
            Some(b'#') if self.s[self.pos - 1] == b' ' => {}
            _ => return None,
        }
        self.skip_to_content()
    }

    /// At the first token of a line: whether it is `---` (a document start). `...` and
    /// directives give up.
    fn at_document_start(&self) -> Option<bool> {
        if self.pos != self.line_start {
            return Some(false);
        }
        let rest = &self.s[self.pos..];
        let indicator = |c: u8| rest.len() >= 3 && rest[..3].iter().all(|&b| b == c);
        if indicator(b'-') && blank_or_end(rest.get(3)) {
            return Some(true);
        }
        if indicator(b'.') && blank_or_end(rest.get(3)) || rest.first() == Some(&b'%') {
            return None;
        }
        Some(false)
    }

    /// Whether the stream or the document ends here (the caller is at a token).
    fn at_end(&self) -> Option<bool> {
        if self.eof() {
            return Some(true);
        }
        self.at_document_start()
    }

    /// libyaml's STREAM-END mark: the end, moved to the next line unless at column 0.
    fn stream_end_mark(&self) -> (usize, usize) {
        if self.column_of(self.s.len()) == 0 {
            (self.line, 0)
        } else {
            (self.line + 1, 0)
        }
    }

    /// The column of the token the cursor is at, which starts its line after spaces.
    fn token_column(&self) -> usize {
        self.pos - self.line_start
    }

    fn document(&mut self, first: bool) -> Option<Option<Document>> {
        if first {
            self.skip_to_content()?;
        }
        if self.eof() {
            return Some(None);
        }
        let explicit = self.at_document_start()?;
        let (line, root) = if explicit {
            let line = self.line;
            self.pos += 3;
            self.finish_line()?;
            // An empty document: libyaml's empty scalar at the next token's start.
            let root = if self.eof() {
                empty(self.stream_end_mark())
            } else if self.at_document_start()? {
                empty((self.line, 0))
            } else {
                self.block_node(-1, Ctx::OwnLine)?
            };
            (line, root)
        } else if first {
            let line = self.line;
            (line, self.block_node(-1, Ctx::OwnLine)?)
        } else {
            return None;
        };
        // libyaml wants the next document's `---` (or the end) after the root node.
        if !self.at_end()? {
            return None;
        }
        Some(Some(Document {
            root,
            line: to_u32(line + 1),
        }))
    }

    /// A block node at the cursor, whose enclosing block collection (libyaml's indent) is
    /// at column `parent`. Returns with the cursor at the next token.
    fn block_node(&mut self, parent: isize, ctx: Ctx) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        let mark = self.mark();
        let node = match self.s[start] {
            b'-' if blank_or_end(self.byte(start + 1)) => {
                if ctx == Ctx::AfterKey {
                    return None;
                }
                self.block_sequence(mark.1, false)?
            }
            b'[' | b'{' => {
                let node = self.flow_collection()?;
                self.finish_line()?;
                node
            }
            b'|' | b'>' => self.block_scalar(parent)?,
            b'\'' | b'"' => {
                let (value, style) = self.quoted()?;
                let node = scalar(value, style, mark);
                if self.key_follows() {
                    if ctx == Ctx::AfterKey {
                        return None;
                    }
                    self.block_mapping(node, start, mark.1)?
                } else {
                    self.finish_line()?;
                    node
                }
            }
            _ if self.plain_start(start, false) => {
                let (value, colon) = self.plain(false)?;
                let node = scalar(value, ScalarStyle::Plain, mark);
                if colon {
                    if ctx == Ctx::AfterKey {
                        return None;
                    }
                    self.block_mapping(node, start, mark.1)?
                } else {
                    self.finish_line()?;
                    node
                }
            }
            _ => return None,
        };
        self.depth -= 1;
        Some(node)
    }

    /// Whether `:` and a blank follow (after spaces): the scalar before was a key.
    fn key_follows(&mut self) -> bool {
        self.skip_spaces();
        self.byte(self.pos) == Some(&b':') && blank_or_end(self.byte(self.pos + 1))
    }

    /// A block mapping at `column` whose first key (starting at byte `key_start`) is read;
    /// the cursor is at its `:`.
    fn block_mapping(&mut self, first_key: Node, key_start: usize, column: usize) -> Option<Node> {
        let mut node = Node::mapping(Vec::new());
        node.line = first_key.line;
        node.column = first_key.column;
        let base = self.stack.len();
        let mut key = first_key;
        let mut key_start = key_start;
        loop {
            if self.pos - key_start > MAX_KEY_BYTES {
                return None;
            }
            // An empty value sits right after the `:` (libyaml: the VALUE token's end).
            let value_mark = (self.line, self.column_of(self.pos) + 1);
            self.pos += 1;
            let value = self.mapping_value(column, value_mark)?;
            self.stack.push(key);
            self.stack.push(value);
            if self.at_end()? {
                break;
            }
            let next = self.token_column();
            if next < column {
                break;
            }
            if next > column {
                return None;
            }
            key_start = self.pos;
            key = self.key()?;
        }
        node.children = self.stack.split_off(base);
        Some(node)
    }

    /// A key at the start of a mapping line, leaving the cursor at its `:`.
    fn key(&mut self) -> Option<Node> {
        let mark = self.mark();
        match self.s[self.pos] {
            b'\'' | b'"' => {
                let (value, style) = self.quoted()?;
                self.key_follows().then(|| scalar(value, style, mark))
            }
            _ if self.plain_start(self.pos, false) => {
                let (value, colon) = self.plain(false)?;
                colon.then(|| scalar(value, ScalarStyle::Plain, mark))
            }
            _ => None,
        }
    }

    /// The value after `key:` of a mapping at `column`.
    fn mapping_value(&mut self, column: usize, empty_mark: (usize, usize)) -> Option<Node> {
        self.skip_spaces();
        match self.byte(self.pos) {
            None | Some(b'\n' | b'#') => {}
            Some(b'\t') => return None,
            Some(_) => return self.block_node(column as isize, Ctx::AfterKey),
        }
        self.skip_to_content()?;
        if self.at_end()? {
            return Some(empty(empty_mark));
        }
        let next = self.token_column();
        if next > column {
            return self.block_node(column as isize, Ctx::OwnLine);
        }
        if next == column && self.s[self.pos] == b'-' && blank_or_end(self.byte(self.pos + 1)) {
            // libyaml's indentless sequence: `- ` at the mapping's own column.
            return self.block_sequence(column, true);
        }
        Some(empty(empty_mark))
    }

    /// A block sequence whose first `-` is at the cursor, in `column`.
    fn block_sequence(&mut self, column: usize, indentless: bool) -> Option<Node> {
        let mut node = Node::sequence(Vec::new());
        set_mark(&mut node, self.mark());
        let base = self.stack.len();
        loop {
            // An empty item sits right after the `-` (libyaml: the BLOCK-ENTRY token's end).
            let empty_mark = (self.line, column + 1);
            self.pos += 1;
            self.skip_spaces();
            let item = match self.byte(self.pos) {
                None | Some(b'\n' | b'#') => {
                    self.skip_to_content()?;
                    if !self.at_end()? && self.token_column() > column {
                        self.block_node(column as isize, Ctx::OwnLine)?
                    } else {
                        empty(empty_mark)
                    }
                }
                Some(b'\t') => return None,
                Some(_) => self.block_node(column as isize, Ctx::AfterDash)?,
            };
            self.stack.push(item);
            if self.at_end()? {
                break;
            }
            let next = self.token_column();
            if next < column {
                break;
            }
            if next > column {
                return None;
            }
            if self.s[self.pos] == b'-' && blank_or_end(self.byte(self.pos + 1)) {
                continue;
            }
            if indentless {
                break;
            }
            return None;
        }
        node.children = self.stack.split_off(base);
        Some(node)
    }

    /// Whether a plain scalar starts at `at` (libyaml's test in `fetch_next_token`, after
    /// every other token kind was ruled out).
    fn plain_start(&self, at: usize, flow: bool) -> bool {
        let b = self.s[at];
        match b {
            b' ' | b'\t' | b'\n' => false,
            b'-' => !blank_or_end(self.byte(at + 1)),
            b'?' | b':' => !flow && !blank_or_end(self.byte(at + 1)),
            _ => !is_indicator(b),
        }
    }

    /// A one-line plain scalar (libyaml's `scan_plain_scalar`); `true` when it ended at a
    /// `:` that makes it a key (the cursor is then at the `:`, else after the text). A
    /// scalar going on to the next line is the caller's to refuse (the next token's column).
    fn plain(&mut self, flow: bool) -> Option<(String, bool)> {
        let s = self.s;
        let stops = if flow { &FLOW_STOPS } else { &BLOCK_STOPS };
        let start = self.pos;
        let mut end = start;
        let mut i = start;
        let mut colon = false;
        'words: loop {
            loop {
                let run = i;
                i = if flow {
                    skip_until(s, i, stops)
                } else {
                    skip_plain_block(s, i)
                };
                if i > run {
                    end = i;
                }
                let Some(&b) = s.get(i) else {
                    break;
                };
                match b {
                    b' ' | b'\n' => break,
                    b'\t' => return None,
                    b':' => {
                        let next = s.get(i + 1);
                        if flow && matches!(next, Some(b',' | b'?' | b'[' | b']' | b'{' | b'}')) {
                            return None;
                        }
                        if blank_or_end(next) {
                            colon = true;
                            break 'words;
                        }
                    }
                    // A flow indicator (only a stop in flow context).
                    _ => break 'words,
                }
                i += 1;
                end = i;
            }
            while s.get(i) == Some(&b' ') {
                i += 1;
            }
            match s.get(i) {
                None | Some(b'\n' | b'#') => break,
                Some(b'\t') => return None,
                Some(_) => {}
            }
        }
        self.pos = if colon { i } else { end };
        Some((self.text[start..end].to_owned(), colon))
    }

    /// A one-line single- or double-quoted scalar (libyaml's `scan_flow_scalar`, whose
    /// folding only applies across lines).
    fn quoted(&mut self) -> Option<(String, ScalarStyle)> {
        let s = self.s;
        let single = s[self.pos] == b'\'';
        let mut out = String::new();
        let mut i = self.pos + 1;
        loop {
            let special = |b: &u8| {
                *b == b'\n'
                    || if single {
                        *b == b'\''
                    } else {
                        *b == b'"' || *b == b'\\'
                    }
            };
            let k = i + s[i..].iter().position(special)?;
            out.push_str(&self.text[i..k]);
            match s[k] {
                b'\n' => return None,
                b'\'' if s.get(k + 1) == Some(&b'\'') => {
                    out.push('\'');
                    i = k + 2;
                }
                b'\'' | b'"' => {
                    self.pos = k + 1;
                    let style = if single {
                        ScalarStyle::SingleQuoted
                    } else {
                        ScalarStyle::DoubleQuoted
                    };
                    return Some((out, style));
                }
                _ => {
                    let escape = *s.get(k + 1)?;
                    let simple = match escape {
                        b'0' => Some('\0'),
                        b'a' => Some('\x07'),
                        b'b' => Some('\x08'),
                        b't' | b'\t' => Some('\t'),
                        b'n' => Some('\n'),
                        b'v' => Some('\x0B'),
                        b'f' => Some('\x0C'),
                        b'r' => Some('\r'),
                        b'e' => Some('\x1B'),
                        b' ' => Some(' '),
                        b'"' => Some('"'),
                        b'/' => Some('/'),
                        b'\\' => Some('\\'),
                        b'N' => Some('\u{85}'),
                        b'_' => Some('\u{A0}'),
                        b'L' => Some('\u{2028}'),
                        b'P' => Some('\u{2029}'),
                        _ => None,
                    };
                    if let Some(c) = simple {
                        out.push(c);
                        i = k + 2;
                        continue;
                    }
                    let digits = match escape {
                        b'x' => 2,
                        b'u' => 4,
                        b'U' => 8,
                        _ => return None,
                    };
                    let hex = s.get(k + 2..k + 2 + digits)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    let code = hex.iter().fold(0u32, |acc, &h| {
                        (acc << 4) + char::from(h).to_digit(16).unwrap_or(0)
                    });
                    out.push(char::from_u32(code)?);
                    i = k + 2 + digits;
                }
            }
        }
    }

    /// A one-line flow collection (`[a, "b"]`, `{k: v}`, nested), with its trailing comma.
    fn flow_collection(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mark = self.mark();
        let mapping = self.s[self.pos] == b'{';
        let close = if mapping { b'}' } else { b']' };
        let mut node = if mapping {
            Node::mapping(Vec::new())
        } else {
            Node::sequence(Vec::new())
        };
        node.flow = true;
        set_mark(&mut node, mark);
        self.pos += 1;
        self.flow_spaces()?;
        if self.s[self.pos] == close {
            self.pos += 1;
            self.depth -= 1;
            return Some(node);
        }
        let base = self.stack.len();
        loop {
            if mapping {
                let key_start = self.pos;
                let key_mark = self.mark();
                let key = match self.s[self.pos] {
                    b'\'' | b'"' => {
                        let (value, style) = self.quoted()?;
                        self.flow_spaces()?;
                        if self.s[self.pos] != b':' {
                            return None;
                        }
                        scalar(value, style, key_mark)
                    }
                    _ if self.plain_start(self.pos, true) => {
                        let (value, colon) = self.plain(true)?;
                        if !colon {
                            return None;
                        }
                        scalar(value, ScalarStyle::Plain, key_mark)
                    }
                    _ => return None,
                };
                if self.pos - key_start > MAX_KEY_BYTES || self.byte(self.pos + 1) != Some(&b' ') {
                    return None;
                }
                self.pos += 1;
                self.flow_spaces()?;
                if matches!(self.s[self.pos], b',' | b'}') {
                    return None;
                }
                let value = self.flow_node()?;
                self.stack.push(key);
                self.stack.push(value);
            } else {
                let item = self.flow_node()?;
                self.stack.push(item);
            }
            self.flow_spaces()?;
            match self.s[self.pos] {
                b',' => {
                    self.pos += 1;
                    self.flow_spaces()?;
                    if self.s[self.pos] == close {
                        self.pos += 1;
                        break;
                    }
                }
                b if b == close => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        node.children = self.stack.split_off(base);
        self.depth -= 1;
        Some(node)
    }

    /// Spaces inside a flow collection, which must go on on this line.
    fn flow_spaces(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.byte(self.pos) {
            None | Some(b'\n' | b'\t' | b'#') => None,
            Some(_) => Some(()),
        }
    }

    /// A node inside a flow collection: a scalar or a nested collection.
    fn flow_node(&mut self) -> Option<Node> {
        let mark = self.mark();
        match self.s[self.pos] {
            b'[' | b'{' => self.flow_collection(),
            b'\'' | b'"' => {
                let (value, style) = self.quoted()?;
                Some(scalar(value, style, mark))
            }
            _ if self.plain_start(self.pos, true) => {
                let (value, colon) = self.plain(true)?;
                (!colon).then(|| scalar(value, ScalarStyle::Plain, mark))
            }
            _ => None,
        }
    }

    /// A literal or folded block scalar (libyaml's `scan_block_scalar` and
    /// `scan_block_scalar_breaks`, step by step), in a block collection at `parent`.
    /// Returns with the cursor at the next token.
    fn block_scalar(&mut self, parent: isize) -> Option<Node> {
        let s = self.s;
        let mark = self.mark();
        let literal = s[self.pos] == b'|';
        self.pos += 1;
        let digit = |b: Option<&u8>| match b {
            Some(b'0') => Err(()),
            Some(&d @ b'1'..=b'9') => Ok(Some(isize::from(d - b'0'))),
            _ => Ok(None),
        };
        let mut chomping = 0;
        let mut increment = 0;
        match self.byte(self.pos) {
            Some(&c @ (b'+' | b'-')) => {
                chomping = if c == b'+' { 1 } else { -1 };
                self.pos += 1;
                if let Some(d) = digit(self.byte(self.pos)).ok()? {
                    increment = d;
                    self.pos += 1;
                }
            }
            b => {
                if let Some(d) = digit(b).ok()? {
                    increment = d;
                    self.pos += 1;
                    if let Some(&c @ (b'+' | b'-')) = self.byte(self.pos) {
                        chomping = if c == b'+' { 1 } else { -1 };
                        self.pos += 1;
                    }
                }
            }
        }
        self.skip_spaces();
        if self.byte(self.pos) == Some(&b'#') {
            self.pos = line_end(s, self.pos);
        }
        match self.byte(self.pos) {
            None => {}
            Some(b'\n') => self.new_line(),
            Some(_) => return None,
        }
        let mut indent: isize = 0;
        if increment != 0 {
            indent = if parent >= 0 {
                parent + increment
            } else {
                increment
            };
        }
        let mut value = String::new();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        let mut leading_blank = false;
        self.block_breaks(&mut indent, &mut trailing_breaks, parent)?;
        loop {
            if self.eof() || self.column_of(self.pos) as isize != indent {
                break;
            }
            let trailing_blank = matches!(s[self.pos], b' ' | b'\t');
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    value.push(' ');
                }
            } else if leading_break {
                value.push('\n');
            }
            for _ in 0..trailing_breaks {
                value.push('\n');
            }
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let end = line_end(s, self.pos);
            value.push_str(&self.text[self.pos..end]);
            self.pos = end;
            if self.eof() {
                // libyaml-safer panics reading the missing line break (contained as a
                // syntax error by the caller); leave that to it.
                return None;
            }
            self.new_line();
            leading_break = true;
            self.block_breaks(&mut indent, &mut trailing_breaks, parent)?;
        }
        if chomping != -1 && leading_break {
            value.push('\n');
        }
        if chomping == 1 {
            for _ in 0..trailing_breaks {
                value.push('\n');
            }
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        let node = scalar(value, style, mark);
        self.skip_to_content()?;
        Some(node)
    }

    /// libyaml's `scan_block_scalar_breaks`: indentation and empty lines before content,
    /// and the auto-detected indentation.
    fn block_breaks(
        &mut self,
        indent: &mut isize,
        breaks: &mut usize,
        parent: isize,
    ) -> Option<()> {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || (self.column_of(self.pos) as isize) < *indent)
                && self.byte(self.pos) == Some(&b' ')
            {
                self.pos += 1;
            }
            let column = self.column_of(self.pos) as isize;
            max_indent = max_indent.max(column);
            if (*indent == 0 || column < *indent) && self.byte(self.pos) == Some(&b'\t') {
                return None;
            }
            if self.byte(self.pos) != Some(&b'\n') {
                break;
            }
            *breaks += 1;
            self.new_line();
        }
        if *indent == 0 {
            *indent = max_indent.max(parent + 1).max(1);
        }
        Some(())
    }
}

/// libyaml's empty scalar (a missing value or item, an empty document).
fn empty(mark: (usize, usize)) -> Node {
    scalar(String::new(), ScalarStyle::Plain, mark)
}
