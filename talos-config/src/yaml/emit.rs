//! Prints a node tree the way go-yaml v4's `yaml.Marshal` does (the form every Talos
//! fixture is in): 4-space indentation, sequences under keys indented, content of a sequence
//! item two columns after its dash and deeper levels snapped to multiples of four, unlimited
//! line width, Unicode kept, go-yaml's choice between plain, quoted and literal scalars.
//!
//! The writer keeps libyaml's cursor state (column, "just wrote whitespace", "still in the
//! indentation"), because go-yaml's spacing decisions are made from it.

use super::node::{Node, NodeKind, ScalarStyle};
use super::resolve::{self, Resolved};

const BEST_INDENT: i32 = 4;
const MAX_SIMPLE_KEY: usize = 128;

/// Prints one document (a trailing newline included, no `---`).
pub fn emit(node: &Node) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
        indent: -1,
        flow_level: 0,
    };
    e.node(node, Context::ROOT);
    e.write_indent();
    e.out
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
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i32,
    flow_level: u32,
}

/// How a scalar may be written, from go-yaml's `analyzeScalar`.
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Analysis {
    empty: bool,
    multiline: bool,
    flow_plain: bool,
    block_plain: bool,
    single_quoted: bool,
    block: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.indention = true;
    }

    fn write_str(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += char_count(text);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
    }

    fn write_indicator(
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

    fn increase_indent(&mut self, flow: bool, in_seq_item: bool) -> i32 {
        let saved = self.indent;
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if in_seq_item {
            self.indent += 2;
        } else {
            self.indent = BEST_INDENT * ((self.indent + BEST_INDENT) / BEST_INDENT);
        }
        saved
    }

    fn node(&mut self, node: &Node, ctx: Context) {
        if let Some(anchor) = &node.anchor {
            self.write_indicator("&", true, false, false);
            self.write_str(anchor);
        }
        match &node.kind {
            NodeKind::Scalar => self.scalar(node, ctx),
            NodeKind::Alias(_) => {
                self.write_indicator("*", true, false, false);
                self.write_str(&node.value);
                if ctx.simple_key {
                    self.put(' ');
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
        self.write_indicator(tag, true, false, false);
    }

    fn block_sequence(&mut self, node: &Node, ctx: Context) {
        let saved = self.increase_indent(false, ctx.seq_item);
        for item in &node.children {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::ITEM);
        }
        self.indent = saved;
    }

    fn block_mapping(&mut self, node: &Node, ctx: Context) {
        let saved = self.increase_indent(false, ctx.seq_item);
        for pair in node.children.chunks(2) {
            let (key, value) = (&pair[0], pair.get(1));
            self.write_indent();
            if self.is_simple_key(key) {
                self.node(key, Context::KEY);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.node(key, Context::VALUE);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            match value {
                Some(value) => self.node(value, Context::VALUE),
                None => self.write_plain("null", false, false),
            }
        }
        self.indent = saved;
    }

    fn flow_sequence(&mut self, node: &Node) {
        self.write_indicator("[", true, true, false);
        let saved = self.increase_indent(true, false);
        self.flow_level += 1;
        for (i, item) in node.children.iter().enumerate() {
            if i > 0 {
                self.write_indicator(",", false, false, false);
            }
            self.node(item, Context::VALUE);
        }
        self.flow_level -= 1;
        self.indent = saved;
        self.write_indicator("]", false, false, false);
    }

    fn flow_mapping(&mut self, node: &Node) {
        self.write_indicator("{", true, true, false);
        let saved = self.increase_indent(true, false);
        self.flow_level += 1;
        for (i, pair) in node.children.chunks(2).enumerate() {
            if i > 0 {
                self.write_indicator(",", false, false, false);
            }
            let key = &pair[0];
            if self.is_simple_key(key) {
                self.node(key, Context::KEY);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, false);
                self.node(key, Context::VALUE);
                self.write_indicator(":", true, false, false);
            }
            match pair.get(1) {
                Some(value) => self.node(value, Context::VALUE),
                None => self.write_plain("null", false, false),
            }
        }
        self.flow_level -= 1;
        self.indent = saved;
        self.write_indicator("}", false, false, false);
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
        let analysis = analyze(value);
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
        self.indent = saved;
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
        if !value.is_empty() && !self.whitespace {
            self.put(' ');
        }
        if !multiline {
            // One line: the loop below would put every character as is.
            self.write_str(value);
            if !value.is_empty() {
                self.whitespace = false;
            }
            self.indention = false;
            return;
        }
        let mut breaks = false;
        for c in value.chars() {
            if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
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
        if !value.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
        self.indention = true;
    }

    /// A single-quoted scalar; `multiline` tells whether it has line breaks.
    fn write_single_quoted(&mut self, value: &str, multiline: bool) {
        self.write_indicator("'", true, false, false);
        if !multiline {
            // One line: every character as is, quotes doubled.
            for (i, part) in value.split('\'').enumerate() {
                if i > 0 {
                    self.write_str("''");
                }
                self.write_str(part);
            }
            if !value.is_empty() {
                self.indention = false;
            }
            self.write_indicator("'", false, false, false);
            self.whitespace = false;
            self.indention = false;
            return;
        }
        let mut breaks = false;
        for c in value.chars() {
            if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str) {
        self.write_indicator("\"", true, false, false);
        // go-yaml's BOM test looks at the start of the value, not at the current character,
        // so a value that starts with a BOM is escaped character by character.
        let starts_with_bom = value.starts_with('\u{FEFF}');
        if value
            .bytes()
            .all(|b| (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\')
        {
            // Printable ASCII needing no escape (the loop below would put it as is).
            self.write_str(value);
            self.write_indicator("\"", false, false, false);
            self.whitespace = false;
            self.indention = false;
            return;
        }
        for c in value.chars() {
            if starts_with_bom || !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\x07' => self.put('a'),
                    '\x08' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\x0b' => self.put('v'),
                    '\x0c' => self.put('f'),
                    '\r' => self.put('r'),
                    '\x1b' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{A0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c => {
                        let v = c as u32;
                        let text = if v <= 0xFF {
                            format!("x{v:02X}")
                        } else if v <= 0xFFFF {
                            format!("u{v:04X}")
                        } else {
                            format!("U{v:08X}")
                        };
                        self.write_str(&text);
                    }
                }
            } else {
                self.put(c);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_hints(&mut self, value: &str) {
        if value.starts_with(' ') {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        let mut chars = value.chars().rev();
        let chomp = match (chars.next(), chars.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        self.write_block_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        if !value.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            // Line feeds only: each line indented and put as is.
            for (i, line) in value.split('\n').enumerate() {
                if i > 0 {
                    self.put_break();
                    self.indention = true;
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

    fn write_folded(&mut self, value: &str) {
        self.write_indicator(">", true, false, false);
        self.write_block_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
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
                        self.put_break();
                    }
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    leading_spaces = is_blank(c);
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
            i += 1;
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's printable set: tab excluded, astral characters excluded, BOM excluded.
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

/// The number of characters (the emitter's columns).
fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
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

fn analyze(value: &str) -> Analysis {
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
    let mut scan = Scan {
        block_indicators: false,
        flow_indicators: false,
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
    };
    if value.starts_with("---") || value.starts_with("...") {
        scan.block_indicators = true;
        scan.flow_indicators = true;
    }
    if value.is_ascii() {
        let bytes = value.as_bytes();
        let last = bytes.len() - 1;
        let next = |i: usize| bytes.get(i + 1).map(|&b| char::from(b));
        scan.step(char::from(bytes[0]), next(0), true, last == 0);
        let mut i = 1;
        while i <= last {
            // Runs of characters that only reset the "previous" flags.
            let run = i;
            while i <= last && PLAIN_ASCII[usize::from(bytes[i])] {
                i += 1;
            }
            if i > run {
                scan.previous_space = false;
                scan.previous_break = false;
                scan.preceded_by_whitespace = false;
            }
            if i <= last {
                scan.step(char::from(bytes[i]), next(i), false, i == last);
                i += 1;
            }
        }
    } else {
        let mut chars = value.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            scan.step(c, next, first, next.is_none());
            first = false;
        }
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
    /// One character `c`, followed by `next`.
    fn step(&mut self, c: char, next: Option<char>, first: bool, last: bool) {
        let followed_by_whitespace = next.is_none_or(|n| is_blank(n) || is_break(n));
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
        if c == '\t' {
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
        self.preceded_by_whitespace = is_blank(c) || is_break(c);
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

#[cfg(test)]
mod tests {
    use super::{Analysis, analyze, emit, is_blank, is_break, is_printable};
    use crate::yaml::Node;

    /// go-yaml's `analyzeScalar` as first transcribed (one character at a time, no fast
    /// paths): the reference for [`analyze`].
    fn analyze_reference(value: &str) -> Analysis {
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
        let mut block_indicators = false;
        let mut flow_indicators = false;
        if value.starts_with("---") || value.starts_with("...") {
            block_indicators = true;
            flow_indicators = true;
        }
        let chars: Vec<char> = value.chars().collect();
        let (mut line_breaks, mut special, mut tabs) = (false, false, false);
        let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
            (false, false, false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            let followed_by_whitespace = next.is_none_or(|n| is_blank(n) || is_break(n));
            let last = i + 1 == chars.len();
            if i == 0 {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    '?' | ':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    '-' if followed_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            } else {
                match c {
                    ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                    ':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    '#' if preceded_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            }
            if c == '\t' {
                tabs = true;
            } else if !is_printable(c) {
                special = true;
            }
            if c == ' ' {
                leading_space |= i == 0;
                trailing_space |= last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                line_breaks = true;
                leading_break |= i == 0;
                trailing_break |= last;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blank(c) || is_break(c);
        }
        let mut a = Analysis {
            empty: false,
            multiline: line_breaks,
            flow_plain: true,
            block_plain: true,
            single_quoted: true,
            block: true,
        };
        if leading_space || leading_break || trailing_space || trailing_break {
            a.flow_plain = false;
            a.block_plain = false;
        }
        if trailing_space {
            a.block = false;
        }
        if break_space || space_break || tabs || special {
            a.flow_plain = false;
            a.block_plain = false;
            a.single_quoted = false;
        }
        if space_break || special {
            a.block = false;
        }
        if line_breaks {
            a.flow_plain = false;
            a.block_plain = false;
        }
        if flow_indicators {
            a.flow_plain = false;
        }
        if block_indicators {
            a.block_plain = false;
        }
        a
    }

    #[test]
    fn analysis_matches_the_reference() {
        // Every string of up to three characters from an alphabet of the characters the
        // analysis looks at, and longer ones built from them.
        let alphabet = [
            'a', ' ', '\t', '\n', '\r', ':', '#', '-', '?', ',', '[', '{', '\'', '"', '.', '|',
            '\u{85}', '\u{2028}', '\u{FEFF}', 'é', '\u{1}', '~', '!', '%',
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
        for value in &values {
            assert_eq!(analyze(value), analyze_reference(value), "{value:?}");
        }
    }

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
