//! From bytes to node trees, one document at a time (Talos decodes each document before it
//! reads the next, so an error in document 1 wins over a syntax error in document 2).
//!
//! The scanner and parser are libyaml's (through `libyaml-safer`), the same lineage as
//! go-yaml's, so the two accept the same texts; composing and tag resolution follow go-yaml.
//! A fast path (`fast.rs`) reads the common subset first and hands the input to libyaml,
//! skipping the documents it already gave out, as soon as it meets anything else.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use libyaml_safer::{Event, EventData, Mark, Parser};

use super::fast::{Fast, Step};
use super::node::{Node, NodeKind, ScalarStyle, intern_tag};
use super::resolve::{self, short_tag};

/// One document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The root node (a null scalar for an empty document).
    pub root: Node,
    /// 1-based line of the document start.
    pub line: u32,
}

/// A YAML syntax error, worded as go-yaml v4 words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SyntaxError(pub String);

/// Reads the documents of a YAML stream lazily.
pub struct DocumentStream<'a> {
    state: State<'a>,
}

enum State<'a> {
    /// The fast path reads `text`; `yielded` documents were given out.
    Fast {
        text: Cow<'a, str>,
        fast: Fast,
        yielded: usize,
    },
    /// libyaml reads the input.
    Libyaml(Box<Libyaml<'a>>),
    /// An input that cannot be read at all (invalid UTF-16).
    Unreadable(SyntaxError),
    Done,
}

/// The libyaml path: events composed into nodes.
struct Libyaml<'a> {
    parser: Parser<Input<'a>>,
    done: bool,
}

/// The parser's input: the caller's bytes, or UTF-8 transcoded from UTF-16 (the parser's own
/// UTF-16 reader asserts on unpaired surrogates, so UTF-16 is decoded here instead).
enum Input<'a> {
    Borrowed(&'a [u8]),
    Transcoded(std::io::Cursor<Vec<u8>>),
}

impl std::io::Read for Input<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::Borrowed(bytes) => bytes.read(buf),
            Input::Transcoded(cursor) => cursor.read(buf),
        }
    }
}

impl std::io::BufRead for Input<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self {
            Input::Borrowed(bytes) => bytes.fill_buf(),
            Input::Transcoded(cursor) => cursor.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Input::Borrowed(bytes) => bytes.consume(amount),
            Input::Transcoded(cursor) => cursor.consume(amount),
        }
    }
}

/// CR LF and lone CR as LF: the same line breaks to YAML (positions keep their lines and
/// columns), and the form the parser crate handles best.
fn normalize_breaks(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut bytes = input.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == b'\r' {
            if bytes.peek() == Some(&&b'\n') {
                continue;
            }
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    out
}

/// UTF-16 (announced by its byte-order mark, as libyaml detects it) as UTF-8.
fn transcode_utf16(input: &[u8]) -> Option<Result<Vec<u8>, SyntaxError>> {
    let big_endian = match input {
        [0xFE, 0xFF, ..] => true,
        [0xFF, 0xFE, ..] => false,
        _ => return None,
    };
    if !input.len().is_multiple_of(2) {
        return Some(Err(SyntaxError(
            "go-yaml load error in reader: incomplete UTF-16 character sequence".to_owned(),
        )));
    }
    let units = input[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::new();
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => {
                return Some(Err(SyntaxError(
                    "go-yaml load error in reader: invalid UTF-16 surrogate pair".to_owned(),
                )));
            }
        }
    }
    Some(Ok(text.into_bytes()))
}

/// The bytes libyaml reads: the input, or UTF-8 decoded from UTF-16 (the parser's own UTF-16
/// reader asserts on unpaired surrogates), with CR LF and CR as LF.
fn prepare(input: &[u8]) -> Result<Cow<'_, [u8]>, SyntaxError> {
    match transcode_utf16(input) {
        None if input.contains(&b'\r') => Ok(Cow::Owned(normalize_breaks(input))),
        None => Ok(Cow::Borrowed(input)),
        Some(Ok(utf8)) => Ok(Cow::Owned(normalize_breaks(&utf8))),
        Some(Err(err)) => Err(err),
    }
}

impl<'a> DocumentStream<'a> {
    /// Starts reading `input` (UTF-8, or UTF-16 with a byte-order mark).
    pub fn new(input: &'a [u8]) -> DocumentStream<'a> {
        let bytes = match prepare(input) {
            Ok(bytes) => bytes,
            Err(err) => {
                return DocumentStream {
                    state: State::Unreadable(err),
                };
            }
        };
        // The fast path reads text; anything else (invalid UTF-8 included) is libyaml's.
        let text = match bytes {
            Cow::Borrowed(bytes) => std::str::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|_| Cow::Borrowed(bytes)),
            Cow::Owned(bytes) => String::from_utf8(bytes)
                .map(Cow::Owned)
                .map_err(|err| Cow::Owned(err.into_bytes())),
        };
        let state = match text {
            Ok(text) => match Fast::new(&text) {
                Some(fast) => State::Fast {
                    text,
                    fast,
                    yielded: 0,
                },
                None => State::Libyaml(Box::new(Libyaml::new(text_bytes(text)))),
            },
            Err(bytes) => State::Libyaml(Box::new(Libyaml::new(bytes))),
        };
        DocumentStream { state }
    }

    /// The libyaml path alone (the reference the fast path is tested against).
    #[doc(hidden)]
    pub fn libyaml(input: &'a [u8]) -> DocumentStream<'a> {
        let state = match prepare(input) {
            Ok(bytes) => State::Libyaml(Box::new(Libyaml::new(bytes))),
            Err(err) => State::Unreadable(err),
        };
        DocumentStream { state }
    }

    /// The fast path alone: the documents it reads, and whether it read the whole stream
    /// (`false`: it gave up after these, or at once).
    #[doc(hidden)]
    pub fn fast_path(input: &'a [u8]) -> (Vec<Document>, bool) {
        let mut stream = DocumentStream::new(input);
        let mut documents = Vec::new();
        loop {
            let State::Fast { text, fast, .. } = &mut stream.state else {
                return (documents, false);
            };
            match fast.next_document(text) {
                Step::Document(doc) => documents.push(doc),
                Step::End => return (documents, true),
                Step::Bail => return (documents, false),
            }
        }
    }
}

fn text_bytes(text: Cow<'_, str>) -> Cow<'_, [u8]> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    }
}

impl<'a> Libyaml<'a> {
    fn new(bytes: Cow<'a, [u8]>) -> Libyaml<'a> {
        let mut parser = Parser::new();
        match bytes {
            Cow::Borrowed(bytes) => parser.set_input(Input::Borrowed(bytes)),
            Cow::Owned(bytes) => parser.set_input(Input::Transcoded(std::io::Cursor::new(bytes))),
        }
        Libyaml {
            parser,
            done: false,
        }
    }

    fn next_event(&mut self) -> Result<Event, SyntaxError> {
        // The parser crate has assertions that malformed input can reach; they must not
        // take the caller down, so they become a syntax error (go-yaml rejects such input).
        let parser = &mut self.parser;
        let event = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse()));
        match event {
            Ok(Ok(event)) => Ok(event),
            Ok(Err(err)) => {
                self.done = true;
                Err(SyntaxError(go_syntax_error(&err)))
            }
            Err(_) => {
                self.done = true;
                Err(SyntaxError(
                    "go-yaml load error in scanner: malformed input".to_owned(),
                ))
            }
        }
    }

    fn next_document(&mut self) -> Result<Option<Document>, SyntaxError> {
        loop {
            let event = self.next_event()?;
            match event.data {
                EventData::StreamStart { .. } => continue,
                EventData::StreamEnd => return Ok(None),
                EventData::DocumentStart { .. } => {
                    let line = line_of(event.start_mark);
                    let mut composer = Composer {
                        stream: self,
                        anchors: HashMap::new(),
                    };
                    let first = composer.stream.next_event()?;
                    let root = composer.compose(first)?;
                    let end = composer.stream.next_event()?;
                    if !matches!(end.data, EventData::DocumentEnd { .. }) {
                        return Err(SyntaxError(format!(
                            "go-yaml load error in composer at {}: expected DOCUMENT_END event",
                            short_mark(end.start_mark)
                        )));
                    }
                    return Ok(Some(Document { root, line }));
                }
                _ => {
                    return Err(SyntaxError(format!(
                        "go-yaml load error in composer at {}: unexpected event",
                        short_mark(event.start_mark)
                    )));
                }
            }
        }
    }

    fn next(&mut self) -> Option<Result<Document, SyntaxError>> {
        if self.done {
            return None;
        }
        match self.next_document() {
            Ok(Some(doc)) => Some(Ok(doc)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(err) => {
                self.done = true;
                Some(Err(err))
            }
        }
    }
}

impl Iterator for DocumentStream<'_> {
    type Item = Result<Document, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.state {
            State::Fast {
                text,
                fast,
                yielded,
            } => match fast.next_document(text) {
                Step::Document(doc) => {
                    *yielded += 1;
                    return Some(Ok(doc));
                }
                Step::End => {
                    self.state = State::Done;
                    return None;
                }
                Step::Bail => {
                    // libyaml reads the whole input again; the documents already given out
                    // are the same to it, so they are skipped.
                    let skip = *yielded;
                    let text = std::mem::take(text);
                    let mut libyaml = Box::new(Libyaml::new(text_bytes(text)));
                    for _ in 0..skip {
                        match libyaml.next() {
                            Some(Ok(_)) => {}
                            other => {
                                self.state = State::Done;
                                return other;
                            }
                        }
                    }
                    self.state = State::Libyaml(libyaml);
                }
            },
            State::Unreadable(_) => {
                let State::Unreadable(err) = std::mem::replace(&mut self.state, State::Done) else {
                    unreachable!("matched above");
                };
                return Some(Err(err));
            }
            State::Libyaml(_) | State::Done => {}
        }
        match &mut self.state {
            State::Libyaml(libyaml) => libyaml.next(),
            _ => None,
        }
    }
}

struct Composer<'s, 'a> {
    stream: &'s mut Libyaml<'a>,
    anchors: HashMap<String, Rc<Node>>,
}

impl Composer<'_, '_> {
    fn compose(&mut self, event: Event) -> Result<Node, SyntaxError> {
        let (line, column) = (line_of(event.start_mark), column_of(event.start_mark));
        let (mut node, anchor) = match event.data {
            EventData::Alias { anchor } => {
                let Some(target) = self.anchors.get(&anchor) else {
                    return Err(SyntaxError(format!(
                        "go-yaml load error in composer at {}: unknown anchor '{anchor}' referenced",
                        short_mark(event.start_mark)
                    )));
                };
                let mut node = Node::plain("", anchor);
                node.kind = NodeKind::Alias(Rc::clone(target));
                node.tag = target.tag.clone();
                (node, None)
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let style = match style {
                    libyaml_safer::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    libyaml_safer::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    libyaml_safer::ScalarStyle::Literal => ScalarStyle::Literal,
                    libyaml_safer::ScalarStyle::Folded => ScalarStyle::Folded,
                    _ => ScalarStyle::Plain,
                };
                let mut node = Node::scalar("", value, style);
                match tag.as_deref().filter(|t| *t != "!") {
                    Some(tag) => {
                        node.tag = intern_tag(short_tag(tag));
                        node.explicit_tag = true;
                    }
                    None if style == ScalarStyle::Plain => {
                        node.tag = Cow::Borrowed(resolve::resolve_plain(&node.value).tag());
                    }
                    None => node.tag = Cow::Borrowed(resolve::STR),
                }
                (node, anchor)
            }
            EventData::SequenceStart {
                anchor, tag, style, ..
            } => {
                let mut node = Node::sequence(Vec::new());
                node.flow = style == libyaml_safer::SequenceStyle::Flow;
                self.set_tag(&mut node, tag);
                loop {
                    let next = self.stream.next_event()?;
                    if matches!(next.data, EventData::SequenceEnd) {
                        break;
                    }
                    node.children.push(self.compose(next)?);
                }
                (node, anchor)
            }
            EventData::MappingStart {
                anchor, tag, style, ..
            } => {
                let mut node = Node::mapping(Vec::new());
                node.flow = style == libyaml_safer::MappingStyle::Flow;
                self.set_tag(&mut node, tag);
                loop {
                    let next = self.stream.next_event()?;
                    if matches!(next.data, EventData::MappingEnd) {
                        break;
                    }
                    node.children.push(self.compose(next)?);
                }
                (node, anchor)
            }
            _ => {
                return Err(SyntaxError(format!(
                    "go-yaml load error in composer at {}: unexpected event",
                    short_mark(event.start_mark)
                )));
            }
        };
        node.line = line;
        node.column = column;
        if let Some(anchor) = anchor {
            node.anchor = Some(anchor.clone());
            self.anchors.insert(anchor, Rc::new(node.clone()));
        }
        Ok(node)
    }

    fn set_tag(&self, node: &mut Node, tag: Option<String>) {
        if let Some(tag) = tag.filter(|t| t != "!") {
            node.tag = intern_tag(short_tag(&tag));
            node.explicit_tag = true;
        }
    }
}

fn line_of(mark: Mark) -> u32 {
    u32::try_from(mark.line + 1).unwrap_or(u32::MAX)
}

fn column_of(mark: Mark) -> u32 {
    u32::try_from(mark.column + 1).unwrap_or(u32::MAX)
}

/// go-yaml's `Mark.shortString`: `L3.C5`.
fn short_mark(mark: Mark) -> String {
    format!("L{}.C{}", line_of(mark), column_of(mark))
}

/// go-yaml's `Mark.rangeString`.
fn range_marks(start: Mark, end: Mark) -> String {
    let first = short_mark(start);
    if start.line == end.line {
        if start.column == end.column {
            return first;
        }
        return format!("{first}-C{}", column_of(end));
    }
    format!("{first}-{}", short_mark(end))
}

/// A libyaml error in go-yaml v4's words.
fn go_syntax_error(err: &libyaml_safer::Error) -> String {
    use libyaml_safer::ErrorKind;
    let stage = match err.kind() {
        ErrorKind::Reader => "reader",
        ErrorKind::Scanner => "scanner",
        ErrorKind::Parser => "parser",
        _ => "composer",
    };
    let problem = err.problem();
    let problem_mark = err.problem_mark().unwrap_or_default();
    match (err.context(), err.context_mark()) {
        (Some(context), Some(context_mark)) if !context.is_empty() => format!(
            "go-yaml load error in {stage} ({context}) at {}: {problem}",
            range_marks(context_mark, problem_mark)
        ),
        _ => format!(
            "go-yaml load error in {stage} at {}: {problem}",
            short_mark(problem_mark)
        ),
    }
}

/// Test hook for the fast path (the `yaml_fast_path` fuzz target and the tests): whatever
/// the fast path reads must be what libyaml reads, and the stream must give exactly
/// libyaml's documents and error. `Ok(true)` when the fast path read the whole input,
/// `Ok(false)` when it left some or all of it to libyaml, `Err` describes a difference.
#[doc(hidden)]
pub fn check_fast_path(input: &[u8]) -> Result<bool, String> {
    let reference: Vec<Result<Document, SyntaxError>> = DocumentStream::libyaml(input).collect();
    let (fast, complete) = DocumentStream::fast_path(input);
    for (i, doc) in fast.iter().enumerate() {
        match reference.get(i) {
            Some(Ok(expected)) if expected == doc => {}
            other => {
                return Err(format!(
                    "document {i}: the fast path read\n{doc:#?}\nlibyaml read\n{other:#?}"
                ));
            }
        }
    }
    if complete && reference.len() != fast.len() {
        return Err(format!(
            "the fast path read {} documents, libyaml {}: {:#?}",
            fast.len(),
            reference.len(),
            reference.get(fast.len())
        ));
    }
    let combined: Vec<Result<Document, SyntaxError>> = DocumentStream::new(input).collect();
    if combined != reference {
        return Err(format!(
            "the stream read\n{combined:#?}\nlibyaml read\n{reference:#?}"
        ));
    }
    Ok(complete)
}
