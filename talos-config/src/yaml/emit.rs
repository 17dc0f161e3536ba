//! Prints a node tree the way go-yaml v4's `yaml.Marshal` does (the form every Talos
//! fixture is in): 4-space indentation, sequences under keys indented, content of a sequence
//! item two columns after its dash and deeper levels snapped to multiples of four, unlimited
//! line width, Unicode kept, go-yaml's choice between plain, quoted and literal scalars.

use super::node::{Node, NodeKind, ScalarStyle};
use super::resolve::{self, Resolved};
use super::scalar::{Analysis, Tabs, analyze, escape, is_blank, is_break, is_printable};
use super::writer::Writer;

const BEST_INDENT: i32 = 4;
const MAX_SIMPLE_KEY: usize = 128;

/// Prints one document (a trailing newline included, no `---`).
pub fn emit(node: &Node) -> String {
    let mut e = Emitter {
        w: Writer::new(),
        flow_level: 0,
    };
    e.node(node, Context::ROOT);
    e.w.finish()
}

#[derive(Clone, Copy)]
struct Context {
    /// The node is a block sequence item (go-yaml: top state is BLOCK_SEQUENCE_ITEM).
    seq_item: bool,
    /// The node is a mapping key written as a simple key.
    simple_key: bool,
}

impl Context {
    const ROOT: Context = Context {
        seq_item: false,
        simple_key: false,
    };
    const VALUE: Context = Context::ROOT;
    const ITEM: Context = Context {
        seq_item: true,
        simple_key: false,
    };
    const KEY: Context = Context {
        seq_item: false,
        simple_key: true,
    };
}

struct Emitter {
    w: Writer,
    flow_level: u32,
}

impl Emitter {
    fn increase_indent(&mut self, flow: bool, in_seq_item: bool) -> i32 {
        let saved = self.w.indent;
        if self.w.indent < 0 {
            self.w.indent = if flow { BEST_INDENT } else { 0 };
        } else if in_seq_item {
            self.w.indent += 2;
        } else {
            self.w.indent = BEST_INDENT * ((self.w.indent + BEST_INDENT) / BEST_INDENT);
        }
        saved
    }

    fn node(&mut self, node: &Node, ctx: Context) {
        if let Some(anchor) = &node.anchor {
            self.w.write_indicator("&", true, false, false);
            self.w.write_str(anchor);
        }
        match &node.kind {
            NodeKind::Scalar => self.scalar(node, ctx),
            NodeKind::Alias(_) => {
                self.w.write_indicator("*", true, false, false);
                self.w.write_str(&node.value);
                if ctx.simple_key {
                    self.w.put(' ');
                }
            }
            NodeKind::Sequence => {
                self.collection_tag(node, resolve::SEQ);
                if self.flow_level > 0 || node.flow || node.children.is_empty() {
                    self.flow_sequence(node);
                } else {
                    self.block_sequence(node, ctx);
                }
            }
            NodeKind::Mapping => {
                self.collection_tag(node, resolve::MAP);
                if self.flow_level > 0 || node.flow || node.children.is_empty() {
                    self.flow_mapping(node);
                } else {
                    self.block_mapping(node, ctx);
                }
            }
        }
    }

    fn collection_tag(&mut self, node: &Node, default: &str) {
        if node.explicit_tag && node.tag != default {
            self.write_tag(&node.tag);
        }
    }

    fn write_tag(&mut self, tag: &str) {
        self.w.write_indicator(tag, true, false, false);
    }

    fn block_sequence(&mut self, node: &Node, ctx: Context) {
        let saved = self.increase_indent(false, ctx.seq_item);
        for item in &node.children {
            self.w.write_indent();
            self.w.write_indicator("-", true, false, true);
            self.node(item, Context::ITEM);
        }
        self.w.indent = saved;
    }

    fn block_mapping(&mut self, node: &Node, ctx: Context) {
        let saved = self.increase_indent(false, ctx.seq_item);
        for pair in node.children.chunks(2) {
            let (key, value) = (&pair[0], pair.get(1));
            self.w.write_indent();
            if self.is_simple_key(key) {
                self.node(key, Context::KEY);
                self.w.write_indicator(":", false, false, false);
            } else {
                self.w.write_indicator("?", true, false, true);
                self.node(key, Context::VALUE);
                self.w.write_indent();
                self.w.write_indicator(":", true, false, true);
            }
            match value {
                Some(value) => self.node(value, Context::VALUE),
                None => self.write_plain("null", false, false),
            }
        }
        self.w.indent = saved;
    }

    fn flow_sequence(&mut self, node: &Node) {
        self.w.write_indicator("[", true, true, false);
        let saved = self.increase_indent(true, false);
        self.flow_level += 1;
        for (i, item) in node.children.iter().enumerate() {
            if i > 0 {
                self.w.write_indicator(",", false, false, false);
            }
            self.node(item, Context::VALUE);
        }
        self.flow_level -= 1;
        self.w.indent = saved;
        self.w.write_indicator("]", false, false, false);
    }

    fn flow_mapping(&mut self, node: &Node) {
        self.w.write_indicator("{", true, true, false);
        let saved = self.increase_indent(true, false);
        self.flow_level += 1;
        for (i, pair) in node.children.chunks(2).enumerate() {
            if i > 0 {
                self.w.write_indicator(",", false, false, false);
            }
            let key = &pair[0];
            if self.is_simple_key(key) {
                self.node(key, Context::KEY);
                self.w.write_indicator(":", false, false, false);
            } else {
                self.w.write_indicator("?", true, false, false);
                self.node(key, Context::VALUE);
                self.w.write_indicator(":", true, false, false);
            }
            match pair.get(1) {
                Some(value) => self.node(value, Context::VALUE),
                None => self.write_plain("null", false, false),
            }
        }
        self.flow_level -= 1;
        self.w.indent = saved;
        self.w.write_indicator("}", false, false, false);
    }

    fn is_simple_key(&self, key: &Node) -> bool {
        let anchor_len = key.anchor.as_ref().map_or(0, String::len);
        match &key.kind {
            NodeKind::Alias(_) => key.value.len() <= MAX_SIMPLE_KEY,
            NodeKind::Scalar => {
                let tag_len = self.scalar_tag(key).map_or(0, str::len);
                key.value.len() + tag_len + anchor_len <= MAX_SIMPLE_KEY && !has_break(&key.value)
            }
            NodeKind::Sequence | NodeKind::Mapping => {
                key.children.is_empty() && anchor_len <= MAX_SIMPLE_KEY
            }
        }
    }

    /// go-yaml's desolver: which tag (if any) a scalar needs printed.
    fn scalar_tag<'n>(&self, node: &'n Node) -> Option<&'n str> {
        let tag: &str = &node.tag;
        match tag {
            "" | resolve::STR | resolve::INT | resolve::FLOAT => None,
            resolve::MERGE if node.value == "<<" => None,
            resolve::NULL | resolve::BOOL | resolve::TIMESTAMP => {
                (resolve::resolve_plain(&node.value).tag() != tag).then_some(tag)
            }
            _ if node.explicit_tag => Some(tag),
            _ => None,
        }
    }

    fn scalar(&mut self, node: &Node, ctx: Context) {
        let value = node.value.as_str();
        let tag = self.scalar_tag(node);
        let mut style = node.style;
        // A !!str whose plain form would read back as another type gets quoted.
        if node.tag == resolve::STR
            && style == ScalarStyle::Plain
            && resolve::resolve_plain(value) != Resolved::Str
        {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain && value.contains('\n') {
            style = ScalarStyle::Literal;
        }
        let analysis = analyze(value, Tabs::BlockAllowed);
        let style = self.select_style(style, &analysis, ctx);
        if let Some(tag) = tag {
            self.write_tag(tag);
        }
        let saved = self.increase_indent(true, ctx.seq_item);
        let allow_breaks = !ctx.simple_key;
        match style {
            ScalarStyle::Plain => self.write_plain(value, allow_breaks, analysis.multiline),
            ScalarStyle::SingleQuoted => self.write_single_quoted(value, analysis.multiline),
            ScalarStyle::DoubleQuoted => self.write_double_quoted(value),
            ScalarStyle::Literal => self.write_literal(value),
            ScalarStyle::Folded => self.write_folded(value),
        }
        self.w.indent = saved;
    }

    /// go-yaml's `selectScalarStyle` (legacy quoting: single quotes when plain is not
    /// possible, double quotes when single quotes are not either).
    fn select_style(&self, requested: ScalarStyle, a: &Analysis, ctx: Context) -> ScalarStyle {
        let mut style = requested;
        if ctx.simple_key && a.multiline {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain {
            let in_flow = self.flow_level > 0;
            if (in_flow && !a.flow_plain) || (!in_flow && !a.block_plain) {
                style = ScalarStyle::SingleQuoted;
            }
        }
        if style == ScalarStyle::Plain && a.empty && (self.flow_level > 0 || ctx.simple_key) {
            style = ScalarStyle::SingleQuoted;
        }
        if style == ScalarStyle::SingleQuoted && !a.single_quoted {
            style = ScalarStyle::DoubleQuoted;
        }
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
            && (!a.block || self.flow_level > 0 || ctx.simple_key)
        {
            style = ScalarStyle::DoubleQuoted;
        }
        style
    }

    /// A plain scalar; `multiline` tells whether it has line breaks.
    fn write_plain(&mut self, value: &str, _allow_breaks: bool, multiline: bool) {
        if !value.is_empty() && !self.w.whitespace {
            self.w.put(' ');
        }
        if multiline {
            self.w.write_text(value, None, false);
        } else {
            // One line: `write_text` would put every character as is.
            self.w.write_str(value);
        }
        if !value.is_empty() {
            self.w.whitespace = false;
        }
        self.w.indention = false;
    }

    /// A single-quoted scalar; `multiline` tells whether it has line breaks.
    fn write_single_quoted(&mut self, value: &str, multiline: bool) {
        self.w.write_indicator("'", true, false, false);
        if multiline {
            self.w.write_text(value, None, true);
        } else {
            // One line: every character as is, quotes doubled.
            for (i, part) in value.split('\'').enumerate() {
                if i > 0 {
                    self.w.write_str("''");
                }
                self.w.write_str(part);
            }
        }
        self.w.write_indicator("'", false, false, false);
        self.w.whitespace = false;
        self.w.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str) {
        self.w.write_indicator("\"", true, false, false);
        // go-yaml's BOM test looks at the start of the value, not at the current character,
        // so a value that starts with a BOM is escaped character by character.
        let starts_with_bom = value.starts_with('\u{FEFF}');
        if value
            .bytes()
            .all(|b| (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\')
        {
            // Printable ASCII needing no escape (the loop below would put it as is).
            self.w.write_str(value);
            self.w.write_indicator("\"", false, false, false);
            self.w.whitespace = false;
            self.w.indention = false;
            return;
        }
        for c in value.chars() {
            if starts_with_bom || !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.w.write_str(&escape(c));
            } else {
                self.w.put(c);
            }
        }
        self.w.write_indicator("\"", false, false, false);
        self.w.whitespace = false;
        self.w.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_block_header("|", value);
        self.w.write_literal_text(value);
    }

    /// go-yaml v3 on gives the indentation hint only for a leading space.
    fn write_block_header(&mut self, indicator: &str, value: &str) {
        let hint = value.starts_with(' ').then(|| BEST_INDENT.to_string());
        self.w.write_block_header(indicator, hint.as_deref(), value);
    }

    fn write_folded(&mut self, value: &str) {
        self.write_block_header(">", value);
        let chars: Vec<char> = value.chars().collect();
        let mut breaks = true;
        let mut leading_spaces = true;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_break(c) {
                if !breaks && !leading_spaces && c == '\n' {
                    let mut k = i;
                    while k < chars.len() && is_break(chars[k]) {
                        k += 1;
                    }
                    if k < chars.len() && !is_blank(chars[k]) {
                        self.w.put_break();
                    }
                }
                self.w.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.w.write_indent();
                    leading_spaces = is_blank(c);
                }
                self.w.put(c);
                self.w.indention = false;
                breaks = false;
            }
            i += 1;
        }
    }
}

/// Whether the text has a line break (libyaml's set).
fn has_break(text: &str) -> bool {
    if text.is_ascii() {
        let bytes = text.as_bytes();
        bytes.contains(&b'\n') || bytes.contains(&b'\r')
    } else {
        text.chars().any(is_break)
    }
}

#[cfg(test)]
mod tests {
    use super::emit;
    use crate::yaml::Node;

    fn map(pairs: Vec<(&str, Node)>) -> Node {
        Node::mapping(
            pairs
                .into_iter()
                .flat_map(|(k, v)| [Node::key(k), v])
                .collect(),
        )
    }

    #[test]
    fn layout_matches_go_yaml() {
        let doc = map(vec![
            ("version", Node::string("v1alpha1")),
            (
                "machine",
                map(vec![
                    ("certSANs", Node::sequence(vec![])),
                    (
                        "interfaces",
                        Node::sequence(vec![map(vec![
                            ("interface", Node::string("eth0")),
                            (
                                "addresses",
                                Node::sequence(vec![Node::string("10.0.0.1/24")]),
                            ),
                            ("script", Node::string("a\nb\n")),
                        ])]),
                    ),
                ]),
            ),
            ("quoted", Node::string("yes")),
            ("number", Node::string("123")),
            ("colon", Node::string("a: b")),
        ]);
        assert_eq!(
            emit(&doc),
            "version: v1alpha1\nmachine:\n    certSANs: []\n    interfaces:\n        - interface: eth0\n          addresses:\n            - 10.0.0.1/24\n          script: |\n            a\n            b\nquoted: 'yes'\nnumber: \"123\"\ncolon: 'a: b'\n"
        );
    }
}
