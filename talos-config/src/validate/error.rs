//! Go's error values as validation builds them, so the text can be reproduced byte for byte:
//! hashicorp `multierror` lists, `errors.Join`, and `fmt.Errorf("…: %w")` wrapping.

use std::fmt;

/// An error as Go's validators compose it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GoError {
    /// A plain `errors.New`/`fmt.Errorf` message, with the config path it is about when known.
    Message {
        /// The text.
        text: String,
        /// The field path (`.machine.ca`), when the rule names one.
        path: Option<String>,
    },
    /// `fmt.Errorf("<prefix>%w", inner)`: the prefix includes its separator.
    Wrapped {
        /// The text before the wrapped error.
        prefix: String,
        /// The wrapped error.
        inner: Box<GoError>,
    },
    /// A hashicorp `*multierror.Error` (`N errors occurred:` and a bullet list).
    Multi(Vec<GoError>),
    /// `errors.Join` (the messages, one per line).
    Joined(Vec<GoError>),
}

impl GoError {
    /// A plain message.
    pub fn msg(text: impl Into<String>) -> GoError {
        GoError::Message {
            text: text.into(),
            path: None,
        }
    }

    /// A message about the field at `path`.
    pub fn at(path: impl Into<String>, text: impl Into<String>) -> GoError {
        GoError::Message {
            text: text.into(),
            path: Some(path.into()),
        }
    }

    /// `fmt.Errorf("<context>: %w", inner)`.
    pub fn wrap(context: impl fmt::Display, inner: GoError) -> GoError {
        GoError::Wrapped {
            prefix: format!("{context}: "),
            inner: Box::new(inner),
        }
    }

    /// `fmt.Errorf("<prefix>%w", inner)` for any other layout (the prefix carries its own
    /// separator).
    pub fn wrap_raw(prefix: impl Into<String>, inner: GoError) -> GoError {
        GoError::Wrapped {
            prefix: prefix.into(),
            inner: Box::new(inner),
        }
    }

    /// `errors.Join` of the given errors; `None` when there are none (as Go returns nil).
    pub fn join(errors: Vec<GoError>) -> Option<GoError> {
        if errors.is_empty() {
            None
        } else {
            Some(GoError::Joined(errors))
        }
    }

    /// The leaf messages, each with the wrapping prefixes above it, in order.
    pub fn leaves(&self) -> Vec<Leaf> {
        let mut out = Vec::new();
        self.collect_leaves(String::new(), &mut out);
        out
    }

    fn collect_leaves(&self, prefix: String, out: &mut Vec<Leaf>) {
        match self {
            GoError::Message { text, path } => out.push(Leaf {
                message: format!("{prefix}{text}"),
                path: path.clone(),
            }),
            GoError::Wrapped { prefix: own, inner } => {
                inner.collect_leaves(format!("{prefix}{own}"), out)
            }
            GoError::Multi(items) | GoError::Joined(items) => {
                for item in items {
                    item.collect_leaves(prefix.clone(), out);
                }
            }
        }
    }
}

/// One message of an error tree, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// The message with the prefixes of the errors wrapping it.
    pub message: String,
    /// The field path, when the rule names one.
    pub path: Option<String>,
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoError::Message { text, .. } => f.write_str(text),
            GoError::Wrapped { prefix, inner } => write!(f, "{prefix}{inner}"),
            GoError::Multi(items) if items.len() == 1 => {
                write!(f, "1 error occurred:\n\t* {}\n\n", items[0])
            }
            GoError::Multi(items) => {
                write!(f, "{} errors occurred:", items.len())?;
                for item in items {
                    write!(f, "\n\t* {item}")?;
                }
                f.write_str("\n\n")
            }
            GoError::Joined(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

impl From<String> for GoError {
    fn from(text: String) -> GoError {
        GoError::msg(text)
    }
}

impl From<&str> for GoError {
    fn from(text: &str) -> GoError {
        GoError::msg(text)
    }
}

/// A hashicorp multierror being built: `multierror.Append` flattens appended multierrors and
/// skips nils; `ErrorOrNil` gives nothing when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultiError(Vec<GoError>);

impl MultiError {
    /// An empty list.
    pub fn new() -> MultiError {
        MultiError::default()
    }

    /// `multierror.Append(m, err)`.
    pub fn push(&mut self, err: impl Into<GoError>) {
        match err.into() {
            GoError::Multi(items) => self.0.extend(items),
            other => self.0.push(other),
        }
    }

    /// `multierror.Append(m, err)` for an error that may be nil.
    pub fn push_opt(&mut self, err: Option<GoError>) {
        if let Some(err) = err {
            self.push(err);
        }
    }

    /// Whether nothing was appended.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `ErrorOrNil()`.
    pub fn into_error(self) -> Option<GoError> {
        if self.0.is_empty() {
            None
        } else {
            Some(GoError::Multi(self.0))
        }
    }
}

/// Collects `errors.Join` operands (nil ones are dropped, as Go drops them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinedErrors(Vec<GoError>);

impl JoinedErrors {
    /// No errors yet.
    pub fn new() -> JoinedErrors {
        JoinedErrors::default()
    }

    /// Adds an operand.
    pub fn push(&mut self, err: impl Into<GoError>) {
        self.0.push(err.into());
    }

    /// Adds an operand that may be nil.
    pub fn push_opt(&mut self, err: Option<GoError>) {
        if let Some(err) = err {
            self.0.push(err);
        }
    }

    /// The joined error, or nil.
    pub fn into_error(self) -> Option<GoError> {
        GoError::join(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multierror_text_matches_hashicorp() {
        let mut one = MultiError::new();
        one.push("a");
        assert_eq!(
            one.into_error().unwrap().to_string(),
            "1 error occurred:\n\t* a\n\n"
        );
        let mut two = MultiError::new();
        two.push("a");
        two.push(GoError::wrap("x", GoError::Multi(vec!["b".into()])));
        assert_eq!(
            two.into_error().unwrap().to_string(),
            "2 errors occurred:\n\t* a\n\t* x: 1 error occurred:\n\t* b\n\n\n\n"
        );
    }

    #[test]
    fn append_flattens_multierrors_but_not_wrapped_ones() {
        let mut m = MultiError::new();
        m.push(GoError::Multi(vec!["a".into(), "b".into()]));
        m.push_opt(None);
        m.push(GoError::join(vec!["c".into(), "d".into()]).unwrap());
        let err = m.into_error().unwrap();
        assert_eq!(
            err.to_string(),
            "3 errors occurred:\n\t* a\n\t* b\n\t* c\nd\n\n"
        );
        let leaves: Vec<String> = err.leaves().into_iter().map(|l| l.message).collect();
        assert_eq!(leaves, ["a", "b", "c", "d"]);
    }
}
