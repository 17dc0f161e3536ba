//! From bytes to node trees, one document at a time (Talos decodes each document before it
//! reads the next, so an error in document 1 wins over a syntax error in document 2).
//!
//! The scanner and parser are libyaml's (through `libyaml-safer`), the same lineage as
//! go-yaml's, so the two accept the same texts; composing and tag resolution follow go-yaml.

use std::collections::HashMap;
use std::rc::Rc;

use libyaml_safer::{Event, EventData, Mark, Parser};

use super::node::{Node, NodeKind, ScalarStyle};
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
    parser: Parser<&'a [u8]>,
    done: bool,
}

impl<'a> DocumentStream<'a> {
    /// Starts reading `input`.
    pub fn new(input: &'a [u8]) -> DocumentStream<'a> {
        let mut parser = Parser::new();
        parser.set_input(input);
        DocumentStream {
            parser,
            done: false,
        }
    }

    fn next_event(&mut self) -> Result<Event, SyntaxError> {
        self.parser.parse().map_err(|err| {
            self.done = true;
            SyntaxError(go_syntax_error(&err))
        })
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
}

impl Iterator for DocumentStream<'_> {
    type Item = Result<Document, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
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

struct Composer<'s, 'a> {
    stream: &'s mut DocumentStream<'a>,
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
                        node.tag = short_tag(tag).to_owned();
                        node.explicit_tag = true;
                    }
                    None if style == ScalarStyle::Plain => {
                        node.tag = resolve::resolve_plain(&node.value).tag().to_owned();
                    }
                    None => node.tag = resolve::STR.to_owned(),
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
            node.tag = short_tag(&tag).to_owned();
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
