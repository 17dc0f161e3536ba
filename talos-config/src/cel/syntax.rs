//! Parsing with the `cel` crate's parser (a port of cel-go's ANTLR grammar), with its error
//! reports brought in line with cel-go's where the two runtimes word them differently.

use std::sync::OnceLock;

use cel::common::ast::{Expr, IdedExpr, SourceInfo};
use cel::parser::{ParseError, Parser};

use super::errors::{Errors, Location, Source};

/// cel-go's default limit on the expression size, in code points.
const EXPRESSION_SIZE_CODE_POINT_LIMIT: usize = 100_000;

/// cel-go's default parser recursion limit.
const MAX_RECURSION_DEPTH: usize = 250;

/// Tokens that may continue a complete expression: the ANTLR runtime the `cel` crate uses
/// lists them in "expecting" sets where cel-go's runtime names only the token the enclosing
/// rule waits for.
const CONTINUATION_TOKENS: &[&str] = &[
    "'=='", "'!='", "'in'", "'<'", "'<='", "'>='", "'>'", "'&&'", "'||'", "'['", "'.'", "'-'",
    "'?'", "'+'", "'*'", "'/'", "'%'",
];

/// Parses `text`, expanding the standard macros (and `optMap`/`optFlatMap` and the optional
/// syntax when `optional`).
pub(super) fn parse(
    text: &str,
    source: &Source<'_>,
    optional: bool,
) -> Result<(IdedExpr, SourceInfo), Errors> {
    let mut errors = Errors::default();
    let size = text.chars().count();
    if size > EXPRESSION_SIZE_CODE_POINT_LIMIT {
        errors.report(
            Location::NONE,
            format!(
                "expression code point size exceeds limit: size: {size}, limit {EXPRESSION_SIZE_CODE_POINT_LIMIT}"
            ),
        );
        return Err(errors);
    }
    if let Some(message) = recursion_limit(text) {
        errors.report(Location::NONE, message.to_owned());
        return Err(errors);
    }

    let parser = if optional {
        optional_env().parser()
    } else {
        Parser::new()
    }
    .enable_ident_escape_syntax(true)
    // The crate allows one level more than it is told.
    .max_recursion_depth(u16::try_from(MAX_RECURSION_DEPTH - 1).unwrap_or(u16::MAX));

    match parser.parse_with_source_info(text) {
        Ok((expr, info)) => {
            if visit_depth(&expr) > MAX_RECURSION_DEPTH {
                errors.report(Location::NONE, "max recursion depth exceeded".to_owned());
                return Err(errors);
            }
            if let Some(location) = accumulator_overwrite(&expr, text, source, &info) {
                errors.report(
                    location,
                    "iteration variable overwrites accumulator variable".to_owned(),
                );
                return Err(errors);
            }
            Ok((expr, info))
        }
        Err(parse_errors) => {
            let count = parse_errors.errors.len();
            let mut syntax_errors: Vec<usize> = Vec::new();
            let mut pending_ident_kind = false;
            for error in &parse_errors.errors {
                if count > 1 && error.msg.starts_with("Incomplete `") {
                    continue;
                }
                let mut location = location_of(error);
                if text.is_empty() {
                    // cel-go places errors in an empty text before its first column.
                    location = Location {
                        line: 1,
                        column: -1,
                    };
                }
                if error.msg.starts_with("invalid ") && error.msg.ends_with(" literal") {
                    location = signed_literal_start(text, location);
                }
                let mut message = go_message(error, location, text, &syntax_errors);
                if message.contains("Recursion limit of ") {
                    errors.report(
                        Location::NONE,
                        format!("expression recursion limit exceeded: {MAX_RECURSION_DEPTH}"),
                    );
                    return Err(errors);
                }
                let offset = char_offset(text, location);
                if message == "unsupported ident kind"
                    && !optional
                    && offset.is_some_and(|o| text.chars().skip(o).take(2).eq(".?".chars()))
                {
                    // cel-go reports the optional selection itself, then the missing field
                    // name where the next token is.
                    message = "unsupported syntax '.?'".to_owned();
                    pending_ident_kind = true;
                }
                let expects_ident = message.ends_with("expecting {IDENTIFIER, ESC_IDENTIFIER}");
                if message.starts_with("Syntax error: ")
                    && !message.starts_with("Syntax error: token recognition error")
                    && let Some(offset) = offset
                {
                    syntax_errors.push(offset);
                }
                errors.report(location, message);
                if pending_ident_kind && expects_ident {
                    errors.report(location, "unsupported ident kind".to_owned());
                    pending_ident_kind = false;
                }
            }
            if errors.is_empty() {
                errors.report(Location::NONE, "failed to parse expression".to_owned());
            }
            Err(errors)
        }
    }
}

/// An environment with the optional library, for its parser: it expands `optMap` and
/// `optFlatMap` and accepts `.?`, `[?` and `?` entries.
fn optional_env() -> &'static cel::Env {
    static ENV: OnceLock<cel::Env> = OnceLock::new();
    ENV.get_or_init(cel::Env::stdlib)
}

fn location_of(error: &ParseError) -> Location {
    let (line, column) = error.pos;
    if line <= 0 {
        return Location::NONE;
    }
    Location {
        line: line as i64,
        column: (column as i64 - 1).max(0),
    }
}

/// The message as cel-go words it.
fn go_message(
    error: &ParseError,
    location: Location,
    text: &str,
    earlier_errors: &[usize],
) -> String {
    let msg = error.msg.as_str();
    if msg == "argument must be a simple name" {
        match macro_name_before(text, location).as_deref() {
            Some("map" | "filter") => return "argument is not an identifier".to_owned(),
            Some(name @ ("optMap" | "optFlatMap")) => {
                return format!("{name}() variable name must be a simple identifier");
            }
            _ => {}
        }
    }
    if let Some(rest) = msg.strip_prefix("Syntax error: mismatched input ")
        && let Some((input, expected)) = rest.rsplit_once(" expecting ")
        && expected.starts_with('{')
        && CONTINUATION_TOKENS
            .iter()
            .all(|t| *t == "'?'" || expected.contains(t))
    {
        return format!(
            "Syntax error: mismatched input {input} expecting {}",
            expected_closer(text, location, earlier_errors)
        );
    }
    msg.to_owned()
}

/// cel-go places a literal with a sign at the sign; the `cel` crate at its digits.
fn signed_literal_start(text: &str, location: Location) -> Location {
    let Some(offset) = char_offset(text, location) else {
        return location;
    };
    let before: Vec<char> = text.chars().take(offset).collect();
    let mut i = before.len();
    while i > 0 && before[i - 1].is_whitespace() {
        i -= 1;
    }
    if i == 0 || before[i - 1] != '-' {
        return location;
    }
    let sign = i - 1;
    let mut j = sign;
    while j > 0 && before[j - 1].is_whitespace() {
        j -= 1;
    }
    // After an operand the `-` is a subtraction, not a sign.
    if j > 0
        && (before[j - 1].is_alphanumeric()
            || matches!(before[j - 1], ')' | ']' | '}' | '"' | '\'' | '_'))
    {
        return location;
    }
    Location {
        line: location.line,
        column: location.column - (offset - sign) as i64,
    }
}

/// The name of the macro whose first argument starts at `location`, if any: the identifier
/// before the opening parenthesis before it.
fn macro_name_before(text: &str, location: Location) -> Option<String> {
    let offset = char_offset(text, location)?;
    let before: Vec<char> = text.chars().take(offset).collect();
    let mut i = before.len();
    while i > 0 && before[i - 1].is_whitespace() {
        i -= 1;
    }
    if i == 0 || before[i - 1] != '(' {
        return None;
    }
    i -= 1;
    while i > 0 && before[i - 1].is_whitespace() {
        i -= 1;
    }
    let end = i;
    while i > 0 && (before[i - 1].is_alphanumeric() || before[i - 1] == '_') {
        i -= 1;
    }
    Some(before[i..end].iter().collect())
}

/// The character offset of a location in `text`.
fn char_offset(text: &str, location: Location) -> Option<usize> {
    if location.line < 1 {
        return None;
    }
    let mut line = 1;
    let mut offset = 0usize;
    let mut chars = text.chars();
    while line < location.line {
        if chars.next()? == '\n' {
            line += 1;
        }
        offset += 1;
    }
    Some(offset + usize::try_from(location.column).ok()?)
}

/// An open construct while scanning for [`expected_closer`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Paren,
    Bracket,
    /// A map or message literal, at a key (false) or a value (true).
    Brace(bool),
    /// A conditional waiting for its `:`.
    Conditional,
}

/// What the innermost open construct before `location` waits for: the closing bracket, the
/// `:` of a conditional or map entry, or the end of input. cel-go's runtime reports a failed
/// match with that single token. A construct in which an earlier syntax error occurred counts
/// as abandoned, as ANTLR's recovery leaves the rule.
fn expected_closer(text: &str, location: Location, earlier_errors: &[usize]) -> &'static str {
    let Some(end) = char_offset(text, location) else {
        return "<EOF>";
    };
    let chars: Vec<char> = text.chars().take(end).collect();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    let mut next_error = earlier_errors
        .iter()
        .copied()
        .filter(|&e| e < end)
        .peekable();
    let prev_significant = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .copied()
    };
    while i < chars.len() {
        while next_error.peek().is_some_and(|&e| e <= i) {
            next_error.next();
            while stack.last() == Some(&Open::Conditional) {
                stack.pop();
            }
            stack.pop();
        }
        let c = chars[i];
        match c {
            '(' => stack.push(Open::Paren),
            '[' => stack.push(Open::Bracket),
            '{' => stack.push(Open::Brace(false)),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => Open::Paren,
                    ']' => Open::Bracket,
                    _ => Open::Brace(false),
                };
                let matches_top = |top: Option<&Open>| match (top, want) {
                    (Some(Open::Brace(_)), Open::Brace(_)) => true,
                    (Some(t), w) => *t == w,
                    (None, _) => false,
                };
                // A conditional inside the bracket ends with it.
                let mut depth = stack.len();
                while depth > 0 && stack[depth - 1] == Open::Conditional {
                    depth -= 1;
                }
                if matches_top(stack[..depth].last()) {
                    stack.truncate(depth - 1);
                }
            }
            // `.?field`, `[?index]`, `{?key: v}` and `[a, ?elem]` are optional syntax.
            '?' if !match prev_significant(i) {
                Some('.' | '[' | '{' | '(') | None => true,
                Some(',') => matches!(stack.last(), Some(Open::Bracket | Open::Brace(_))),
                _ => false,
            } =>
            {
                stack.push(Open::Conditional);
            }
            ':' => match stack.last_mut() {
                Some(Open::Conditional) => {
                    stack.pop();
                }
                Some(Open::Brace(value)) => *value = true,
                _ => {}
            },
            ',' => {
                if let Some(Open::Brace(value)) = stack.last_mut() {
                    *value = false;
                }
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                let raw = i > 0 && matches!(chars[i - 1], 'r' | 'R')
                    || i > 1
                        && matches!(chars[i - 1], 'b' | 'B')
                        && matches!(chars[i - 2], 'r' | 'R');
                i += if triple { 3 } else { 1 };
                while i < chars.len() {
                    if !raw && chars[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if chars[i] == c
                        && (!triple || chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c))
                    {
                        i += if triple { 2 } else { 0 };
                        break;
                    }
                    if !triple && chars[i] == '\n' {
                        break;
                    }
                    i += 1;
                }
            }
            '`' => {
                i += 1;
                while i < chars.len() && chars[i] != '`' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    match stack.last() {
        Some(Open::Paren) => "')'",
        Some(Open::Bracket) => "']'",
        Some(Open::Brace(false)) => "':'",
        Some(Open::Brace(true)) => "'}'",
        Some(Open::Conditional) => "':'",
        None => "<EOF>",
    }
}

/// cel-go's parser refuses expressions nested deeper than its recursion limit before the
/// `cel` crate's parser would, and without a position. Nesting counts brackets (each opens a
/// new `expr` rule), and left-recursive chains of operators and member accesses.
fn recursion_limit(text: &str) -> Option<&'static str> {
    let mut depth = 0usize;
    // Open brackets, each with whether it holds an expression yet.
    let mut stack: Vec<bool> = Vec::new();
    let mut opened = false;
    let mut in_string: Option<char> = None;
    let mut prev = '\0';
    for c in text.chars() {
        if let Some(q) = in_string {
            if c == q && prev != '\\' {
                in_string = None;
            }
            prev = if prev == '\\' && c == '\\' { '\0' } else { c };
            continue;
        }
        if opened && !c.is_whitespace() {
            opened = false;
            if !matches!(c, ')' | ']' | '}') {
                // The bracket holds an expression: one more nested `expr` rule.
                depth += 1;
                if let Some(last) = stack.last_mut() {
                    *last = true;
                }
                if depth + 1 > MAX_RECURSION_DEPTH {
                    return Some("expression recursion limit exceeded: 250");
                }
            }
        }
        match c {
            '"' | '\'' => in_string = Some(c),
            '(' | '[' | '{' => {
                opened = true;
                stack.push(false);
            }
            ')' | ']' | '}' if stack.pop() == Some(true) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        prev = c;
    }
    None
}

/// The nesting cel-go's parser counts against its recursion limit while building the tree:
/// conditionals, relations, arithmetic, field selections, member calls and indexing.
fn visit_depth(e: &IdedExpr) -> usize {
    let own = match &e.expr {
        Expr::Select(_) | Expr::Comprehension(_) => 1,
        Expr::Call(call) => usize::from(
            call.target.is_some()
                || matches!(
                    call.func_name.as_str(),
                    "_?_:_"
                        | "_==_"
                        | "_!=_"
                        | "_<_"
                        | "_<=_"
                        | "_>_"
                        | "_>=_"
                        | "@in"
                        | "_+_"
                        | "_-_"
                        | "_*_"
                        | "_/_"
                        | "_%_"
                        | "_[_]"
                        | "_[?_]"
                        | "_?._"
                ),
        ),
        _ => 0,
    };
    let mut deepest = 0;
    children(e, &mut |child| deepest = deepest.max(visit_depth(child)));
    own + deepest
}

/// A comprehension whose variable is cel-go's legacy accumulator name, which cel-go refuses:
/// where the variable is written.
fn accumulator_overwrite(
    expr: &IdedExpr,
    text: &str,
    source: &Source<'_>,
    info: &SourceInfo,
) -> Option<Location> {
    let mut found = None;
    visit(expr, &mut |e| {
        if found.is_some() {
            return;
        }
        if let Expr::Comprehension(comp) = &e.expr
            && (comp.iter_var == "__result__" || comp.iter_var2.as_deref() == Some("__result__"))
        {
            let start = info
                .offset_for(comp.iter_range.id)
                .map_or(0, |(s, _)| s as usize);
            let offset = text
                .get(start..)
                .and_then(|rest| rest.find("__result__"))
                .map_or(start, |i| start + i);
            found = Some(source.location_of_byte(offset));
        }
    });
    found
}

fn visit(e: &IdedExpr, f: &mut dyn FnMut(&IdedExpr)) {
    f(e);
    children(e, &mut |child| visit(child, f));
}

/// Calls `f` on each direct sub-expression.
fn children(e: &IdedExpr, f: &mut dyn FnMut(&IdedExpr)) {
    match &e.expr {
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                f(target);
            }
            for arg in &call.args {
                f(arg);
            }
        }
        Expr::Comprehension(comp) => {
            for sub in [
                &comp.iter_range,
                &comp.accu_init,
                &comp.loop_cond,
                &comp.loop_step,
                &comp.result,
            ] {
                f(sub);
            }
        }
        Expr::List(list) => {
            for elem in &list.elements {
                f(elem);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let cel::common::ast::EntryExpr::MapEntry(entry) = &entry.expr {
                    f(&entry.key);
                    f(&entry.value);
                }
            }
        }
        Expr::Struct(st) => {
            for entry in &st.entries {
                if let cel::common::ast::EntryExpr::StructField(field) = &entry.expr {
                    f(&field.value);
                }
            }
        }
        Expr::Select(select) => f(&select.operand),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}
